package com.creatormarket.integrity.simulator.generate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * How busy the marketplace is at a moment, relative to its daily mean (1.0): quiet before dawn,
 * a lunch bump and an evening peak, in the marketplace's local time. Precomputed per hour of the
 * simulated span and interpolated, so the traffic loop never touches time-zone rules.
 */
public final class DailyRhythm {

  /** Relative traffic by local hour, shaped after short-video apps' published daily curves. */
  private static final double[] BY_HOUR = {
      0.90, 0.60, 0.40, 0.30, 0.25, 0.30, 0.50, 0.80, 0.90, 0.90, 0.95, 1.05,
      1.30, 1.20, 1.00, 0.95, 1.00, 1.10, 1.25, 1.45, 1.60, 1.65, 1.50, 1.20};

  private static final long HOUR = 3_600_000L;

  private final long startMs;
  private final double[] atHour;
  private final double max;

  public DailyRhythm(long startMs, long endMs, ZoneId zone, double amplitude) {
    this.startMs = startMs;
    double mean = 0;
    for (double v : BY_HOUR) {
      mean += v;
    }
    mean /= BY_HOUR.length;
    int hours = (int) ((endMs - startMs) / HOUR) + 3;
    atHour = new double[hours];
    double m = 0;
    for (int i = 0; i < hours; i++) {
      ZonedDateTime local = Instant.ofEpochMilli(startMs + i * HOUR).atZone(zone);
      double hourOfDay = local.getHour() + local.getMinute() / 60.0;
      int h0 = (int) hourOfDay;
      double frac = hourOfDay - h0;
      double shape = (BY_HOUR[h0] * (1 - frac) + BY_HOUR[(h0 + 1) % 24] * frac) / mean;
      atHour[i] = 1 + amplitude * (shape - 1);
      m = Math.max(m, atHour[i]);
    }
    this.max = m;
  }

  public double at(long t) {
    long offset = t - startMs;
    if (offset < 0) {
      return atHour[0];
    }
    int i = (int) (offset / HOUR);
    if (i >= atHour.length - 1) {
      return atHour[atHour.length - 1];
    }
    double frac = (offset - i * HOUR) / (double) HOUR;
    return atHour[i] + (atHour[i + 1] - atHour[i]) * frac;
  }

  /** An upper bound of {@link #at} over the whole span. */
  public double max() {
    return max;
  }
}
