package com.creatormarket.integrity.simulator.truth;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares flagged cases with a simulator run's ground truth: the one scorer of detection quality,
 * used by the fake-traffic backtest and the demo's summary. An order counts as flagged when a
 * version of its case reached REVIEW or ENFORCE; its detection latency is the event time of that
 * first version minus the attack's first event. Per attack kind: recall over the kind's orders and
 * precision as {@code flagged of the kind / (flagged of the kind + flagged honest orders)}, i.e.
 * every false positive counts against every kind (the strictest reading). Honest orders' false
 * positive rate excludes the honest viral orders, reported on their own line.
 */
public final class Scorecard {

  /** One row of the table. */
  public record Row(String label, int orders, int flagged, double precision, double recall, Duration medianLatency,
      Duration p90Latency) {}

  /** A per-order outcome, for the misses and false positives listing. */
  public record Outcome(String orderId, String kind, ResponseLevel maxLevel, double maxScore, Instant firstFlag,
      String signals) {}

  private final List<Row> attackRows = new ArrayList<>();
  private Row allAttacks;
  private Row honest;
  private Row viral;
  private final List<Outcome> misses = new ArrayList<>();
  private final List<Outcome> falsePositives = new ArrayList<>();

  public static Scorecard of(GroundTruth truth, List<FlaggedCase> cases) {
    Scorecard card = new Scorecard();
    Map<String, FlaggedCase> firstFlag = new HashMap<>();
    Map<String, FlaggedCase> strongest = new HashMap<>();
    for (FlaggedCase c : cases) {
      boolean flag = c.getLevel() == ResponseLevel.REVIEW || c.getLevel() == ResponseLevel.ENFORCE;
      if (flag) {
        firstFlag.merge(c.getOrderId(), c, (a, b) -> a.getLastEventTime().isBefore(b.getLastEventTime()) ? a : b);
      }
      strongest.merge(c.getOrderId(), c, (a, b) -> a.getRiskScore() >= b.getRiskScore() ? a : b);
    }
    Map<String, Instant> attackStart = new HashMap<>();
    for (GroundTruth.Attack a : truth.attacks()) {
      attackStart.put(a.attackId(), a.start() != null ? a.start() : a.plannedStart());
    }
    Set<String> viralOrders = new HashSet<>();
    truth.viralVideos().forEach(v -> viralOrders.add(v.orderId()));
    Set<String> attacked = new HashSet<>();
    truth.attackedOrders().forEach(o -> attacked.add(o.orderId()));
    List<String> honestOrders = truth.honestOrders().stream()
        .filter(o -> !viralOrders.contains(o) && !attacked.contains(o)).toList();

    int falsePositiveCount = 0;
    for (String o : honestOrders) {
      if (firstFlag.containsKey(o)) {
        falsePositiveCount++;
        card.falsePositives.add(outcome(o, "honest", strongest.get(o), firstFlag.get(o)));
      }
    }
    int viralFlagged = 0;
    for (String o : viralOrders) {
      if (firstFlag.containsKey(o)) {
        viralFlagged++;
        card.falsePositives.add(outcome(o, "viral", strongest.get(o), firstFlag.get(o)));
      }
    }
    int fp = falsePositiveCount + viralFlagged;

    Map<String, List<GroundTruth.AttackedOrder>> byKind = new TreeMap<>();
    truth.attackedOrders().forEach(o -> byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o));
    List<Long> allLatencies = new ArrayList<>();
    int allFlagged = 0;
    int allOrders = 0;
    for (Map.Entry<String, List<GroundTruth.AttackedOrder>> e : byKind.entrySet()) {
      List<Long> latencies = new ArrayList<>();
      int flagged = 0;
      for (GroundTruth.AttackedOrder o : e.getValue()) {
        FlaggedCase c = firstFlag.get(o.orderId());
        if (c == null) {
          card.misses.add(outcome(o.orderId(), e.getKey(), strongest.get(o.orderId()), null));
          continue;
        }
        flagged++;
        Instant start = attackStart.get(o.attackId());
        if (start != null) {
          latencies.add(Math.max(0, c.getLastEventTime().toEpochMilli() - start.toEpochMilli()));
        }
      }
      allLatencies.addAll(latencies);
      allFlagged += flagged;
      allOrders += e.getValue().size();
      card.attackRows.add(row(e.getKey(), e.getValue().size(), flagged, fp, latencies));
    }
    card.allAttacks = row("all attacks", allOrders, allFlagged, fp, allLatencies);
    card.honest = new Row("honest orders", honestOrders.size(), falsePositiveCount, Double.NaN,
        honestOrders.isEmpty() ? 0 : (double) falsePositiveCount / honestOrders.size(), null, null);
    card.viral = new Row("honest viral", viralOrders.size(), viralFlagged, Double.NaN,
        viralOrders.isEmpty() ? 0 : (double) viralFlagged / viralOrders.size(), null, null);
    return card;
  }

  private static Row row(String label, int orders, int flagged, int falsePositives, List<Long> latencies) {
    double precision = flagged + falsePositives == 0 ? Double.NaN : (double) flagged / (flagged + falsePositives);
    double recall = orders == 0 ? Double.NaN : (double) flagged / orders;
    latencies.sort(Long::compare);
    return new Row(label, orders, flagged, precision, recall, percentile(latencies, 0.5), percentile(latencies, 0.9));
  }

  /** Nearest-rank percentile; null when there is nothing to rank. */
  static Duration percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return Duration.ofMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))));
  }

  private static Outcome outcome(String orderId, String kind, FlaggedCase strongest, FlaggedCase first) {
    if (strongest == null) {
      return new Outcome(orderId, kind, null, 0, null, "");
    }
    Map<String, Double> signals = new LinkedHashMap<>();
    strongest.getSignals().forEach(s -> signals.put(s.getSignal(), s.getValue()));
    return new Outcome(orderId, kind, strongest.getLevel(), strongest.getRiskScore(),
        first == null ? null : first.getLastEventTime(), signals.toString());
  }

  public List<Row> attackRows() {
    return attackRows;
  }

  public Row allAttacks() {
    return allAttacks;
  }

  public Row honest() {
    return honest;
  }

  public Row viral() {
    return viral;
  }

  public List<Outcome> misses() {
    return misses;
  }

  public List<Outcome> falsePositives() {
    return falsePositives;
  }

  /** The table as the README shows it (Markdown). */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append("| attack kind | orders | flagged | precision | recall | latency median | latency p90 |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : attackRows) {
      b.append(line(r));
    }
    b.append(line(allAttacks));
    b.append("\n| honest orders | orders | flagged | false-positive rate |\n| --- | ---: | ---: | ---: |\n");
    for (Row r : List.of(honest, viral)) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f%% |%n", r.label(), r.orders(), r.flagged(), 100 * r.recall()));
    }
    return b.toString();
  }

  private static String line(Row r) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s |%n", r.label(), r.orders(), r.flagged(),
        Double.isNaN(r.precision()) ? "-" : String.format(Locale.ROOT, "%.3f", r.precision()),
        Double.isNaN(r.recall()) ? "-" : String.format(Locale.ROOT, "%.3f", r.recall()),
        format(r.medianLatency()), format(r.p90Latency()));
  }

  /** A latency as people read it: seconds, minutes or hours; "-" for none. */
  public static String format(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.toSeconds();
    return s < 120 ? s + " s" : s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60.0)
        : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
  }
}
