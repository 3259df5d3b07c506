package com.creatormarket.integrity.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The sweep command end to end on the robustness base world (one seed, two values of score.review:
 * the current 0.55 and 0.8): one CSV row per value, the current one marked, a stricter review
 * threshold never finds more, the PR curve and the chart written, a suggestion line; a knob the
 * job does not have, or a value its knob refuses, is a usage error (exit 2) naming it.
 */
class SweepTest {

  @TempDir Path out;

  @Test
  void sweepsOneKnobAndWritesTheCsvTheChartsAndASuggestion() throws Exception {
    int exit = new CommandLine(new Sweep()).execute("--knob", "score.review", "--values", "0.55,0.8", "--seeds", "101",
        "--out", out.toString());
    assertThat(exit).isZero();

    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(Files.newBufferedReader(out.resolve("sweep.csv"))).getRecords();
    assertThat(rows).extracting(r -> r.get("score.review")).containsExactly("0.55", "0.8");
    assertThat(rows).extracting(r -> r.get("current")).containsExactly("true", "false");
    double recallNow = Double.parseDouble(rows.get(0).get("recall"));
    double recallStricter = Double.parseDouble(rows.get(1).get("recall"));
    assertThat(recallNow).as("recall at the current threshold").isGreaterThan(0.5);
    assertThat(recallStricter).as("a stricter review threshold finds no more").isLessThanOrEqualTo(recallNow);
    assertThat(rows.get(0).get("honest_orders")).isNotEqualTo("0");
    assertThat(rows.get(0).toMap().keySet()).anySatisfy(k -> assertThat(k).endsWith("_recall"))
        .anySatisfy(k -> assertThat(k).endsWith("_precision"));
    assertThat(rows.get(0).get("bot_views_orders")).as("every attack kind of the base world has orders").isNotEqualTo("0");

    assertThat(Files.size(out.resolve("sweep-pr.png"))).isGreaterThan(5_000);
    assertThat(Files.size(out.resolve("sweep-score-review.png"))).isGreaterThan(5_000);
    assertThat(Files.readString(out.resolve("sweep.md"))).contains("| 0.55 (current) |").contains("Suggested for honest FPR <= 0.10%");
  }

  @Test
  void anUnknownKnobOrARefusedValueIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Sweep());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--knob", "score.nonsense", "--values", "1", "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no knob 'score.nonsense'");
    assertThat(cli.execute("--knob", "score.review", "--values", "0.5,high", "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("bad value 'high' for key 'score.review'; allowed:");
  }
}
