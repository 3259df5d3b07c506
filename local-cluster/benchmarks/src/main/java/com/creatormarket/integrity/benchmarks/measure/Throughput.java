package com.creatormarket.integrity.benchmarks.measure;

import java.util.List;

/**
 * Throughput over the steady part of a run: from the first sample past the warm-up to the last
 * sample before the input ran out, so neither start-up nor the drain at the end counts.
 *
 * @param eventsPerSecond events / wall seconds in the window
 * @param eventsPerCoreSecond events / CPU seconds the measured processes used in the window
 * @param cores CPU seconds / wall seconds: how many cores the run kept busy
 * @param from seconds since the run began at which the window starts
 */
public record Throughput(double eventsPerSecond, double eventsPerCoreSecond, double cores, long events,
    double seconds, int samples, double from) {

  /**
   * @param samples in time order; events non-decreasing
   * @param total events the run processes in all
   * @param warmup share of {@code total} treated as warm-up, e.g. 0.15
   * @return null when no two samples span part of the steady phase
   */
  public static Throughput of(List<Sample> samples, long total, double warmup) {
    return window(samples, total, warmup, false);
  }

  /**
   * A run stopped at its time box before its input ran out: every sample after the warm-up (that
   * share of the events it did read) is steady, the last one included.
   */
  public static Throughput ofTimeBoxed(List<Sample> samples, double warmup) {
    long read = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).events();
    return window(samples, read, warmup, true);
  }

  private static Throughput window(List<Sample> samples, long total, double warmup, boolean lastIsSteady) {
    Sample start = null;
    Sample end = null;
    for (Sample s : samples) {
      boolean steady = s.events() < total || lastIsSteady;
      if (start == null && s.events() >= warmup * total && steady) {
        start = s;
      }
      if (steady) {
        end = s;
      }
    }
    if (start == null || end == null || end.events() <= start.events() || end.seconds() <= start.seconds()) {
      return null;
    }
    long events = end.events() - start.events();
    double seconds = end.seconds() - start.seconds();
    double cpu = end.cpuSeconds() - start.cpuSeconds();
    return new Throughput(events / seconds, cpu > 0 ? events / cpu : Double.NaN, cpu / seconds, events, seconds,
        countBetween(samples, start, end), start.seconds());
  }

  /** Events done at {@code seconds}, linear between the samples around it. */
  public static double eventsAt(List<Sample> samples, double seconds) {
    Sample before = samples.get(0);
    for (Sample s : samples) {
      if (s.seconds() >= seconds) {
        double span = s.seconds() - before.seconds();
        return span <= 0 ? s.events() : before.events() + (s.events() - before.events()) * (seconds - before.seconds()) / span;
      }
      before = s;
    }
    return before.events();
  }

  private static int countBetween(List<Sample> samples, Sample start, Sample end) {
    int count = 0;
    for (Sample s : samples) {
      if (s.seconds() >= start.seconds() && s.seconds() <= end.seconds()) {
        count++;
      }
    }
    return count;
  }
}
