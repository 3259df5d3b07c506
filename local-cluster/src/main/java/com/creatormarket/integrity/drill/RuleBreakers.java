package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records that decode but break one rule of the topic's readers, each with the reason code the
 * readers give it (the codes of {@code common.checks.OrderEventRules} and of each job's
 * {@code InputChecks}). Everything else about them is well formed, so the one broken rule is
 * what sets them aside.
 */
final class RuleBreakers {

  /** A decodable record with one broken rule: its label, key and value, and the reason code. */
  record Breach(String label, byte[] key, SpecificRecord value, String code) {}

  private static final Instant YEAR_2099 = Instant.parse("2099-06-01T00:00:00Z");

  private RuleBreakers() {}

  /** Every rule breaker of the topic, dated {@code at}, with ids starting {@code id}. */
  static List<Breach> of(Topic<?> topic, String id, Instant at) {
    return switch (topic.name()) {
      case "engagement-events" -> engagement(id, at);
      case "order-events" -> orders(id, at);
      case "video-lifecycle" -> lifecycle(id, at);
      case "review-decisions" -> decisions(id, at);
      case "content-findings" -> findings(id, at);
      default -> throw new IllegalArgumentException("not an input topic: " + topic.name());
    };
  }

  static List<Breach> engagement(String id, Instant at) {
    Topic<EngagementEvent> t = Topics.ENGAGEMENT;
    EngagementEvent blank = WellFormedRecords.view(id + "-blank", at).setEventId("").setVideoId("").setAccountId(" ").build();
    return List.of(
        breach(t, "rule:view-without-watch-time", WellFormedRecords.view(id + "-nowatch", at).setWatchTimeMillis(null).build(),
            "missing-field"),
        breach(t, "rule:negative-watch-time", WellFormedRecords.view(id + "-negwatch", at).setWatchTimeMillis(-1_500L).build(),
            "watch-time-out-of-range"),
        breach(t, "rule:unknown-kind", WellFormedRecords.view(id + "-unknown", at).setKind(EngagementKind.UNKNOWN)
            .setWatchTimeMillis(null).setVideoLengthMillis(null).build(), "unknown-kind"),
        // Blank ids leave nothing to key by: the producer sends no key.
        new Breach("rule:blank-ids-null-key", null, blank, "blank-id"),
        breach(t, "rule:account-created-2099", WellFormedRecords.view(id + "-2099", at).setAccountCreatedAt(YEAR_2099).build(),
            "account-created-after-event"));
  }

  static List<Breach> orders(String id, Instant at) {
    Topic<OrderEvent> t = Topics.ORDERS;
    return List.of(
        breach(t, "rule:negative-price", WellFormedRecords.created(id + "-negprice", at).setPriceMinor(-100L).setPrepaidMinor(0L).build(),
            "negative-amount"),
        breach(t, "rule:currency-not-iso", WellFormedRecords.created(id + "-currency", at).setCurrency("XXXX-not-iso").build(),
            "unknown-currency"),
        breach(t, "rule:blank-ids", WellFormedRecords.created(id + "-blank", at).setOrderId("").setCreatorId(" ").build(), "blank-id"),
        breach(t, "rule:unknown-kind", WellFormedRecords.created(id + "-unknown", at).setKind(OrderEventKind.UNKNOWN).build(),
            "unknown-kind"));
  }

  static List<Breach> lifecycle(String id, Instant at) {
    Topic<VideoLifecycleEvent> t = Topics.LIFECYCLE;
    return List.of(
        breach(t, "rule:blank-ids", WellFormedRecords.published(id + "-blank", at).setEventId(" ").setVideoId("").build(), "blank-id"),
        breach(t, "rule:unknown-kind", WellFormedRecords.published(id + "-unknown", at).setKind(LifecycleKind.UNKNOWN).build(),
            "unknown-kind"));
  }

  static List<Breach> decisions(String id, Instant at) {
    Topic<ReviewDecision> t = Topics.REVIEW_DECISIONS;
    return List.of(
        breach(t, "rule:blank-ids", WellFormedRecords.decision(id + "-blank", at).setDecisionId("").setCaseId(" ").build(), "blank-id"),
        breach(t, "rule:unknown-decision", WellFormedRecords.decision(id + "-unknown", at).setDecision(ReviewOutcome.UNKNOWN).build(),
            "unknown-kind"));
  }

  static List<Breach> findings(String id, Instant at) {
    Topic<ContentFinding> t = Topics.CONTENT_FINDINGS;
    return List.of(
        breach(t, "rule:blank-ids", WellFormedRecords.finding(id + "-blank", at).setFindingId("").setCreatorId(" ").build(), "blank-id"),
        breach(t, "rule:unknown-kind", WellFormedRecords.finding(id + "-unknown", at).setKind(FindingKind.UNKNOWN).build(),
            "unknown-kind"));
  }

  /** A breach keyed as the topic's producers key it (a blank key field gives an empty key). */
  private static Breach breach(Topic<?> topic, String label, SpecificRecord value, String code) {
    byte[] key = WellFormedRecords.key(topic, value);
    return new Breach(label, key == null ? "".getBytes(StandardCharsets.UTF_8) : key, value, code);
  }
}
