package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.testing.KafkaBroker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the pipeline decided under one topic prefix, read committed as the order system and the
 * review console read it, in a form two runs can be compared in: sorted by id, without the
 * {@link EndOfInput} records. Flagged cases as (caseId, version, level) and verified metrics by id;
 * violations, penalties, terminations, refunds and agency alerts whole. Dead letters raw, as
 * written, so their size and decoding can be checked.
 */
record PipelineOutputs(
    List<String> cases,
    Map<String, String> caseNotes,
    List<String> metricsIds,
    List<RetentionViolation> violations,
    List<Penalty> penalties,
    List<OrderTermination> terminations,
    List<Refund> refunds,
    List<PenaltyReversal> reversals,
    List<SanctionLifted> lifts,
    List<ReviewDeadline> deadlines,
    List<AgencyAlert> alerts,
    List<ConsumerRecord<byte[], byte[]>> deadLetters) {

  static PipelineOutputs read(KafkaBroker kafka, String prefix) {
    List<FlaggedCase> flagged = read(kafka, prefix, Topics.FLAGGED_CASES, c -> !c.getCaseId().startsWith(EndOfInput.ID),
        FlaggedCase::getCaseId);
    List<String> cases = flagged.stream().map(c -> c.getCaseId() + " v" + c.getVersion() + " " + c.getLevel()).sorted().toList();
    // For reading a difference: which order a case is about and which signals fired (not compared).
    Map<String, String> notes = new HashMap<>();
    flagged.forEach(c -> notes.put(c.getCaseId() + " v" + c.getVersion() + " " + c.getLevel(), c.getOrderId() + " "
        + c.getSignals().stream().map(f -> f.getSignal().toString()).sorted().toList()));
    List<String> metrics = read(kafka, prefix, Topics.VERIFIED_METRICS, m -> true, VerifiedMetrics::getMetricsId)
        .stream().map(VerifiedMetrics::getMetricsId).toList();
    return new PipelineOutputs(cases, notes, metrics,
        read(kafka, prefix, Topics.RETENTION_VIOLATIONS, v -> !v.getViolationId().startsWith(EndOfInput.ID), RetentionViolation::getViolationId),
        read(kafka, prefix, Topics.PENALTIES, p -> true, Penalty::getPenaltyId),
        read(kafka, prefix, Topics.ORDER_TERMINATIONS, t -> true, OrderTermination::getTerminationId),
        read(kafka, prefix, Topics.REFUNDS, r -> true, Refund::getRefundId),
        read(kafka, prefix, Topics.PENALTY_REVERSALS, r -> true, PenaltyReversal::getReversalId),
        read(kafka, prefix, Topics.SANCTION_LIFTS, l -> true, SanctionLifted::getLiftId),
        read(kafka, prefix, Topics.REVIEW_DEADLINES, d -> !d.getCaseId().startsWith(EndOfInput.ID), ReviewDeadline::getDeadlineId),
        read(kafka, prefix, Topics.AGENCY_ALERTS, a -> true, AgencyAlert::getAlertId),
        kafka.readCommittedRaw(prefix + Topics.DEAD_LETTERS.name()));
  }

  private static <T extends SpecificRecord> List<T> read(KafkaBroker kafka, String prefix, Topic<T> topic, Predicate<T> keep,
      Function<T, String> id) {
    List<T> records = new ArrayList<>(kafka.readCommitted(prefix + topic.name(), topic.codec()));
    records.removeIf(keep.negate());
    records.sort(Comparator.comparing(id));
    return records;
  }

  /** Each output's size, for the report. */
  String sizes() {
    return String.format("cases %d, verified metrics %d, violations %d, penalties %d, terminations %d, refunds %d, reversals %d,"
            + " sanction lifts %d, review deadlines %d, agency alerts %d, dead letters %d", cases.size(), metricsIds.size(),
        violations.size(), penalties.size(), terminations.size(), refunds.size(), reversals.size(), lifts.size(), deadlines.size(),
        alerts.size(), deadLetters.size());
  }

  /**
   * How {@code actual} differs from {@code expected} as multisets: how many are missing, how many
   * unexpected, and a few of each; empty when they are equal.
   */
  static <T> String difference(String what, List<T> expected, List<T> actual, Function<T, String> show) {
    Map<T, Integer> left = new HashMap<>();
    expected.forEach(e -> left.merge(e, 1, Integer::sum));
    List<T> unexpected = new ArrayList<>();
    for (T a : actual) {
      if (left.merge(a, -1, Integer::sum) < 0) {
        unexpected.add(a);
      }
    }
    List<T> missing = new ArrayList<>();
    left.forEach((e, n) -> {
      for (int i = 0; i < n; i++) {
        missing.add(e);
      }
    });
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return "";
    }
    // A record missing and one unexpected that look alike (same id) differ in fields: name them.
    Map<String, T> missingByShow = new HashMap<>();
    missing.forEach(m -> missingByShow.putIfAbsent(show.apply(m), m));
    List<String> changed = new ArrayList<>();
    for (T u : unexpected) {
      T m = missingByShow.get(show.apply(u));
      if (m instanceof SpecificRecord before && u instanceof SpecificRecord after && changed.size() < 5) {
        changed.add(show.apply(u) + ": " + fieldChanges(before, after));
      }
    }
    return String.format("%s: %d expected, %d missing, %d unexpected; missing e.g. %s; unexpected e.g. %s%s", what, expected.size(),
        missing.size(), unexpected.size(), missing.stream().limit(5).map(show).toList(), unexpected.stream().limit(5).map(show).toList(),
        changed.isEmpty() ? "" : "; same id, other fields: " + changed);
  }

  /** The fields in which two records of one schema differ, each as {@code name: before -> after}. */
  static String fieldChanges(SpecificRecord before, SpecificRecord after) {
    List<String> changes = new ArrayList<>();
    for (org.apache.avro.Schema.Field f : before.getSchema().getFields()) {
      Object a = before.get(f.pos());
      Object b = after.get(f.pos());
      if (!java.util.Objects.equals(a, b)) {
        changes.add(f.name() + ": " + cut(a) + " -> " + cut(b));
      }
    }
    return String.join("; ", changes);
  }

  private static String cut(Object value) {
    String text = String.valueOf(value);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
