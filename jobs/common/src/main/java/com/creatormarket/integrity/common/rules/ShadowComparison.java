package com.creatormarket.integrity.common.rules;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Live versus candidate (shadow mode) over a time range: per attack kind (from ground truth, when
 * there is one) and level, the orders the candidate would add (reach the level where live does not)
 * or drop, with the evidence of the version that decided it. Both sides count only case versions
 * whose event time is in the range; pick a range from the candidate's start, since it starts with
 * no cases of its own.
 */
public final class ShadowComparison {

  /** Whether the candidate adds or drops the order at a level. */
  public enum Change { ADDED, DROPPED }

  /** One order that differs: its kind ("honest" or an attack kind; "unlabelled" without ground truth) and the deciding version. */
  public record Row(String kind, ResponseLevel level, Change change, String orderId, FlaggedCase evidence) {}

  private final List<Row> rows;
  private final int liveOrders;
  private final int candidateOrders;

  private ShadowComparison(List<Row> rows, int liveOrders, int candidateOrders) {
    this.rows = rows;
    this.liveOrders = liveOrders;
    this.candidateOrders = candidateOrders;
  }

  /**
   * @param kinds each labelled order's kind (attack kind or "honest"); empty without ground truth
   */
  public static ShadowComparison of(List<FlaggedCase> live, List<FlaggedCase> candidate, Instant from, Instant to,
      Map<String, String> kinds) {
    Map<String, FlaggedCase> liveTop = highest(live, from, to);
    Map<String, FlaggedCase> candidateTop = highest(candidate, from, to);
    List<Row> rows = new ArrayList<>();
    TreeSet<String> orders = new TreeSet<>(liveTop.keySet());
    orders.addAll(candidateTop.keySet());
    for (ResponseLevel level : List.of(ResponseLevel.REVIEW, ResponseLevel.ENFORCE)) {
      for (String order : orders) {
        boolean l = reaches(liveTop.get(order), level);
        boolean c = reaches(candidateTop.get(order), level);
        if (l != c) {
          String kind = kinds.isEmpty() ? "unlabelled" : kinds.getOrDefault(order, "honest");
          rows.add(new Row(kind, level, c ? Change.ADDED : Change.DROPPED, order, c ? candidateTop.get(order) : liveTop.get(order)));
        }
      }
    }
    rows.sort(Comparator.comparing(Row::kind).thenComparing(Row::level).thenComparing(Row::change).thenComparing(Row::orderId));
    return new ShadowComparison(List.copyOf(rows), count(liveTop), count(candidateTop));
  }

  private static int count(Map<String, FlaggedCase> top) {
    return (int) top.values().stream().filter(c -> reaches(c, ResponseLevel.REVIEW)).count();
  }

  private static boolean reaches(FlaggedCase c, ResponseLevel level) {
    return c != null && c.getLevel().ordinal() >= level.ordinal();
  }

  /** Per order, its highest version in the range (highest level, then latest). */
  private static Map<String, FlaggedCase> highest(List<FlaggedCase> cases, Instant from, Instant to) {
    Map<String, FlaggedCase> top = new HashMap<>();
    Comparator<FlaggedCase> rank = Comparator.comparingInt((FlaggedCase c) -> c.getLevel().ordinal()).thenComparingInt(FlaggedCase::getVersion);
    for (FlaggedCase c : cases) {
      if (c.getLastEventTime().isBefore(from) || !c.getLastEventTime().isBefore(to)) {
        continue;
      }
      top.merge(c.getOrderId(), c, (a, b) -> rank.compare(a, b) >= 0 ? a : b);
    }
    return top;
  }

  public List<Row> rows() {
    return rows;
  }

  /** Orders the candidate adds at a level, by kind. */
  public Map<String, List<String>> added(ResponseLevel level) {
    return rows.stream().filter(r -> r.level() == level && r.change() == Change.ADDED)
        .collect(Collectors.groupingBy(Row::kind, java.util.TreeMap::new, Collectors.mapping(Row::orderId, Collectors.toList())));
  }

  public void print(PrintWriter out, Instant from, Instant to) {
    out.printf("live versus candidate, case versions from %s to %s: %d orders at REVIEW or above live, %d with the candidate%n", from,
        to == null ? "the last" : to, liveOrders, candidateOrders);
    if (rows.isEmpty()) {
      out.println("no order differs");
      return;
    }
    out.printf("%-22s %-8s %-8s %-12s %-6s %s%n", "kind", "level", "change", "order", "score", "evidence (signal value/threshold)");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "%-22s %-8s %-8s %-12s %-6.2f %s (rule set %d, version %d at %s)%n", r.kind(), r.level(), r.change(), r.orderId(),
          r.evidence().getRiskScore(), signals(r.evidence()), r.evidence().getRuleSetVersion(), r.evidence().getVersion(),
          r.evidence().getLastEventTime());
    }
  }

  private static String signals(FlaggedCase c) {
    return c.getSignals().stream().filter(f -> f.getWeight() > 0)
        .map(f -> String.format(Locale.ROOT, "%s %.3g/%.3g", f.getSignal(), f.getValue(), f.getThreshold()))
        .collect(Collectors.joining(", "));
  }
}
