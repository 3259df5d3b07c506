package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.DeadLetter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether every bad record a drill wrote became its dead letters: one per job that reads its topic,
 * found by job, topic, partition and offset, with the expected kind and reason code. Reads the
 * poison listing ({@link PoisonRecords#writeListing}) and the run's dead letters with their
 * coordinates ({@link RunRecord}); the dead letters of good records are counted apart, for the
 * comparison with the clean run.
 */
public record PoisonAccounting(int expected, int matched, List<String> missing, List<String> duplicated, List<String> wrong,
    List<String> ofGoodRecords) {

  /** A dead letter's columns in {@code dead-letters.tsv}: job, topic, partition, offset, kind, reason code. */
  record Letter(String job, String topic, int partition, long offset, String kind, String code) {
    static final String HEADER = "job\ttopic\tpartition\toffset\tkind\tcode";

    /** The reason code is the reason up to its first colon. */
    static Letter of(DeadLetter d) {
      int colon = d.getReason().indexOf(':');
      return new Letter(d.getJob(), d.getTopic(), d.getPartition(), d.getOffset(), d.getKind().name(),
          colon < 0 ? d.getReason() : d.getReason().substring(0, colon));
    }

    String tsv() {
      return String.join("\t", job, topic, Integer.toString(partition), Long.toString(offset), kind, code);
    }

    String at() {
      return coordinates(job, topic, partition, offset);
    }

    /** As two runs can compare it: partition and offset shift with delivery. */
    String normalized() {
      return job + " " + topic + " " + kind + " " + code;
    }
  }

  public boolean complete() {
    return missing.isEmpty() && duplicated.isEmpty() && wrong.isEmpty();
  }

  public static PoisonAccounting of(Path listing, Path deadLetters) throws IOException {
    return of(Files.readAllLines(listing), readLetters(deadLetters));
  }

  static PoisonAccounting of(List<String> listingLines, List<Letter> letters) {
    Map<String, List<Letter>> byAt = new HashMap<>();
    letters.forEach(l -> byAt.computeIfAbsent(l.at(), k -> new ArrayList<>()).add(l));
    Set<String> poisonAt = new HashSet<>();
    List<String> missing = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    int expected = 0;
    int matched = 0;
    for (String line : listingLines.subList(Math.min(1, listingLines.size()), listingLines.size())) {
      // topic, partition, offset, label, kind, code, readers
      String[] f = line.split("\t", -1);
      for (String job : f[6].split(",")) {
        expected++;
        String at = coordinates(job, f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]));
        poisonAt.add(at);
        List<Letter> found = byAt.getOrDefault(at, List.of());
        String what = at + " " + f[3];
        if (found.isEmpty()) {
          missing.add(what);
          continue;
        }
        matched++;
        if (found.size() > 1) {
          duplicated.add(what + ": " + found.size() + " dead letters");
        }
        Letter d = found.get(0);
        if (!d.kind().equals(f[4]) || !d.code().equals(f[5])) {
          wrong.add(what + ": expected " + f[4] + " " + f[5] + ", got " + d.kind() + " " + d.code());
        }
      }
    }
    List<String> ofGood = letters.stream().filter(l -> !poisonAt.contains(l.at())).map(Letter::normalized).sorted().toList();
    return new PoisonAccounting(expected, matched, missing, duplicated, wrong, ofGood);
  }

  static List<Letter> readLetters(Path file) throws IOException {
    List<Letter> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("job\t")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      out.add(new Letter(f[0], f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), f[4], f[5]));
    }
    return out;
  }

  /** The dead letters of good records, by job, topic, kind and code, as counts. */
  public static Map<String, Long> counts(List<String> normalized) {
    Map<String, Long> counts = new TreeMap<>();
    normalized.forEach(n -> counts.merge(n, 1L, Long::sum));
    return counts;
  }

  private static String coordinates(String job, String topic, int partition, long offset) {
    return job + " " + topic + "[" + partition + "]@" + offset;
  }
}
