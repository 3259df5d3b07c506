package com.creatormarket.integrity.console;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.common.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** What the pages show, read from the store. */
public final class CaseQueries {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which cases the queue lists. */
  public enum View { OPEN, ENFORCED, CLOSED, ALL }

  public record Filter(View view, String level, String signal, String creator, String agency, Integer minAgeHours) {
    public static Filter openCases() {
      return new Filter(View.OPEN, null, null, null, null, null);
    }
  }

  public record QueueRow(String caseId, String orderId, String creatorId, String agencyId, String level, double riskScore,
      String signals, long flaggedAt, Long reviewSince, String claimedBy, Long claimUntil, boolean overdue, boolean fourEyes,
      Long priceMinor, String currency) {}

  /** The queue: matching cases (at most 500, riskiest and oldest first), counts of open cases by level. */
  public record Queue(Filter filter, List<QueueRow> rows, long matching, Map<String, Long> openByLevel, Long pipelineTime) {}

  /** A case version, with the detection rule set that decided it (0: the job's start-up settings). */
  public record Version(int version, String level, double riskScore, String signals, long lastEventTime, long ruleSetVersion) {}

  public record DecisionView(String decisionId, String reviewerId, String outcome, String note, long decidedAt, String progress,
      boolean pending) {}

  public record Impact(int ordersTerminated, Map<String, Long> refundMinorByCurrency, int points, Integer scoreBefore,
      Integer scoreAfter, String sanction) {}

  public record CasePage(Map<String, Object> summary, CaseStatus status, FlaggedCase latest, List<Version> versions,
      Map<String, Object> order, Integer creatorScore, List<Map<String, Object>> creatorPenalties,
      List<Map<String, Object>> otherCases, List<Map<String, Object>> agencyAlerts, String chartJson, boolean hourlyFromMetrics,
      List<DecisionView> decisions, List<Map<String, Object>> notes, List<Map<String, Object>> audit,
      Map<String, Object> claim, Impact impact, boolean fourEyes) {}

  private final Store store;
  private final Decisions desk;
  private final int pointsConfirmed;
  private final int startingScore;

  public CaseQueries(Store store, Decisions desk, int pointsConfirmed) {
    this.store = store;
    this.desk = desk;
    this.pointsConfirmed = pointsConfirmed;
    this.startingScore = 12;
  }

  public Queue queue(Filter f) {
    return store.jdbi().withHandle(h -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      Map<String, Object> binds = new LinkedHashMap<>();
      switch (f.view()) {
        case OPEN -> where.append(" AND ").append(CaseStatus.OPEN_SQL);
        case ENFORCED -> where.append(" AND EXISTS (SELECT 1 FROM penalties p WHERE p.cause_id = c.case_id)");
        case CLOSED -> where.append(" AND NOT (").append(CaseStatus.OPEN_SQL).append(")");
        case ALL -> { }
      }
      if (notBlank(f.level())) {
        where.append(" AND c.level = :level");
        binds.put("level", f.level());
      }
      if (notBlank(f.signal())) {
        where.append(" AND (',' || c.signal_names || ',') LIKE :signal");
        binds.put("signal", "%," + f.signal().strip() + ",%");
      }
      if (notBlank(f.creator())) {
        where.append(" AND c.creator_id = :creator");
        binds.put("creator", f.creator().strip());
      }
      if (notBlank(f.agency())) {
        where.append(" AND c.agency_id = :agency");
        binds.put("agency", f.agency().strip());
      }
      Long pipelineTime = h.createQuery("SELECT MAX(last_event_time) FROM cases").mapTo(Long.class).findOne().orElse(null);
      if (f.minAgeHours() != null && pipelineTime != null) {
        where.append(" AND COALESCE(c.review_since, c.first_flagged_at) <= :ageBefore");
        binds.put("ageBefore", pipelineTime - f.minAgeHours() * 3_600_000L);
      }
      Query count = h.createQuery("SELECT COUNT(*) FROM cases c" + where);
      binds.forEach(count::bind);
      long matching = count.mapTo(Long.class).one();
      Query rows = h.createQuery("SELECT c.case_id, c.order_id, c.creator_id, c.agency_id, c.level, c.max_level, c.risk_score,"
          + " c.signal_names, c.first_flagged_at, c.review_since, cl.reviewer_id AS claimed_by, cl.expires_at AS claim_until,"
          + " o.price_minor, o.currency,"
          + " (SELECT COUNT(*) FROM review_deadlines rd WHERE rd.case_id = c.case_id AND rd.kind = 'OVERDUE') AS overdue"
          + " FROM cases c LEFT JOIN orders o ON o.order_id = c.order_id"
          + " LEFT JOIN claims cl ON cl.case_id = c.case_id AND cl.expires_at > :now"
          + where + " ORDER BY c.risk_score DESC, COALESCE(c.review_since, c.first_flagged_at) ASC, c.case_id LIMIT 500");
      binds.forEach(rows::bind);
      rows.bind("now", System.currentTimeMillis());
      List<QueueRow> list = rows.mapToMap().list().stream().map(r -> new QueueRow(
          (String) r.get("case_id"), (String) r.get("order_id"), (String) r.get("creator_id"), (String) r.get("agency_id"),
          (String) r.get("level"), ((Number) r.get("risk_score")).doubleValue(), (String) r.get("signal_names"),
          ((Number) r.get("first_flagged_at")).longValue(), asLong(r.get("review_since")), (String) r.get("claimed_by"),
          asLong(r.get("claim_until")), ((Number) r.get("overdue")).longValue() > 0,
          "ENFORCE".equals(r.get("max_level")) && desk.fourEyes(h, (String) r.get("case_id")),
          asLong(r.get("price_minor")), (String) r.get("currency"))).toList();
      Map<String, Long> byLevel = new TreeMap<>();
      h.createQuery("SELECT c.level, COUNT(*) AS n FROM cases c WHERE " + CaseStatus.OPEN_SQL + " GROUP BY c.level")
          .mapToMap().forEach(r -> byLevel.put((String) r.get("level"), ((Number) r.get("n")).longValue()));
      return new Queue(f, list, matching, byLevel, pipelineTime);
    });
  }

  public Optional<CasePage> casePage(String caseId) {
    return store.jdbi().withHandle(h -> {
      Map<String, Object> summary = h.createQuery("SELECT * FROM cases WHERE case_id = :c").bind("c", caseId)
          .mapToMap().findOne().orElse(null);
      if (summary == null) {
        return Optional.empty();
      }
      String orderId = (String) summary.get("order_id");
      String creatorId = (String) summary.get("creator_id");
      String latestAvro = h.createQuery("SELECT record_avro FROM case_versions WHERE case_id = :c ORDER BY version DESC")
          .bind("c", caseId).mapTo(String.class).findFirst().orElseThrow();
      FlaggedCase latest = decodeCase(latestAvro);
      List<Version> versions = h.createQuery("SELECT version, level, risk_score, signal_names, last_event_time, rule_set_version FROM case_versions"
              + " WHERE case_id = :c ORDER BY version").bind("c", caseId)
          .map((rs, ctx) -> new Version(rs.getInt(1), rs.getString(2), rs.getDouble(3), rs.getString(4), rs.getLong(5), rs.getLong(6))).list();
      Map<String, Object> order = h.createQuery("SELECT * FROM orders WHERE order_id = :o").bind("o", orderId)
          .mapToMap().findOne().orElse(Map.of());
      List<Map<String, Object>> penalties = h.createQuery("SELECT p.*, (SELECT COUNT(*) FROM penalty_reversals r"
              + " WHERE r.penalty_id = p.penalty_id) AS reversed FROM penalties p WHERE creator_id = :cr ORDER BY event_time")
          .bind("cr", creatorId).mapToMap().list();
      Integer score = penalties.isEmpty() ? null : ((Number) penalties.get(penalties.size() - 1).get("score_after")).intValue();
      List<Map<String, Object>> others = h.createQuery("SELECT case_id, order_id, level, risk_score FROM cases"
              + " WHERE creator_id = :cr AND case_id <> :c ORDER BY risk_score DESC").bind("cr", creatorId).bind("c", caseId)
          .mapToMap().list();
      others.forEach(o -> o.put("status", CaseStatus.of(h, (String) o.get("case_id")).label()));
      Object agency = summary.get("agency_id");
      List<Map<String, Object>> alerts = agency == null ? List.of() : h.createQuery(
          "SELECT * FROM agency_alerts WHERE agency_id = :a ORDER BY event_time").bind("a", agency).mapToMap().list();
      List<Map<String, Object>> metrics = h.createQuery("SELECT * FROM order_metrics WHERE order_id = :o ORDER BY window_start")
          .bind("o", orderId).mapToMap().list();
      String chart = chartJson(metrics, latest);
      List<DecisionView> decisions = decisionsWhere(h, "case_id = :k", caseId, caseId);
      List<Map<String, Object>> notes = h.createQuery("SELECT * FROM notes WHERE case_id = :c ORDER BY created_at")
          .bind("c", caseId).mapToMap().list();
      List<Map<String, Object>> audit = h.createQuery("SELECT * FROM audit WHERE case_id = :c ORDER BY happened_at")
          .bind("c", caseId).mapToMap().list();
      Map<String, Object> claim = h.createQuery("SELECT * FROM claims WHERE case_id = :c AND expires_at > :now")
          .bind("c", caseId).bind("now", System.currentTimeMillis()).mapToMap().findOne().orElse(null);
      return Optional.of(new CasePage(summary, CaseStatus.of(h, caseId), latest, versions, order, score, penalties, others,
          alerts, chart, !metrics.isEmpty(), decisions, notes, audit, claim, impact(h, orderId, creatorId, score),
          desk.fourEyes(h, caseId)));
    });
  }

  /** Decisions matching a condition on {@code d} with {@code :k}, each with the enforcement job's rejection if any. */
  private List<DecisionView> decisionsWhere(Handle h, String condition, String key, String caseId) {
    return h.createQuery("SELECT d.*, (SELECT MAX(dl.reason) FROM dead_letters dl WHERE"
            + " dl.source_topic LIKE '%" + Topics.REVIEW_DECISIONS.name() + "' AND dl.source_partition = d.topic_partition"
            + " AND dl.source_offset = d.topic_offset AND dl.job <> '" + TopicIngest.JOB + "') AS rejected"
            + " FROM decisions d WHERE d." + condition + " ORDER BY decided_at").bind("k", key).mapToMap().list()
        .stream().map(d -> decisionView(h, caseId, d)).toList();
  }

  private DecisionView decisionView(Handle h, String caseId, Map<String, Object> d) {
    String id = (String) d.get("decision_id");
    String outcome = (String) d.get("outcome");
    String progress;
    boolean pending = false;
    if ("NEW".equals(d.get("status"))) {
      progress = "not sent yet: the console sends it again until the broker takes it";
      pending = true;
    } else if (d.get("rejected") != null) {
      progress = "rejected by the enforcement job: " + d.get("rejected");
    } else if ("CONFIRM".equals(outcome)) {
      Optional<String> penalty = h.createQuery("SELECT penalty_id FROM penalties WHERE cause_id = :c").bind("c", caseId)
          .mapTo(String.class).findFirst();
      pending = penalty.isEmpty();
      progress = penalty.map(p -> "applied: penalty " + p + " and its terminations and refunds")
          .orElse("pending: waiting for the enforcement job's penalty");
    } else if ("DISMISS".equals(outcome)) {
      Optional<String> reversal = h.createQuery("SELECT reversal_id FROM penalty_reversals WHERE decision_id = :d").bind("d", id)
          .mapTo(String.class).findFirst();
      boolean penalised = h.createQuery("SELECT COUNT(*) FROM penalties WHERE cause_id = :c").bind("c", caseId)
          .mapTo(Long.class).one() > 0;
      if (reversal.isPresent()) {
        progress = "applied: penalty reversed (" + reversal.get() + ")";
      } else if (penalised) {
        progress = "pending: waiting for the enforcement job's reversal";
        pending = true;
      } else {
        progress = "sent: closes the case without penalty (the enforcement job writes nothing for it)";
      }
    } else if ("UPHOLD_APPEAL".equals(outcome)) {
      Optional<String> reversal = h.createQuery("SELECT reversal_id FROM penalty_reversals WHERE decision_id = :d").bind("d", id)
          .mapTo(String.class).findFirst();
      pending = reversal.isEmpty() && d.get("rejected") == null;
      progress = reversal.map(r -> "applied: penalty reversed (" + r + ")")
          .orElse("pending: waiting for the enforcement job's reversal");
    } else if ("REJECT_APPEAL".equals(outcome)) {
      progress = "sent: the penalty stands";
    } else {
      progress = "sent: the case stays open";
    }
    if (!Boolean.TRUE.equals(d.get("on_topic")) && !"NEW".equals(d.get("status"))) {
      progress += " (not read back from review-decisions yet)";
    }
    return new DecisionView(id, (String) d.get("reviewer_id"), outcome, (String) d.get("note"),
        ((Number) d.get("decided_at")).longValue(), progress, pending);
  }

  public record PenaltyPage(Map<String, Object> penalty, Map<String, Object> reversal, boolean caseKnown,
      List<DecisionView> decisions) {}

  /** Penalties, newest first (at most 500), of one creator or all. */
  public List<Map<String, Object>> penalties(String creator) {
    return store.jdbi().withHandle(h -> {
      var q = h.createQuery("SELECT p.*, (SELECT COUNT(*) FROM penalty_reversals r WHERE r.penalty_id = p.penalty_id) AS reversed"
          + " FROM penalties p" + (notBlank(creator) ? " WHERE p.creator_id = :cr" : "")
          + " ORDER BY p.event_time DESC, p.penalty_id LIMIT 500");
      if (notBlank(creator)) {
        q.bind("cr", creator.strip());
      }
      return q.mapToMap().list();
    });
  }

  public Optional<PenaltyPage> penaltyPage(String penaltyId) {
    return store.jdbi().withHandle(h -> {
      Map<String, Object> penalty = h.createQuery("SELECT * FROM penalties WHERE penalty_id = :p").bind("p", penaltyId)
          .mapToMap().findOne().orElse(null);
      if (penalty == null) {
        return Optional.empty();
      }
      Map<String, Object> reversal = h.createQuery("SELECT * FROM penalty_reversals WHERE penalty_id = :p").bind("p", penaltyId)
          .mapToMap().findOne().orElse(null);
      String causeId = (String) penalty.get("cause_id");
      List<DecisionView> decisions = decisionsWhere(h, "penalty_id = :k", penaltyId, causeId);
      return Optional.of(new PenaltyPage(penalty, reversal, Rows.exists(h, "cases", "case_id", causeId), decisions));
    });
  }

  /** What a confirmation would do, by the enforcement policy: this creator's orders in progress end and are refunded. */
  private Impact impact(Handle h, String orderId, String creatorId, Integer score) {
    List<Map<String, Object>> orders = h.createQuery("SELECT o.order_id, o.prepaid_minor, o.currency,"
            + " (SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.order_id = o.order_id) AS refunded"
            + " FROM orders o WHERE o.creator_id = :cr"
            + " AND NOT EXISTS (SELECT 1 FROM terminations t WHERE t.order_id = o.order_id)"
            + " AND (o.order_id = :o OR o.status NOT IN ('COMPLETED', 'CANCELLED', 'TERMINATED'))")
        .bind("cr", creatorId).bind("o", orderId).mapToMap().list();
    Map<String, Long> refunds = new TreeMap<>();
    for (Map<String, Object> o : orders) {
      long remaining = Math.max(0, (o.get("prepaid_minor") == null ? 0 : ((Number) o.get("prepaid_minor")).longValue())
          - ((Number) o.get("refunded")).longValue());
      refunds.merge(o.get("currency") == null ? "?" : (String) o.get("currency"), remaining, Long::sum);
    }
    int before = score == null ? startingScore : score;
    int after = Math.max(0, before - pointsConfirmed);
    return new Impact(orders.size(), refunds, pointsConfirmed, before, after, "ORDER_TAKING_SUSPENDED");
  }

  /** Counts of what the console holds, as the demo's summary counts them. */
  public Map<String, Long> counts() {
    return store.jdbi().withHandle(h -> {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("caseVersions", count(h, "SELECT COUNT(*) FROM case_versions"));
      counts.put("cases", count(h, "SELECT COUNT(*) FROM cases"));
      counts.put("openCases", count(h, "SELECT COUNT(*) FROM cases c WHERE " + CaseStatus.OPEN_SQL));
      counts.put("penalties", count(h, "SELECT COUNT(*) FROM penalties"));
      counts.put("orderTerminations", count(h, "SELECT COUNT(*) FROM terminations"));
      counts.put("refunds", count(h, "SELECT COUNT(*) FROM refunds"));
      counts.put("penaltyReversals", count(h, "SELECT COUNT(*) FROM penalty_reversals"));
      counts.put("retentionViolations", count(h, "SELECT COUNT(*) FROM retention_violations"));
      counts.put("agencyAlerts", count(h, "SELECT COUNT(*) FROM agency_alerts"));
      counts.put("reviewDeadlines", count(h, "SELECT COUNT(*) FROM review_deadlines"));
      counts.put("reviewDecisions", count(h, "SELECT COUNT(*) FROM decisions WHERE on_topic = TRUE"));
      counts.put("deadLetters", count(h, "SELECT COUNT(*) FROM dead_letters"));
      return counts;
    });
  }

  public record DeadLetterGroup(String job, String reasonGroup, String kind, long count, List<Map<String, Object>> sample) {}

  public List<DeadLetterGroup> deadLetters() {
    return store.jdbi().withHandle(h -> h.createQuery("SELECT job, reason_group, kind, COUNT(*) AS n FROM dead_letters"
            + " GROUP BY job, reason_group, kind ORDER BY job, n DESC").mapToMap().list().stream()
        .map(g -> new DeadLetterGroup((String) g.get("job"), (String) g.get("reason_group"), (String) g.get("kind"),
            ((Number) g.get("n")).longValue(),
            h.createQuery("SELECT source_topic, source_partition, source_offset, reason, event_time FROM dead_letters"
                    + " WHERE job = :j AND reason_group = :g AND kind = :k ORDER BY dl_partition, dl_offset LIMIT 3")
                .bind("j", g.get("job")).bind("g", g.get("reason_group")).bind("k", g.get("kind")).mapToMap().list()))
        .toList());
  }

  static String chartJson(List<Map<String, Object>> metrics, FlaggedCase latest) {
    ObjectNode chart = JSON.createObjectNode();
    ArrayNode t = chart.putArray("t");
    ArrayNode views = chart.putArray("views");
    ArrayNode validViews = chart.putArray("validViews");
    ArrayNode likes = chart.putArray("likes");
    ArrayNode follows = chart.putArray("follows");
    ArrayNode suspect = chart.putArray("suspectShare");
    if (!metrics.isEmpty()) {
      for (Map<String, Object> m : metrics) {
        long raw = ((Number) m.get("raw_views")).longValue();
        long valid = ((Number) m.get("valid_views")).longValue();
        t.add(((Number) m.get("window_start")).longValue() / 1000);
        views.add(raw);
        validViews.add(valid);
        likes.add(((Number) m.get("raw_likes")).longValue());
        follows.add(((Number) m.get("raw_follows")).longValue());
        suspect.add(raw == 0 ? 0.0 : Math.round(1000.0 * (raw - valid) / raw) / 1000.0);
      }
    } else {
      // No hourly metrics yet: the case's own 24 hours of views.
      List<Long> hourly = latest.getEvidence().getHourlyViews();
      long end = latest.getLastEventTime().toEpochMilli() / 3_600_000L * 3600L;
      for (int i = 0; i < hourly.size(); i++) {
        t.add(end - (hourly.size() - 1 - i) * 3600L);
        views.add(hourly.get(i));
      }
    }
    try {
      return JSON.writeValueAsString(chart);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FlaggedCase decodeCase(String base64) {
    try {
      return Topics.FLAGGED_CASES.codec().decode(Base64.getDecoder().decode(base64));
    } catch (IOException e) {
      throw new UncheckedIOException("stored case version does not decode", e);
    }
  }

  private static long count(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }

  private static Long asLong(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
