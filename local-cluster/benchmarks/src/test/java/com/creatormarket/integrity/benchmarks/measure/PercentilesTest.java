package com.creatormarket.integrity.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfOneToHundred() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[99 - i] = i + 1;
    }
    Percentiles p = new Percentiles(values, 100);
    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(99)).isEqualTo(99);
    assertThat(p.at(100)).isEqualTo(100);
    assertThat(p.min()).isEqualTo(1);
  }

  @Test
  void usesOnlyTheFilledPrefix() {
    Percentiles p = new Percentiles(new long[] {7, 3, 0, 0}, 2);
    assertThat(p.count()).isEqualTo(2);
    assertThat(p.at(50)).isEqualTo(3);
    assertThat(p.max()).isEqualTo(7);
  }

  @Test
  void p99OfFewValuesIsTheMaximum() {
    assertThat(new Percentiles(new long[] {5, 1, 9}, 3).at(99)).isEqualTo(9);
  }

  @Test
  void rejectsBadPercentilesAndEmptySamples() {
    assertThatThrownBy(() -> new Percentiles(new long[] {1}, 1).at(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Percentiles(new long[0], 0).at(50)).isInstanceOf(IllegalStateException.class);
  }
}
