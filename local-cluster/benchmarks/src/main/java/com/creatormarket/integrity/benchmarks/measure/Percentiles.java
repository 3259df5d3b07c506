package com.creatormarket.integrity.benchmarks.measure;

import java.util.Arrays;

/** Percentiles of a sample by the nearest-rank method (no interpolation: every answer was observed). */
public final class Percentiles {

  private final long[] sorted;

  public Percentiles(long[] values, int count) {
    this.sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
  }

  public int count() {
    return sorted.length;
  }

  /** The smallest value with at least p percent of the sample at or below it; p in (0, 100]. */
  public long at(double p) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  public long max() {
    return at(100);
  }

  public long min() {
    return sorted[0];
  }
}
