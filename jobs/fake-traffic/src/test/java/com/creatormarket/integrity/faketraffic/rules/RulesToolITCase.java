package com.creatormarket.integrity.faketraffic.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.testing.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules tool against the real test broker: what it sends, what it refuses, what it lists. */
class RulesToolITCase {

  private final KafkaBroker kafka = KafkaBroker.get();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int rules(String prefix, String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--bootstrap=" + kafka.bootstrapServers());
    all.add(2, "--topic-prefix=" + prefix);
    return RulesTool.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<DetectionRule> sent(String prefix) {
    return kafka.readCommitted(prefix + Topics.DETECTION_RULES.name(), Topics.DETECTION_RULES.codec());
  }

  @Test
  void publishesCheckedChangesUnderTheNextVersionAndRefusesTheOthers() {
    String prefix = KafkaBroker.newTopicPrefix("rules-tool");
    kafka.createTopics(prefix, List.of(Topics.ENGAGEMENT, Topics.ORDERS, Topics.DETECTION_RULES));
    Instant inputs = Instant.parse("2025-03-03T06:00:00Z");
    kafka.produceRaw(List.of(Heartbeats.record(prefix + Topics.ENGAGEMENT.name(), 3, inputs.toEpochMilli())));

    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "0.6", "--in", "10m", "--by", "erin", "--reason", "fewer reviews"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("published rule-set version 1: score.review = 0.6 from 2025-03-03T06:10:00Z");
    assertThat(rules(prefix, "publish", "--key", "score.enforce", "--value", "0.9", "--effective-from", "2025-03-03T07:00:00Z",
        "--by", "erin")).isZero();

    // Refused, nothing sent: a fixed knob, a bad value, the levels' order, a time the inputs have passed.
    assertThat(rules(prefix, "publish", "--key", "signal.window", "--value", "1h", "--in", "1h", "--by", "erin")).isEqualTo(1);
    assertThat(err.toString()).contains("refused, nothing sent: not-changeable");
    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "2", "--in", "1h", "--by", "erin")).isEqualTo(1);
    assertThat(err.toString()).contains("invalid-value").contains("score.review");
    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "0.95", "--in", "2h", "--by", "erin")).isEqualTo(1);
    assertThat(err.toString()).contains("invalid-value").contains("'score.enforce' (0.9)");
    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "0.7", "--effective-from", "2025-03-03T05:00:00Z",
        "--by", "erin")).isEqualTo(1);
    assertThat(err.toString()).contains("late");
    assertThat(sent(prefix)).extracting(DetectionRule::getVersion).containsExactly(1L, 2L);

    // Usage errors: exit code 2.
    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "0.7", "--by", "erin")).isEqualTo(2);
    assertThat(rules(prefix, "publish", "--key", "score.review", "--value", "0.7", "--in", "soon", "--by", "erin")).isEqualTo(2);

    assertThat(rules(prefix, "list")).isZero();
    assertThat(out.toString())
        .contains("detection rules in " + prefix + "detection-rules: 2")
        .contains("rule-set version in force at 2025-03-03T06:00:00Z: 0")
        .containsPattern("score\\.review +0\\.55 +0\\.55 +start-up");
    // Once the inputs pass both rules' times, both are in force.
    kafka.produceRaw(List.of(Heartbeats.record(prefix + Topics.ORDERS.name(), 0, Instant.parse("2025-03-03T08:00:00Z").toEpochMilli())));
    assertThat(rules(prefix, "list")).isZero();
    assertThat(out.toString()).contains("rule-set version in force at 2025-03-03T08:00:00Z: 2")
        .containsPattern("score\\.review +0\\.6 +0\\.55 +v1").containsPattern("score\\.enforce +0\\.9 +0\\.85 +v2");
  }
}
