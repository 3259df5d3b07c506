package com.creatormarket.integrity.console;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.rules.RuleSets;
import com.creatormarket.integrity.common.rules.ShadowComparison;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection rules page (issue #18): the run-time rules the console has read, whether the
 * fake-traffic job took each (its dead letters say which it turned down), the rule set in force at
 * the pipeline's time (live and candidate, {@link RuleSets}), and what the candidate decides
 * differently from live ({@link ShadowComparison}) over a range of case event times. Read-only.
 */
public final class RuleQueries {

  private static final String JOB = "fake-traffic";

  private final Store store;
  private final TopicNames names;

  public RuleQueries(Store store, TopicNames names) {
    this.store = store;
    this.names = names;
  }

  /** Where a rule stands: turned down by the job, in force (its time has come), or pending. */
  public enum Status { IN_FORCE, PENDING, TURNED_DOWN }

  public record RuleRow(long version, String key, String value, long effectiveFrom, String changedBy, String reason, Status status,
      String turnedDownBecause) {}

  public record Page(Long pipelineTime, RuleSets.Values inForce, List<RuleRow> rules, ShadowComparison comparison, Instant from, Instant to,
      int shadowVersions, Set<String> liveCaseIds) {}

  /** @param from first case event time compared (null: the first shadow case's); @param to end, exclusive (null: none) */
  public Page page(Instant from, Instant to) {
    return store.jdbi().withHandle(h -> {
      Long now = store.pipelineTime();
      String topic = names.of(Topics.DETECTION_RULES);
      List<Map<String, Object>> deadLetters = h.createQuery(
              "SELECT source_partition, source_offset, reason FROM dead_letters WHERE job = :job AND source_topic = :topic")
          .bind("job", JOB).bind("topic", topic).mapToMap().list();
      List<RuleRow> rows = new ArrayList<>();
      List<DetectionRule> taken = new ArrayList<>();
      Set<Long> versions = new HashSet<>();
      for (Map<String, Object> r : h.createQuery("SELECT * FROM detection_rules ORDER BY version, src_partition, src_offset").mapToMap().list()) {
        long version = ((Number) r.get("version")).longValue();
        int partition = ((Number) r.get("src_partition")).intValue();
        long offset = ((Number) r.get("src_offset")).longValue();
        long from0 = ((Number) r.get("effective_from")).longValue();
        String why = turnedDown(deadLetters, partition, offset, version);
        if (why == null && !versions.add(version)) {
          why = "version-taken: version " + version + " was given to an earlier rule";
        }
        Status status = why != null ? Status.TURNED_DOWN : now != null && from0 <= now ? Status.IN_FORCE : Status.PENDING;
        rows.add(new RuleRow(version, (String) r.get("setting_key"), (String) r.get("rule_value"), from0, (String) r.get("changed_by"),
            (String) r.get("reason"), status, why));
        if (status == Status.IN_FORCE) {
          taken.add(DetectionRule.newBuilder().setVersion(version).setSettingKey((String) r.get("setting_key"))
              .setValue((String) r.get("rule_value")).setChangedBy((String) r.get("changed_by")).setReason((String) r.get("reason"))
              .setEffectiveFrom(Instant.ofEpochMilli(from0)).build());
        }
      }
      List<RuleRow> newestFirst = new ArrayList<>(rows);
      java.util.Collections.reverse(newestFirst);

      List<FlaggedCase> shadow = decode(h.createQuery("SELECT record_avro FROM shadow_cases ORDER BY last_event_time").mapTo(String.class).list());
      Instant start = from != null ? from : shadow.isEmpty() ? null : shadow.get(0).getLastEventTime();
      Instant end = to != null ? to : Instant.ofEpochMilli(Long.MAX_VALUE / 2);
      ShadowComparison comparison = null;
      Set<String> liveCaseIds = new HashSet<>();
      if (start != null) {
        List<FlaggedCase> live = decode(h.createQuery(
                "SELECT record_avro FROM case_versions WHERE last_event_time >= :from AND last_event_time < :to")
            .bind("from", start.toEpochMilli()).bind("to", end.toEpochMilli()).mapTo(String.class).list());
        live.forEach(c -> liveCaseIds.add(c.getCaseId()));
        comparison = ShadowComparison.of(live, shadow, start, end, Map.of());
      }
      return new Page(now, RuleSets.apply(taken), newestFirst, comparison, start, to, shadow.size(), liveCaseIds);
    });
  }

  /** The job's reason for turning the rule down: a dead letter of the door (same partition and offset) or of the gate (names the version). */
  private static String turnedDown(List<Map<String, Object>> deadLetters, int partition, long offset, long version) {
    for (Map<String, Object> d : deadLetters) {
      Number p = (Number) d.get("source_partition");
      Number o = (Number) d.get("source_offset");
      String reason = (String) d.get("reason");
      boolean door = p != null && o != null && p.intValue() == partition && o.longValue() == offset;
      boolean gate = o != null && o.longValue() == -1 && reason != null && reason.contains("(rule version " + version + ",");
      if (door || gate) {
        return reason;
      }
    }
    return null;
  }

  private static List<FlaggedCase> decode(List<String> base64) {
    List<FlaggedCase> out = new ArrayList<>(base64.size());
    base64.forEach(b -> out.add(CaseQueries.decodeCase(b)));
    return out;
  }
}
