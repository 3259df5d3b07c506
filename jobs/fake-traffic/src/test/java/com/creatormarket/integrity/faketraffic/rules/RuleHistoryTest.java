package com.creatormarket.integrity.faketraffic.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleHistoryTest {

  private static final long T0 = Instant.parse("2025-03-01T10:00:00Z").toEpochMilli();
  private final DetectionSettings startUp = DetectionSettings.defaults();

  private static DetectionRule rule(long version, String key, String value, long from) {
    return DetectionRule.newBuilder().setVersion(version).setSettingKey(key).setValue(value).setChangedBy("erin")
        .setReason(null).setEffectiveFrom(Instant.ofEpochMilli(from)).build();
  }

  @Test
  void aRuleCountsFromItsEventTimeAndTheVersionIsTheHighestInForce() {
    RuleHistory h = new RuleHistory(startUp);
    h.accept(rule(1, "score.review", "0.6", T0));
    h.accept(rule(2, "signal.velocity.ratio", "9", T0 + 3_600_000));

    assertThat(h.at(T0 - 1).version()).isZero();
    assertThat(h.at(T0 - 1).settings()).isSameAs(startUp);
    assertThat(h.at(T0).version()).isEqualTo(1);
    assertThat(h.at(T0).settings().review).isEqualTo(0.6);
    assertThat(h.at(T0).settings().velocityRatio).isEqualTo(startUp.velocityRatio);
    assertThat(h.at(T0 + 3_600_000).version()).isEqualTo(2);
    assertThat(h.at(T0 + 3_600_000).settings().velocityRatio).isEqualTo(9.0);
    assertThat(h.at(T0 + 3_600_000).settings().review).isEqualTo(0.6);
    assertThat(h.at(T0 + 5)).as("built once per rule set").isSameAs(h.at(T0 + 7));
    assertThat(h.overridesAt(T0)).containsExactly(java.util.Map.entry("score.review", "0.6"));
  }

  @Test
  void aLaterVersionOfOneKeyWinsFromItsTime() {
    RuleHistory h = new RuleHistory(startUp, List.of(rule(1, "score.review", "0.6", T0), rule(2, "score.review", "0.7", T0 + 10)));
    assertThat(h.at(T0 + 9).settings().review).isEqualTo(0.6);
    assertThat(h.at(T0 + 10).settings().review).isEqualTo(0.7);
  }

  @Test
  void aCandidateRunsBesideLiveUntilPromotedInOneChangeOrDropped() {
    RuleHistory h = new RuleHistory(startUp, List.of(
        rule(1, "score.review", "0.6", T0),
        rule(2, "candidate.score.review", "0.4", T0 + 10),
        rule(3, "candidate.signal.velocity.ratio", "4", T0 + 20),
        rule(4, "candidate.promote", "true", T0 + 30),
        rule(5, "candidate.score.record-only", "0.2", T0 + 40),
        rule(6, "candidate.drop", "true", T0 + 50)));

    assertThat(h.at(T0).candidate()).isNull();
    RuleHistory.RuleSet tried = h.at(T0 + 20);
    assertThat(tried.version()).as("live version: candidate rules leave it").isEqualTo(1);
    assertThat(tried.settings().review).isEqualTo(0.6);
    assertThat(tried.candidate().version()).isEqualTo(3);
    assertThat(tried.candidate().settings().review).isEqualTo(0.4);
    assertThat(tried.candidate().settings().velocityRatio).isEqualTo(4.0);
    assertThat(tried.candidateEpoch()).isEqualTo(2);
    assertThat(h.candidateAt(T0 + 20)).containsOnly(java.util.Map.entry("score.review", "0.4"), java.util.Map.entry("signal.velocity.ratio", "4"));

    RuleHistory.RuleSet promoted = h.at(T0 + 30);
    assertThat(promoted.version()).isEqualTo(4);
    assertThat(promoted.settings().review).isEqualTo(0.4);
    assertThat(promoted.settings().velocityRatio).isEqualTo(4.0);
    assertThat(promoted.candidate()).isNull();

    RuleHistory.RuleSet next = h.at(T0 + 40);
    assertThat(next.candidateEpoch()).as("a new candidate starts afresh").isEqualTo(5);
    assertThat(next.candidate().settings().recordOnly).isEqualTo(0.2);
    assertThat(next.candidate().settings().review).isEqualTo(0.4);
    assertThat(h.at(T0 + 50).candidate()).isNull();
    assertThat(h.at(T0 + 50).settings().recordOnly).isEqualTo(startUp.recordOnly);

    // A candidate's value is checked like a live one, on the candidate's settings.
    assertThat(code(h.rejection(rule(7, "candidate.score.enforce", "0.3", T0 + 60), T0 + 55))).isEqualTo("invalid-value");
    assertThat(code(h.rejection(rule(7, "candidate.signal.window", "1h", T0 + 60), T0 + 55))).isEqualTo("not-changeable");
    assertThat(code(h.rejection(rule(7, "candidate.promote", "yes", T0 + 60), T0 + 55))).isEqualTo("invalid-value");
  }

  @Test
  void rejectionsNameWhatIsWrongAndLeaveTheRulesAsTheyWere() {
    RuleHistory h = new RuleHistory(startUp, List.of(rule(3, "score.review", "0.6", T0)));

    assertThat(code(h.rejection(rule(4, "signal.window", "1h", T0 + 1), T0 - 1))).isEqualTo("not-changeable");
    assertThat(code(h.rejection(rule(4, "lockstep.bands", "8", T0 + 1), T0 - 1))).isEqualTo("not-changeable");
    assertThat(code(h.rejection(rule(4, "score.review", "abc", T0 + 1), T0 - 1))).isEqualTo("invalid-value");
    assertThat(code(h.rejection(rule(3, "score.enforce", "0.9", T0 + 1), T0 - 1))).isEqualTo("version-taken");
    assertThat(code(h.rejection(rule(2, "score.enforce", "0.9", T0 + 1), T0 - 1))).isEqualTo("stale-version");
    assertThat(code(h.rejection(rule(0, "score.enforce", "0.9", T0 + 1), T0 - 1))).isEqualTo("bad-version");
    Rejection order = h.rejection(rule(4, "score.enforce", "0.5", T0 + 1), T0 - 1);
    assertThat(order.code()).isEqualTo("invalid-value");
    assertThat(order.detail()).contains("'score.review' (0.6)").contains("'score.enforce' (0.5)");
    // A value that only breaks with a later rule in force is refused too.
    assertThat(code(h.rejection(rule(4, "score.enforce", "0.58", T0 - 100), T0 - 1000))).isEqualTo("invalid-value");
    Rejection late = h.rejection(rule(4, "score.enforce", "0.9", T0), T0);
    assertThat(late.code()).isEqualTo("late");
    assertThat(late.detail()).contains("2025-03-01T10:00:00Z");
    assertThat(h.rejection(rule(4, "score.enforce", "0.9", T0 + 1), T0)).isNull();
    assertThat(h.rules()).extracting(DetectionRule::getVersion).containsExactly(3L);
    assertThat(h.knows(rule(3, "score.review", "0.6", T0))).isTrue();
    assertThat(h.knows(rule(3, "score.review", "0.65", T0))).isFalse();
  }

  @Test
  void theReadmeNamesEveryKnobThatStaysFixedAmongTheRunTimeFamilies() throws Exception {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Run-time rules"), readme.indexOf("## Quality, measured"));
    List<String> fixed = com.creatormarket.integrity.faketraffic.FakeTrafficOptions.KNOBS.stream().map(k -> k.key())
        .filter(k -> k.startsWith("signal.") || k.startsWith("score.") || k.startsWith("case."))
        .filter(k -> !RunTimeKnobs.changeable(k)).toList();
    assertThat(fixed).hasSize(7).allSatisfy(k -> assertThat(section).contains("`" + k + "`"));
  }

  @Test
  void onlyVideoStageThresholdsChangeAtRunTime() {
    assertThat(RunTimeKnobs.keys()).contains("score.review", "score.enforce-min-signals", "case.evidence-growth", "signal.velocity.ratio",
        "signal.lockstep.weight").doesNotContain("signal.window", "signal.slots", "signal.epoch", "signal.devices.shape-hours",
        "lockstep.min-surprise", "account.fresh-age", "preaggregate.bucket", "sketch.items-map-size");
  }

  private static String code(Rejection r) {
    return r == null ? null : r.code();
  }
}
