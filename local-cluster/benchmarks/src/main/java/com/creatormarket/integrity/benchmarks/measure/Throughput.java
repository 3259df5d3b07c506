package com.creatormarket.integrity.benchmarks.measure;

import java.util.List;

/**
 * Throughput over the steady part of a run: from the first sample past the warm-up to the last
 * sample before the input ran out, so neither start-up nor the drain at the end counts.
 *
 * @param eventsPerSecond events / wall seconds in the window
 * @param eventsPerCoreSecond events / CPU seconds the measured processes used in the window
 * @param cores CPU seconds / wall seconds: how many cores the run kept busy
 */
public record Throughput(double eventsPerSecond, double eventsPerCoreSecond, double cores, long events,
    double seconds, int samples) {

  /**
   * @param samples in time order; events non-decreasing
   * @param total events the run processes in all
   * @param warmup share of {@code total} treated as warm-up, e.g. 0.15
   * @return null when no two samples span part of the steady phase
   */
  public static Throughput of(List<Sample> samples, long total, double warmup) {
    Sample start = null;
    Sample end = null;
    for (Sample s : samples) {
      if (start == null && s.events() >= warmup * total && s.events() < total) {
        start = s;
      }
      if (s.events() < total) {
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
        countBetween(samples, start, end));
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
