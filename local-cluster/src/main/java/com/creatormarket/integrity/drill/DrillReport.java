package com.creatormarket.integrity.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The drill's Markdown report: for each faulted run, what was injected and when, how long the jobs
 * took to run again, their restarts, and every output topic against the clean run of the same input
 * (duplicate, missing, unexpected and differing records, and the money moved); for the poison run,
 * whether every bad record became its dead letters. A run passes when its money topics have no
 * duplicate, missing, unexpected or differing record, every output topic equals the clean run's,
 * the dead letters of good records are the clean run's, and (poison) every bad record is accounted
 * for and no job restarted.
 * Usage: DrillReport DRILL_DIR (holds drill.tsv and one folder per run, {@code clean} first); writes
 * DRILL_DIR/report.md, prints it, exits 1 when a run did not pass.
 */
public final class DrillReport {

  private DrillReport() {}

  /** One faulted run's findings. */
  record RunFindings(String name, List<String[]> faults, Map<String, String> restarts, String seconds,
      List<OutputComparison> topics, List<String> deadLetterDifferences, PoisonAccounting poison) {

    boolean moneyIntact() {
      return topics.stream().filter(t -> OutputComparison.MONEY_TOPICS.contains(t.topic())).allMatch(OutputComparison::identical);
    }

    boolean passed() {
      boolean noPoisonRestart = poison == null || restarts.values().stream().allMatch("0"::equals);
      return topics.stream().allMatch(OutputComparison::identical) && deadLetterDifferences.isEmpty()
          && (poison == null || poison.complete()) && noPoisonRestart;
    }
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String report = render(dir);
    Files.writeString(dir.resolve("report.md"), report);
    System.out.print(report);
    System.exit(report.contains("| **FAIL** ") ? 1 : 0);
  }

  static String render(Path dir) throws IOException {
    Map<String, String> drill = keyValues(dir.resolve("drill.tsv"));
    Path clean = dir.resolve("clean");
    // In the order the drill ran them (drill.tsv's "faults"), else by name.
    List<String> runs;
    try (Stream<Path> s = Files.list(dir)) {
      runs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.equals("clean")).sorted().toList();
    }
    List<String> order = List.of(drill.getOrDefault("faults", "").split(","));
    runs = runs.stream().sorted(java.util.Comparator.comparingInt((String r) -> order.contains(r) ? order.indexOf(r) : order.size())
        .thenComparing(r -> r)).toList();
    List<String> cleanLetters = PoisonAccounting.readLetters(clean.resolve("dead-letters.tsv")).stream()
        .map(PoisonAccounting.Letter::normalized).sorted().toList();
    List<RunFindings> findings = new ArrayList<>();
    for (String run : runs) {
      findings.add(findings(dir.resolve(run), clean, cleanLetters));
    }

    StringBuilder md = new StringBuilder();
    md.append("# Reliability drill ").append(drill.getOrDefault("started", "")).append("\n\n");
    md.append(String.format("Scenario `%s`, seed %s: %s events through the three jobs on the local cluster (`%s`), once cleanly"
            + " (%s s) and once per fault. Each faulted run's outputs, read committed, against the clean run's, by record id.%n%n",
        drill.get("scenario"), drill.get("seed"), drill.get("events"), drill.get("command"), read(clean.resolve("seconds"))));
    md.append("Clean run: ").append(counts(clean)).append(".\n\n");
    md.append("| run | money topics (penalties, terminations, refunds) | cases, metrics and other outputs | dead letters | restarts | took | verdict |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (RunFindings f : findings) {
      String others = f.topics().stream().filter(t -> !OutputComparison.MONEY_TOPICS.contains(t.topic()))
          .allMatch(OutputComparison::identical) ? "identical" : "differ (below)";
      String letters = f.poison() == null ? (f.deadLetterDifferences().isEmpty() ? "as clean" : "differ (below)")
          : String.format("%,d of %,d bad records' dead letters found%s", f.poison().matched(), f.poison().expected(),
              f.poison().complete() && f.deadLetterDifferences().isEmpty() ? "; good records' as clean" : "; problems below");
      md.append(String.format("| %s | %s | %s | %s | %s | %s s | %s |%n", f.name(), f.moneyIntact() ? "identical" : "differ (below)",
          others, letters, restartsCell(f.restarts()), f.seconds(), f.passed() ? "pass" : "**FAIL**"));
    }
    md.append("\nRestarts are counted from each job's exception history on the JobManager that ran it at the end; a JobManager"
        + " that took the jobs back after a kill starts that history afresh, so its run shows the restarts after the takeover only."
        + " Recovery times run from the fault until every job is RUNNING with all its tasks.\n");
    for (RunFindings f : findings) {
      md.append("\n## ").append(f.name()).append("\n\n");
      md.append("| after traffic start | fault | outcome |\n| --- | --- | --- |\n");
      for (String[] fault : f.faults()) {
        md.append(String.format("| %s s | %s | %s |%n", fault[0], fault[1], fault.length > 2 ? fault[2] : ""));
      }
      md.append("\n| topic | clean | faulted | duplicate | missing | unexpected | differing | moved (clean / faulted) |\n");
      md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
      for (OutputComparison t : f.topics()) {
        md.append(String.format("| %s | %,d | %,d | %d | %d | %d | %d | %s |%n", t.topic(), t.cleanRecords(), t.faultedRecords(),
            t.duplicates().size(), t.missing().size(), t.unexpected().size(), t.differing().size(),
            t.cleanMoney().isEmpty() ? "" : moved(t.cleanMoney()) + " / " + moved(t.faultedMoney())));
      }
      for (OutputComparison t : f.topics()) {
        t.examples(5).forEach((kind, ids) -> md.append("- ").append(t.topic()).append(", ").append(kind).append(": ")
            .append(String.join(", ", ids)).append(ids.size() < 5 ? "" : ", ...").append('\n'));
      }
      md.append("\nRestarts per job (exception history): ").append(f.restarts()).append('\n');
      if (!f.deadLetterDifferences().isEmpty()) {
        md.append("\nDead letters of good records against the clean run (job topic kind code: clean, faulted): ")
            .append(String.join("; ", f.deadLetterDifferences())).append('\n');
      }
      if (f.poison() != null) {
        PoisonAccounting p = f.poison();
        md.append(String.format("%nBad records: %,d dead letters owed (one per reading job), %,d found at their topic, partition and"
            + " offset; missing %d, duplicated %d, wrong kind or code %d.%n", p.expected(), p.matched(), p.missing().size(),
            p.duplicated().size(), p.wrong().size()));
        Stream.of(p.missing(), p.duplicated(), p.wrong()).flatMap(l -> l.stream().limit(5)).forEach(s -> md.append("- ").append(s).append('\n'));
      }
    }
    return md.toString();
  }

  static RunFindings findings(Path run, Path clean, List<String> cleanLetters) throws IOException {
    List<String[]> faults = Files.exists(run.resolve("faults.tsv"))
        ? Files.readAllLines(run.resolve("faults.tsv")).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList()
        : List.of();
    Map<String, String> restarts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(run.resolve("jobs.tsv"))) {
      String[] f = line.split("\t", -1);
      if (!f[0].equals("job")) {
        restarts.put(f[0], f[1].equals("RUNNING") ? f[2] : f[1]);
      }
    }
    // A run that began on an earlier release is compared on what that release's contracts hold
    // (its records lack the fields added since; the clean run ran this build throughout).
    String contracts = keyValues(run.resolve("upgrade-from.tsv")).get("contracts");
    String outputs = contracts == null ? "outputs" : "outputs-as-" + contracts;
    List<OutputComparison> topics = OutputComparison.of(clean.resolve(outputs), run.resolve(outputs));
    PoisonAccounting poison = null;
    List<String> letters;
    if (Files.exists(run.resolve("poison.tsv"))) {
      poison = PoisonAccounting.of(run.resolve("poison.tsv"), run.resolve("dead-letters.tsv"));
      letters = poison.ofGoodRecords();
    } else {
      letters = PoisonAccounting.readLetters(run.resolve("dead-letters.tsv")).stream().map(PoisonAccounting.Letter::normalized)
          .sorted().toList();
    }
    return new RunFindings(run.getFileName().toString(), faults, restarts, read(run.resolve("seconds")), topics,
        letterDifferences(cleanLetters, letters), poison);
  }

  /** Per job, topic, kind and code whose count differs: "key: clean n, faulted m". */
  static List<String> letterDifferences(List<String> clean, List<String> faulted) {
    Map<String, Long> a = PoisonAccounting.counts(clean);
    Map<String, Long> b = PoisonAccounting.counts(faulted);
    return Stream.concat(a.keySet().stream(), b.keySet().stream()).distinct().sorted()
        .filter(k -> !a.getOrDefault(k, 0L).equals(b.getOrDefault(k, 0L)))
        .map(k -> k + ": " + a.getOrDefault(k, 0L) + ", " + b.getOrDefault(k, 0L)).toList();
  }

  /** Refunds in major units per currency, penalties in points, terminations in orders. */
  static String moved(Map<String, Long> sums) {
    if (sums.isEmpty()) {
      return "none";
    }
    return sums.entrySet().stream().map(e -> e.getKey().matches("[A-Z]{3}")
        ? String.format("%s %,.2f", e.getKey(), e.getValue() / 100.0) : String.format("%,d %s", e.getValue(), e.getKey()))
        .collect(Collectors.joining(", "));
  }

  private static String restartsCell(Map<String, String> restarts) {
    return restarts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static String counts(Path run) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String topic : new java.util.TreeSet<>(OutputComparison.ID_FIELDS.keySet())) {
      Path file = run.resolve("outputs").resolve(topic + ".jsonl");
      long n = Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
      parts.add(String.format("%,d %s", n, topic));
    }
    return String.join(", ", parts);
  }

  private static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] kv = line.split("\t", 2);
        if (kv.length == 2) {
          out.put(kv[0], kv[1]);
        }
      }
    }
    return out;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file).strip() : "?";
  }
}
