package com.creatormarket.integrity.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One output topic of a faulted run against the same topic of the clean run of the same input, by
 * record id: duplicates (an id more than once in the faulted run), missing (in the clean run only),
 * unexpected (in the faulted run only) and differing (same id, other content). Money topics also
 * sum what they move. Reads the demo's {@code outputs/<topic>.jsonl} files (one whole record per
 * line, Avro JSON), so any two runs' folders compare.
 */
public record OutputComparison(String topic, int cleanRecords, int faultedRecords, List<String> duplicates, List<String> missing,
    List<String> unexpected, List<String> differing, Map<String, Long> cleanMoney, Map<String, Long> faultedMoney) {

  /** The field that names a record uniquely on each compared topic (a case's versions share its caseId). */
  static final Map<String, String> ID_FIELDS = Map.ofEntries(
      Map.entry("flagged-cases", "caseVersionId"),
      Map.entry("verified-metrics", "metricsId"),
      Map.entry("retention-violations", "violationId"),
      Map.entry("penalties", "penaltyId"),
      Map.entry("order-terminations", "terminationId"),
      Map.entry("refunds", "refundId"),
      Map.entry("penalty-reversals", "reversalId"),
      Map.entry("sanction-lifts", "liftId"),
      Map.entry("review-deadlines", "deadlineId"),
      Map.entry("agency-alerts", "alertId"));

  /** Topics on which the order system moves money or sanctions. */
  public static final List<String> MONEY_TOPICS = List.of("penalties", "order-terminations", "refunds");

  private static final Pattern AMOUNT = Pattern.compile("\"amountMinor\": (-?\\d+)");
  private static final Pattern CURRENCY = Pattern.compile("\"currency\": \"([A-Z]{3})\"");
  private static final Pattern POINTS = Pattern.compile("\"pointsDeducted\": (-?\\d+)");

  /** Whether the faulted run gave exactly the clean run's records. */
  public boolean identical() {
    return duplicates.isEmpty() && missing.isEmpty() && unexpected.isEmpty() && differing.isEmpty();
  }

  /** Compares every topic of {@link #ID_FIELDS} between two {@code outputs/} folders, in a stable order. */
  public static List<OutputComparison> of(Path cleanOutputs, Path faultedOutputs) {
    List<OutputComparison> all = new ArrayList<>();
    for (String topic : new java.util.TreeSet<>(ID_FIELDS.keySet())) {
      all.add(of(topic, lines(cleanOutputs.resolve(topic + ".jsonl")), lines(faultedOutputs.resolve(topic + ".jsonl"))));
    }
    return all;
  }

  static OutputComparison of(String topic, List<String> clean, List<String> faulted) {
    Pattern idPattern = Pattern.compile("\"" + ID_FIELDS.get(topic) + "\": \"([^\"]*)\"");
    Map<String, String> cleanById = byId(topic, idPattern, clean, new ArrayList<>());
    List<String> duplicates = new ArrayList<>();
    Map<String, String> faultedById = byId(topic, idPattern, faulted, duplicates);
    List<String> missing = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    cleanById.forEach((id, line) -> {
      String other = faultedById.get(id);
      if (other == null) {
        missing.add(id);
      } else if (!other.equals(line)) {
        differing.add(id);
      }
    });
    List<String> unexpected = faultedById.keySet().stream().filter(id -> !cleanById.containsKey(id)).sorted().toList();
    return new OutputComparison(topic, clean.size(), faulted.size(), duplicates, missing, unexpected, differing, money(topic, clean),
        money(topic, faulted));
  }

  /** Records by id; ids seen more than once go to {@code duplicates} (the first record is kept). */
  private static Map<String, String> byId(String topic, Pattern idPattern, List<String> lines, List<String> duplicates) {
    Map<String, String> byId = new TreeMap<>();
    for (String line : lines) {
      Matcher m = idPattern.matcher(line);
      if (!m.find()) {
        throw new IllegalArgumentException(topic + ": a record without " + ID_FIELDS.get(topic) + ": " + line);
      }
      if (byId.putIfAbsent(m.group(1), line) != null) {
        duplicates.add(m.group(1));
      }
    }
    return byId;
  }

  /**
   * What a money topic moves: refunds' amounts per currency (minor units), penalties' points
   * ({@code points}), terminations' count ({@code orders}). Empty for other topics.
   */
  static Map<String, Long> money(String topic, List<String> lines) {
    Map<String, Long> sums = new TreeMap<>();
    for (String line : lines) {
      switch (topic) {
        case "refunds" -> {
          Matcher amount = AMOUNT.matcher(line);
          Matcher currency = CURRENCY.matcher(line);
          if (amount.find() && currency.find()) {
            sums.merge(currency.group(1), Long.parseLong(amount.group(1)), Long::sum);
          }
        }
        case "penalties" -> {
          Matcher points = POINTS.matcher(line);
          if (points.find()) {
            sums.merge("points", Long.parseLong(points.group(1)), Long::sum);
          }
        }
        case "order-terminations" -> sums.merge("orders", 1L, Long::sum);
        default -> { }
      }
    }
    return sums;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts per kind of difference, for a table cell: "identical" or e.g. "2 missing, 1 differing". */
  public String verdict() {
    if (identical()) {
      return "identical";
    }
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    counts.put("duplicate", duplicates.size());
    counts.put("missing", missing.size());
    counts.put("unexpected", unexpected.size());
    counts.put("differing", differing.size());
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> {
      if (v > 0) {
        parts.add(v + " " + k);
      }
    });
    return String.join(", ", parts);
  }

  /** A few ids of each difference, for the report's details. */
  public Map<String, List<String>> examples(int limit) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (var kind : List.of(Map.entry("duplicate", duplicates), Map.entry("missing", missing), Map.entry("unexpected", unexpected),
        Map.entry("differing", differing))) {
      if (!kind.getValue().isEmpty()) {
        out.put(kind.getKey(), kind.getValue().subList(0, Math.min(limit, kind.getValue().size())));
      }
    }
    return out;
  }

}
