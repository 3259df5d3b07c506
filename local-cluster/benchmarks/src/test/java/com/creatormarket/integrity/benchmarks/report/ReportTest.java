package com.creatormarket.integrity.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void readsFlinkDurations() {
    assertThat(Report.seconds("10s")).isEqualTo(10);
    assertThat(Report.seconds("10 s")).isEqualTo(10);
    assertThat(Report.seconds("500ms")).isEqualTo(0.5);
    assertThat(Report.seconds("1 min")).isEqualTo(60);
    assertThat(Report.seconds("10000")).isEqualTo(10);
  }

  @Test
  void attributesAChainsStateToItsFirstOperator() {
    // The video stage is chained to its sinks: its state is the video's, not a sink's.
    assertThat(Report.firstOperator("video-judge -> (flagged-case-sink: Writer -> flagged-case-sink: Committer, "
        + "verified-metrics-sink: Writer -> verified-metrics-sink: Committer)")).isEqualTo("video-judge");
    assertThat(Report.firstOperator("account-features -> video-bucket-combiner")).isEqualTo("account-features");
    assertThat(Report.firstOperator("Source: engagement-source -> engagement-triage")).isEqualTo("source: engagement-source");
    assertThat(Report.firstOperator("dead-letter-sink: Writer -> dead-letter-sink: Committer")).isEqualTo("dead-letter-sink: writer");
  }
}
