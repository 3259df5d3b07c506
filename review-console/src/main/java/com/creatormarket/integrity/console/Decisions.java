package com.creatormarket.integrity.console;

import static com.creatormarket.integrity.console.Rows.row;

import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reviewers' desk: claims, decisions, notes and the audit trail. A decision is first stored
 * (status NEW, with the audit entry), then sent to review-decisions by an idempotent producer and
 * marked SENT; one not acknowledged is sent again with the same id (at start and on the next
 * decision), and the enforcement job treats the same decision id twice as one fact.
 */
public final class Decisions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Decisions.class);

  /** SQL condition on a {@code decisions d} row: the enforcement job sent it to dead letters. */
  static final String REJECTED_SQL = "EXISTS (SELECT 1 FROM dead_letters dl WHERE dl.source_topic LIKE '%"
      + Topics.REVIEW_DECISIONS.name() + "' AND dl.source_partition = d.topic_partition AND dl.source_offset = d.topic_offset"
      + " AND dl.job <> '" + TopicIngest.JOB + "')";

  /** What a reviewer's action came to. */
  public record Outcome(boolean done, String message) {
    static Outcome ok(String message) {
      return new Outcome(true, message);
    }

    static Outcome refused(String message) {
      return new Outcome(false, message);
    }
  }

  private final Store store;
  private final Producer<byte[], byte[]> producer;
  private final TopicNames names;
  private final Duration claimExpiry;
  private final long fourEyesAmountMinor;
  private final Clock clock;
  private final ConsoleOptions.DecisionTime decisionTime;

  public Decisions(Store store, Producer<byte[], byte[]> producer, TopicNames names, Duration claimExpiry,
      long fourEyesAmountMinor, Clock clock, ConsoleOptions.DecisionTime decisionTime) {
    this.decisionTime = decisionTime;
    this.store = store;
    this.producer = producer;
    this.names = names;
    this.claimExpiry = claimExpiry;
    this.fourEyesAmountMinor = fourEyesAmountMinor;
    this.clock = clock;
  }

  /** Takes the case for the user unless another reviewer's claim still holds; renews the user's own. */
  public Outcome claim(Users.User user, String caseId) {
    if (!user.role().decides()) {
      return Outcome.refused("an engineer reads cases and does not claim them");
    }
    try {
      return claimOnce(user, caseId);
    } catch (org.jdbi.v3.core.JdbiException e) {
      // Another reviewer's first claim won the insert in the same instant.
      if (e.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
        return Outcome.refused("claimed by another reviewer a moment ago");
      }
      throw e;
    }
  }

  private Outcome claimOnce(Users.User user, String caseId) {
    long now = clock.millis();
    long until = now + claimExpiry.toMillis();
    return store.jdbi().inTransaction(h -> {
      if (!Rows.exists(h, "cases", "case_id", caseId)) {
        return Outcome.refused("no case " + caseId);
      }
      // One statement decides who holds it, so two reviewers claiming at once cannot both win.
      int taken = h.createUpdate("UPDATE claims SET reviewer_id = :u, claimed_at = :now, expires_at = :until"
              + " WHERE case_id = :c AND (reviewer_id = :u OR expires_at <= :now)")
          .bind("u", user.name()).bind("now", now).bind("until", until).bind("c", caseId).execute();
      if (taken == 0) {
        Optional<Map<String, Object>> holder = h.createQuery("SELECT reviewer_id, expires_at FROM claims WHERE case_id = :c")
            .bind("c", caseId).mapToMap().findOne();
        if (holder.isPresent()) {
          return Outcome.refused("claimed by " + holder.get().get("reviewer_id") + " until " + Fmt.time(holder.get().get("expires_at")));
        }
        Rows.insert(h, "claims", row("case_id", caseId, "reviewer_id", user.name(), "claimed_at", now, "expires_at", until));
      }
      audit(h, user, "CLAIM", caseId, "until " + Fmt.time(until));
      return Outcome.ok("claimed until " + Fmt.time(until));
    });
  }

  public Outcome release(Users.User user, String caseId) {
    return store.jdbi().inTransaction(h -> {
      int released = h.createUpdate("DELETE FROM claims WHERE case_id = :c AND reviewer_id = :u")
          .bind("c", caseId).bind("u", user.name()).execute();
      if (released == 0) {
        return Outcome.refused("you hold no claim on this case");
      }
      audit(h, user, "RELEASE", caseId, null);
      return Outcome.ok("released");
    });
  }

  /** Whether deciding this case needs a senior reviewer: ENFORCE level and an order above the amount knob (or of unknown price). */
  boolean fourEyes(Handle h, String caseId) {
    Map<String, Object> c = h.createQuery("SELECT c.max_level, o.price_minor FROM cases c LEFT JOIN orders o ON o.order_id = c.order_id"
        + " WHERE c.case_id = :c").bind("c", caseId).mapToMap().findOne().orElse(Map.of());
    if (!"ENFORCE".equals(c.get("max_level"))) {
      return false;
    }
    Object price = c.get("price_minor");
    return price == null || ((Number) price).longValue() > fourEyesAmountMinor;
  }

  public Outcome decide(Users.User user, String caseId, ReviewOutcome outcome, String reason) {
    if (!user.role().decides()) {
      return Outcome.refused("an engineer reads cases and does not decide them");
    }
    if (outcome != ReviewOutcome.CONFIRM && outcome != ReviewOutcome.DISMISS && outcome != ReviewOutcome.ESCALATE) {
      return Outcome.refused("a case is confirmed, dismissed or escalated; appeals are decided on the penalty");
    }
    if (reason == null || reason.isBlank()) {
      return Outcome.refused("a reason is required");
    }
    String note = TopicIngest.clip(reason.strip(), 4000);
    long now = clock.millis();
    long decidedAt = decidedAt(now);
    Map<String, Object> prepared = store.jdbi().inTransaction(h -> {
      Map<String, Object> c = h.createQuery("SELECT order_id, version FROM cases WHERE case_id = :c")
          .bind("c", caseId).mapToMap().findOne().orElse(null);
      if (c == null) {
        return Map.of("refused", "no case " + caseId);
      }
      String holder = h.createQuery("SELECT reviewer_id FROM claims WHERE case_id = :c AND expires_at > :now")
          .bind("c", caseId).bind("now", now).mapTo(String.class).findOne().orElse(null);
      if (!user.name().equals(holder)) {
        return Map.of("refused", holder == null ? "claim the case before deciding it" : "claimed by " + holder);
      }
      if (fourEyes(h, caseId) && user.role() != Role.SENIOR_REVIEWER) {
        return Map.of("refused", "four eyes: an ENFORCE-level case of this amount is decided by a senior reviewer");
      }
      int version = ((Number) c.get("version")).intValue();
      // The same reviewer deciding the same thing on the same version is one decision, however often it is sent.
      String decisionId = StableIds.of("review-decision", caseId, version, outcome.name(), user.name());
      if (Rows.exists(h, "decisions", "decision_id", decisionId)) {
        return Map.of("id", decisionId, "repeat", true);
      }
      CaseStatus status = CaseStatus.of(h, caseId);
      boolean allowed = status.open() || (outcome == ReviewOutcome.DISMISS && (status == CaseStatus.ENFORCED || status == CaseStatus.ENFORCING));
      if (!allowed) {
        return Map.of("refused", "the case is " + status.label() + ": " + outcome.name().toLowerCase() + " does not apply");
      }
      Rows.insert(h, "decisions", row("decision_id", decisionId, "case_id", caseId, "order_id", c.get("order_id"),
          "reviewer_id", user.name(), "outcome", outcome.name(), "note", note, "case_version", version, "decided_at", decidedAt,
          "status", "NEW", "on_topic", false, "made_here", true, "topic_partition", null, "topic_offset", null));
      audit(h, user, "DECIDE_" + outcome.name(), caseId, "decision " + decisionId + " on version " + version + ": " + note);
      return Map.of("id", decisionId);
    });
    if (prepared.containsKey("refused")) {
      return Outcome.refused((String) prepared.get("refused"));
    }
    String decisionId = (String) prepared.get("id");
    sendUnsent();
    return Outcome.ok(prepared.containsKey("repeat") ? "already decided (" + decisionId + ")" : "decision " + decisionId + " sent");
  }

  /**
   * A decision on a creator's appeal against a penalty: UPHOLD_APPEAL reverses the penalty (the
   * enforcement job checks the appeal window), REJECT_APPEAL lets it stand. No claim: an appeal is
   * decided once, by whoever takes it; the same reviewer's same verdict on it is one decision.
   */
  public Outcome decideAppeal(Users.User user, String penaltyId, ReviewOutcome outcome, Instant appealedAt, String reason) {
    if (!user.role().decides()) {
      return Outcome.refused("an engineer reads appeals and does not decide them");
    }
    if (outcome != ReviewOutcome.UPHOLD_APPEAL && outcome != ReviewOutcome.REJECT_APPEAL) {
      return Outcome.refused("an appeal is upheld or rejected");
    }
    if (reason == null || reason.isBlank()) {
      return Outcome.refused("a reason is required");
    }
    if (appealedAt == null) {
      return Outcome.refused("when the creator appealed is required");
    }
    long decidedAt = decidedAt(clock.millis());
    if (appealedAt.toEpochMilli() > decidedAt) {
      return Outcome.refused("the appeal cannot be filed after its decision (" + Fmt.time(decidedAt) + ")");
    }
    String note = TopicIngest.clip(reason.strip(), 4000);
    Map<String, Object> prepared = store.jdbi().inTransaction(h -> {
      Map<String, Object> p = h.createQuery("SELECT cause_id, order_id, creator_id FROM penalties WHERE penalty_id = :p")
          .bind("p", penaltyId).mapToMap().findOne().orElse(null);
      if (p == null) {
        return Map.of("refused", "no penalty " + penaltyId);
      }
      String decisionId = StableIds.of("appeal-decision", penaltyId, outcome.name(), user.name());
      if (Rows.exists(h, "decisions", "decision_id", decisionId)) {
        return Map.of("id", decisionId, "repeat", true);
      }
      if (Rows.exists(h, "penalty_reversals", "penalty_id", penaltyId)) {
        return Map.of("refused", "the penalty is already reversed");
      }
      String causeId = (String) p.get("cause_id");
      Rows.insert(h, "decisions", row("decision_id", decisionId, "case_id", causeId,
          "order_id", p.get("order_id") == null ? "" : p.get("order_id"), "reviewer_id", user.name(), "outcome", outcome.name(),
          "note", note, "case_version", null, "decided_at", decidedAt, "status", "NEW", "on_topic", false, "made_here", true,
          "topic_partition", null, "topic_offset", null, "penalty_id", penaltyId, "creator_id", p.get("creator_id"),
          "appealed_at", appealedAt.toEpochMilli()));
      audit(h, user, "APPEAL_" + outcome.name(), causeId, "decision " + decisionId + " on penalty " + penaltyId + ": " + note);
      return Map.of("id", decisionId);
    });
    if (prepared.containsKey("refused")) {
      return Outcome.refused((String) prepared.get("refused"));
    }
    sendUnsent();
    String decisionId = (String) prepared.get("id");
    return Outcome.ok(prepared.containsKey("repeat") ? "already decided (" + decisionId + ")" : "decision " + decisionId + " sent");
  }

  /** A decision's event time: the reviewer's clock, or the pipeline's (see {@link ConsoleOptions#DECISION_TIME}). */
  private long decidedAt(long now) {
    Long pipelineTime = store.pipelineTime();
    return decisionTime == ConsoleOptions.DecisionTime.PIPELINE && pipelineTime != null ? pipelineTime : now;
  }

  public Outcome addNote(Users.User user, String caseId, String text) {
    if (text == null || text.isBlank()) {
      return Outcome.refused("a note needs text");
    }
    return store.jdbi().inTransaction(h -> {
      if (!Rows.exists(h, "cases", "case_id", caseId)) {
        return Outcome.refused("no case " + caseId);
      }
      Rows.insert(h, "notes", row("note_id", UUID.randomUUID().toString(), "case_id", caseId, "author_id", user.name(),
          "body", TopicIngest.clip(text.strip(), 4000), "created_at", clock.millis()));
      audit(h, user, "NOTE", caseId, null);
      return Outcome.ok("note added");
    });
  }

  public void audit(Users.User user, String action, String caseId, String detail) {
    store.jdbi().useTransaction(h -> audit(h, user, action, caseId, detail));
  }

  private void audit(Handle h, Users.User user, String action, String caseId, String detail) {
    Rows.insert(h, "audit", row("audit_id", UUID.randomUUID().toString(), "happened_at", clock.millis(), "user_id", user.name(),
        "action", action, "case_id", caseId, "detail", TopicIngest.clip(detail, 4000)));
  }

  /** Sends every stored decision the broker has not acknowledged yet, oldest first. */
  public synchronized void sendUnsent() {
    List<Map<String, Object>> unsent = store.jdbi().withHandle(h -> h.createQuery(
        "SELECT decision_id, case_id, order_id, reviewer_id, outcome, note, decided_at, penalty_id, creator_id, appealed_at FROM decisions"
            + " WHERE status = 'NEW' ORDER BY decided_at").mapToMap().list());
    for (Map<String, Object> d : unsent) {
      ReviewDecision record = ReviewDecision.newBuilder()
          .setDecisionId((String) d.get("decision_id"))
          .setCaseId((String) d.get("case_id"))
          .setOrderId((String) d.get("order_id"))
          .setReviewerId((String) d.get("reviewer_id"))
          .setDecision(ReviewOutcome.valueOf((String) d.get("outcome")))
          .setNote((String) d.get("note"))
          .setCreatorId((String) d.get("creator_id"))
          .setPenaltyId((String) d.get("penalty_id"))
          .setAppealedAt(d.get("appealed_at") == null ? null : Instant.ofEpochMilli(((Number) d.get("appealed_at")).longValue()))
          .setDecidedAt(Instant.ofEpochMilli(((Number) d.get("decided_at")).longValue()))
          .build();
      try {
        RecordMetadata sent = producer.send(new ProducerRecord<>(names.of(Topics.REVIEW_DECISIONS),
            record.getCaseId().getBytes(StandardCharsets.UTF_8), Topics.REVIEW_DECISIONS.codec().encode(record)))
            .get(30, TimeUnit.SECONDS);
        store.jdbi().useHandle(h -> h.createUpdate("UPDATE decisions SET status = 'SENT', topic_partition = :p, topic_offset = :o"
                + " WHERE decision_id = :d AND status = 'NEW'")
            .bind("p", sent.partition()).bind("o", sent.offset()).bind("d", record.getDecisionId()).execute());
        LOG.info("decision {} on case {} sent", record.getDecisionId(), record.getCaseId());
      } catch (Exception e) {
        // Stays NEW: sent again with the same id next time.
        LOG.warn("decision {} not sent yet: {}", record.getDecisionId(), e.toString());
        return;
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
