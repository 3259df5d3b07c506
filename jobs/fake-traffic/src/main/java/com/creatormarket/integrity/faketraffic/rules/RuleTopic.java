package com.creatormarket.integrity.faketraffic.rules;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.CommittedRecords;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The detection-rules topic as a whole: what the job takes at submission, what the rules tool lists. */
public final class RuleTopic {

  private RuleTopic() {}

  /** Every decodable rule the topic holds now (read committed), in offset order; unreadable ones are the source's to dead-letter. */
  public static List<DetectionRule> read(Settings settings) {
    String topic = KafkaKnobs.topicName(settings, Topics.DETECTION_RULES);
    List<DetectionRule> rules = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(KafkaConnection.of(settings), topic)) {
      if (Heartbeats.isHeartbeat(r) || r.value() == null) {
        continue;
      }
      try {
        rules.add(Topics.DETECTION_RULES.codec().decode(r.value()));
      } catch (IOException e) {
        // Not ours to judge here: the job's rules source reads it too and dead-letters it.
      }
    }
    return rules;
  }

  /**
   * The history these rules make on top of the start-up settings, before any traffic (so none is
   * late): taken in version order, each kept only if the history accepts it.
   */
  public static RuleHistory accepted(DetectionSettings startUp, Collection<DetectionRule> rules) {
    return accepted(startUp, rules, (r, problem) -> {});
  }

  /** As {@link #accepted(DetectionSettings, Collection)}, telling {@code each} every rule and why it was turned down (null: taken or known). */
  public static RuleHistory accepted(DetectionSettings startUp, Collection<DetectionRule> rules, BiConsumer<DetectionRule, Rejection> each) {
    RuleHistory history = new RuleHistory(startUp);
    rules.stream().sorted(Comparator.comparingLong(DetectionRule::getVersion)).forEach(r -> {
      Rejection problem = history.knows(r) ? null : history.rejection(r, Long.MIN_VALUE);
      if (problem == null) {
        history.accept(r);
      }
      each.accept(r, problem);
    });
    return history;
  }
}
