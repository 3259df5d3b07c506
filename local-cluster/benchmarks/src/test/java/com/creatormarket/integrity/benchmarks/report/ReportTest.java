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
}
