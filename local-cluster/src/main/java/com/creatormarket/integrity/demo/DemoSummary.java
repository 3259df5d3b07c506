package com.creatormarket.integrity.demo;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one run of the pipeline decided, as the order system and a reviewer would count it. */
public record DemoSummary(
    long ordersSeen,
    long ordersTerminatedByOrderSystem,
    long caseCount,
    Map<String, Long> casesByLevel,
    Map<String, Long> casesBySignal,
    Map<String, Long> violationsByOutcome,
    long penaltyCount,
    List<CreatorScore> penalisedCreators,
    long terminationCount,
    long refundCount,
    Map<String, Long> refundMinorByCurrency,
    long reversalCount,
    long pointsRestored,
    Map<String, Long> compensationMinorByCurrency,
    Map<String, Long> liftsByReason,
    Map<String, Long> reviewDeadlinesByKind,
    Map<String, Long> deadLettersByKind,
    List<QualityRow> quality) {

  /**
   * A creator's standing after the run: penalties and points lost, penalties reversed and points
   * given back, and the score and sanction after the last of them (in event time).
   */
  public record CreatorScore(String creatorId, String agencyId, int penalties, int pointsLost, int reversals, int pointsRestored,
      int score, String sanction) {}

  /**
   * Detection quality of one attack kind against the simulator's truth, as {@link Scorecard} scores
   * it; for the honest lines, recall reads as the false-positive rate. Latencies in seconds, null
   * when nothing was detected.
   */
  public record QualityRow(String kind, int orders, int detected, int falsePositives, double precision, double recall,
      Long latencyMedianSeconds, Long latencyP90Seconds) {

    static QualityRow of(Scorecard.Row r, int falsePositives) {
      return new QualityRow(r.label(), r.orders(), r.flagged(), falsePositives, r.precision(), r.recall(),
          r.medianLatency() == null ? null : r.medianLatency().toSeconds(),
          r.p90Latency() == null ? null : r.p90Latency().toSeconds());
    }
  }

  /** The quality table of a run: one line per attack kind, then honest and honest viral orders. */
  public static List<QualityRow> quality(GroundTruth truth, List<FlaggedCase> cases) {
    Scorecard card = Scorecard.of(truth, cases);
    int falsePositives = card.honest().flagged() + card.viral().flagged();
    List<QualityRow> rows = new ArrayList<>();
    card.attackRows().forEach(r -> rows.add(QualityRow.of(r, falsePositives)));
    rows.add(QualityRow.of(card.honest(), card.honest().flagged()));
    rows.add(QualityRow.of(card.viral(), card.viral().flagged()));
    return rows;
  }

  /** The outputs of a run, read committed. */
  public record Outputs(List<OrderEvent> orders, List<FlaggedCase> cases, List<RetentionViolation> violations,
      List<Penalty> penalties, List<OrderTermination> terminations, List<Refund> refunds, List<PenaltyReversal> reversals,
      List<SanctionLifted> lifts, List<ReviewDeadline> deadlines, List<DeadLetter> deadLetters) {}

  public static DemoSummary of(Outputs out, List<QualityRow> quality) {
    long orders = out.orders().stream().filter(o -> o.getKind() == OrderEventKind.CREATED).count();
    long terminatedByOrderSystem = out.orders().stream().filter(o -> o.getKind() == OrderEventKind.TERMINATED).count();
    // A case is updated by new versions: count each case once, at its newest version.
    Map<String, FlaggedCase> latest = new HashMap<>();
    for (FlaggedCase c : out.cases()) {
      latest.merge(c.getCaseId(), c, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
    }
    Map<String, Long> byLevel = new TreeMap<>();
    Map<String, Long> bySignal = new TreeMap<>();
    for (FlaggedCase c : latest.values()) {
      byLevel.merge(c.getLevel().name(), 1L, Long::sum);
      for (SignalFiring s : c.getSignals()) {
        bySignal.merge(s.getSignal(), 1L, Long::sum);
      }
    }
    Map<String, Long> byOutcome = new TreeMap<>();
    out.violations().forEach(v -> byOutcome.merge(v.getOutcome().name(), 1L, Long::sum));
    // Penalties of one creator share a partition, so topic order is ledger order; a reversal comes after the
    // penalties of its creator up to its time (its own penalty among them), on a topic of its own.
    Map<String, CreatorScore> creators = new LinkedHashMap<>();
    Map<String, java.time.Instant> lastAt = new HashMap<>();
    for (Penalty p : out.penalties()) {
      CreatorScore before = creators.get(p.getCreatorId());
      creators.put(p.getCreatorId(), new CreatorScore(p.getCreatorId(), p.getAgencyId(),
          (before == null ? 0 : before.penalties()) + 1,
          (before == null ? 0 : before.pointsLost()) + p.getPointsDeducted(), 0, 0,
          p.getScoreAfter(), p.getSanction().name()));
      lastAt.put(p.getCreatorId(), p.getEventTime());
    }
    long restored = 0;
    Map<String, Long> compensation = new TreeMap<>();
    for (PenaltyReversal r : out.reversals()) {
      CreatorScore c = creators.get(r.getCreatorId());
      restored += r.getPointsRestored();
      r.getCompensations().forEach(k -> compensation.merge(k.getCurrency(), k.getAmountMinor(), Long::sum));
      if (c == null) {
        continue;
      }
      boolean last = !r.getEventTime().isBefore(lastAt.get(r.getCreatorId()));
      creators.put(r.getCreatorId(), new CreatorScore(c.creatorId(), c.agencyId(), c.penalties(), c.pointsLost(),
          c.reversals() + 1, c.pointsRestored() + r.getPointsRestored(),
          last ? r.getScoreAfter() : c.score(), last ? r.getSanction().name() : c.sanction()));
      if (last) {
        lastAt.put(r.getCreatorId(), r.getEventTime());
      }
    }
    Map<String, Long> lifts = new TreeMap<>();
    out.lifts().forEach(l -> lifts.merge(l.getReason().name(), 1L, Long::sum));
    Map<String, Long> deadlines = new TreeMap<>();
    out.deadlines().forEach(d -> deadlines.merge(d.getKind().name(), 1L, Long::sum));
    List<CreatorScore> ranked = new ArrayList<>(creators.values());
    ranked.sort(Comparator.comparingInt(CreatorScore::score).thenComparing(CreatorScore::creatorId));
    Map<String, Long> refundSums = new TreeMap<>();
    out.refunds().forEach(r -> refundSums.merge(r.getCurrency(), r.getAmountMinor(), Long::sum));
    Map<String, Long> deadLetters = new TreeMap<>();
    out.deadLetters().forEach(d -> deadLetters.merge(d.getJob() + "/" + d.getKind().name(), 1L, Long::sum));
    return new DemoSummary(orders, terminatedByOrderSystem, latest.size(), byLevel, bySignal, byOutcome, out.penalties().size(), ranked,
        out.terminations().size(), out.refunds().size(), refundSums, out.reversals().size(), restored, compensation, lifts,
        deadlines, deadLetters, quality);
  }

  /** The summary as a person reads it. */
  public String render() {
    StringBuilder s = new StringBuilder();
    s.append("==================== pipeline summary ====================\n");
    s.append(String.format("orders seen                 %d%n", ordersSeen));
    s.append(String.format("flagged cases               %d   by level: %s%n", caseCount, casesByLevel));
    s.append(String.format("  by signal                 %s%n", casesBySignal));
    // The end of an early hiding is no violation of its own: it says how long the hiding lasted, for its refund.
    Map<String, Long> violations = new TreeMap<>(violationsByOutcome);
    Long hidingsEnded = violations.remove("HIDING_ENDED");
    s.append(String.format("retention violations        %d   by outcome: %s%s%n",
        violations.values().stream().mapToLong(Long::longValue).sum(), violations,
        hidingsEnded == null ? "" : String.format("; %d early hidings ended (refunded for the days hidden)", hidingsEnded)));
    if (ordersTerminatedByOrderSystem > 0) {
      s.append(String.format("orders the order system ended after a termination: %d (no longer watched for retention)%n",
          ordersTerminatedByOrderSystem));
    }
    s.append(String.format("penalties                   %d   creators penalised: %d%n", penaltyCount, penalisedCreators.size()));
    for (CreatorScore c : penalisedCreators.subList(0, Math.min(10, penalisedCreators.size()))) {
      s.append(String.format("  %-18s agency %-10s %d penalties, -%d points%s, score %2d, %s%n", c.creatorId(),
          c.agencyId() == null ? "-" : c.agencyId(), c.penalties(), c.pointsLost(),
          c.reversals() == 0 ? "" : String.format(" (%d reversed, +%d back)", c.reversals(), c.pointsRestored()),
          c.score(), c.sanction()));
    }
    if (penalisedCreators.size() > 10) {
      s.append(String.format("  ... and %d more%n", penalisedCreators.size() - 10));
    }
    s.append(String.format("order terminations          %d%n", terminationCount));
    s.append(String.format("refunds                     %d   total: %s%n", refundCount, money(refundMinorByCurrency)));
    s.append(String.format("penalty reversals           %d   points restored: %d, creator compensation: %s%n", reversalCount,
        pointsRestored, money(compensationMinorByCurrency)));
    s.append(String.format("sanctions lifted            %d   %s%n", liftsByReason.values().stream().mapToLong(Long::longValue).sum(),
        liftsByReason.isEmpty() ? "" : "by reason: " + liftsByReason));
    s.append(String.format("cases past review deadline  %s%n", reviewDeadlinesByKind.isEmpty() ? "none"
        : reviewDeadlinesByKind.getOrDefault("OVERDUE", 0L) + " overdue (escalated to reviewers' leads), "
            + reviewDeadlinesByKind.getOrDefault("DEFAULT_APPLIED", 0L) + " closed without penalty by default"));
    s.append(String.format("dead letters                %s%n", deadLettersByKind.isEmpty() ? "none" : deadLettersByKind));
    if (!quality.isEmpty()) {
      s.append("detection quality against the scenario's truth (flag = review or enforce level):\n");
      s.append(String.format("  %-20s %7s %9s %6s %10s %7s %14s%n", "attack kind", "orders", "detected", "false+", "precision",
          "recall", "latency p50"));
      for (QualityRow q : quality) {
        if (q.kind().startsWith("honest")) {
          s.append(String.format("  %-20s %7d flagged %d: false-positive rate %s%n", q.kind(), q.orders(), q.detected(), ratio(q.recall())));
          continue;
        }
        s.append(String.format("  %-20s %7d %9d %6d %10s %7s %14s%n", q.kind(), q.orders(), q.detected(), q.falsePositives(),
            ratio(q.precision()), ratio(q.recall()),
            Scorecard.format(q.latencyMedianSeconds() == null ? null : Duration.ofSeconds(q.latencyMedianSeconds()))));
      }
      s.append("  (latency: event time from the attack's first event to the first review-or-enforce case version)\n");
    }
    s.append("==========================================================\n");
    return s.toString();
  }

  private static String ratio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format("%.3f", r);
  }

  static String money(Map<String, Long> minorByCurrency) {
    if (minorByCurrency.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    minorByCurrency.forEach((currency, minor) -> parts.add(amount(currency, minor)));
    return String.join(", ", parts);
  }

  /**
   * An amount in a currency's minor units, shown in its major unit with the currency's own ISO 4217
   * digits (JPY 123457 is JPY 123,457; USD 123457 is USD 1,234.57). A code Java does not know is shown
   * in minor units, said so, rather than guessed.
   */
  static String amount(String currency, long minor) {
    int digits;
    try {
      digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      digits = -1;
    }
    if (digits < 0) {
      return String.format(java.util.Locale.ROOT, "%s %,d (minor units)", currency, minor);
    }
    return String.format(java.util.Locale.ROOT, "%s %,." + digits + "f", currency, java.math.BigDecimal.valueOf(minor, digits));
  }
}
