package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportTest {

  private static final String REFUND = "{\"refundId\": \"r1\", \"amountMinor\": 100, \"currency\": \"CNY\"}";
  private static final String METRICS = "{\"metricsId\": \"m1\", \"views\": 10}";

  private static void run(Path dir, String name, List<String> refunds, String restarts) throws IOException {
    Path run = Files.createDirectories(dir.resolve(name).resolve("outputs"));
    Files.write(run.resolve("refunds.jsonl"), refunds);
    Files.write(run.resolve("verified-metrics.jsonl"), List.of(METRICS));
    Files.write(run.getParent().resolve("jobs.tsv"), List.of("job\tstate\trestarts", "fake-traffic\tRUNNING\t" + restarts,
        "retention\tRUNNING\t0", "enforcement\tRUNNING\t" + restarts));
    Files.write(run.getParent().resolve("dead-letters.tsv"), List.of("job\ttopic\tpartition\toffset\tkind\tcode"));
    Files.writeString(run.getParent().resolve("seconds"), "300\n");
    Files.write(run.getParent().resolve("faults.tsv"), List.of("30\tSIGKILL taskmanager-1, back 10 s later\trecovered in 21.5 s"));
  }

  @Test
  void aRunWithTheCleanRunsOutputsPassesAndOneThatLostARefundFails(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("drill.tsv"), List.of("started\t2026-12-03T170000Z", "scenario\tmid-day", "seed\t2", "events\t1,105,040",
        "faults\ttaskmanager,broker"));
    run(dir, "clean", List.of(REFUND), "0");
    run(dir, "broker", List.of(), "1");
    run(dir, "taskmanager", List.of(REFUND), "3");

    String report = DrillReport.render(dir);

    assertThat(report).contains("Scenario `mid-day`, seed 2: 1,105,040 events");
    assertThat(report).containsPattern("\\| broker \\| differ \\(below\\) \\| identical \\| as clean \\| fake-traffic 1, retention 0, enforcement 1 \\| 300 s \\| \\*\\*FAIL\\*\\* \\|");
    assertThat(report).containsPattern("\\| taskmanager \\| identical \\| identical \\| as clean \\| fake-traffic 3, retention 0, enforcement 3 \\| 300 s \\| pass \\|");
    assertThat(report).contains("| refunds | 1 | 0 | 0 | 1 | 0 | 0 | CNY 1.00 / none |", "- refunds, missing: r1");
    assertThat(report.indexOf("| taskmanager |")).as("runs in the drill's order").isLessThan(report.indexOf("| broker |"));
    assertThat(report).contains("| 30 s | SIGKILL taskmanager-1, back 10 s later | recovered in 21.5 s |");
  }

  @Test
  void aPoisonRunPassesOnlyWhenEveryBadRecordIsDeadLetteredAndNoJobRestarted(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("drill.tsv"), List.of("scenario\tmid-day"));
    run(dir, "clean", List.of(REFUND), "0");
    run(dir, "poison", List.of(REFUND), "0");
    Files.write(dir.resolve("poison").resolve("poison.tsv"), List.of("topic\tpartition\toffset\tlabel\tkind\tcode\treaders",
        "order-events\t0\t5\trandom-bytes\tUNREADABLE\tundecodable\tfake-traffic"));
    Files.write(dir.resolve("poison").resolve("dead-letters.tsv"), List.of("job\ttopic\tpartition\toffset\tkind\tcode",
        "fake-traffic\torder-events\t0\t5\tUNREADABLE\tundecodable"));
    assertThat(DrillReport.render(dir)).contains("1 of 1 bad records' dead letters found; good records' as clean").contains("| pass |");

    Files.write(dir.resolve("poison").resolve("dead-letters.tsv"), List.of("job\ttopic\tpartition\toffset\tkind\tcode"));
    String report = DrillReport.render(dir);
    assertThat(report).contains("0 of 1 bad records' dead letters found; problems below", "| **FAIL** |",
        "- fake-traffic order-events[0]@5 random-bytes");
  }

  @Test
  void anUpgradeFromAnEarlierReleaseIsComparedOnThatReleasesFields(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("drill.tsv"), List.of("scenario\tmid-day"));
    // Whole records differ: the clean run's carry a field the release's records (before the upgrade) lack.
    run(dir, "clean", List.of(REFUND.replace("}", ", \"note\": \"new\"}")), "0");
    run(dir, "upgrade", List.of(REFUND), "0");
    for (String name : List.of("clean", "upgrade")) {
      Path asRelease = Files.createDirectories(dir.resolve(name).resolve("outputs-as-v5"));
      Files.write(asRelease.resolve("refunds.jsonl"), List.of(REFUND));
      Files.write(asRelease.resolve("verified-metrics.jsonl"), List.of(METRICS));
    }
    assertThat(DrillReport.render(dir)).as("without the release named, whole records").contains("| **FAIL** |");

    Files.write(dir.resolve("upgrade").resolve("upgrade-from.tsv"), List.of("release\trelease-2026-12-04", "contracts\tv5"));
    assertThat(DrillReport.render(dir)).contains("| upgrade | identical | identical | as clean |").contains("| pass |");
  }
}
