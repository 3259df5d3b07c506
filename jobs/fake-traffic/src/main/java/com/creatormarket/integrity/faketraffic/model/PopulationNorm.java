package com.creatormarket.integrity.faketraffic.model;

/**
 * What honest traffic looks like across the whole marketplace right now, for the signals that judge
 * a video's share of events from shared devices and from fresh accounts: the event-weighted median,
 * over videos, of each share, from decayed histograms of per-video, per-period (hour) shares. A median
 * over videos, not a mean over events: the few videos a campaign hits do not move it, while a
 * marketplace where families share phones, or where farms spread cover over every video, moves it
 * for all videos alike (issue #14, thresholds relative to the population). A Flink POJO; the
 * population-norms stage keeps one and broadcasts a copy after each period.
 */
public class PopulationNorm {

  /** Histogram bins over a share of 0..1. */
  public static final int BINS = 50;

  /** The newest period learnt from (its start). */
  public long periodStart;
  /** Event time the histograms were last decayed to. */
  public long updatedAt;
  /** Decayed events per bin of the videos' shared-device share, and of their fresh-account share. */
  public double[] shared = new double[BINS];
  public double[] fresh = new double[BINS];
  /** Decayed events learnt from in all. */
  public double events;

  public PopulationNorm() {}

  /** Decays the histograms to {@code time} (never backwards). */
  public void decayTo(long time, long halfLifeMillis) {
    if (updatedAt != 0 && time > updatedAt) {
      double f = Math.pow(0.5, (double) (time - updatedAt) / halfLifeMillis);
      for (int i = 0; i < BINS; i++) {
        shared[i] *= f;
        fresh[i] *= f;
      }
      events *= f;
    }
    updatedAt = Math.max(updatedAt, time);
  }

  /** Learns one video's events of one period. */
  public void learn(long videoEvents, long sharedDeviceEvents, long freshEvents) {
    if (videoEvents <= 0) {
      return;
    }
    shared[bin((double) sharedDeviceEvents / videoEvents)] += videoEvents;
    fresh[bin((double) freshEvents / videoEvents)] += videoEvents;
    events += videoEvents;
  }

  /** Event-weighted median of the videos' shared-device share; NaN below {@code minEvents}. */
  public double sharedShare(double minEvents) {
    return events < minEvents ? Double.NaN : median(shared, events);
  }

  /** Event-weighted median of the videos' fresh-account share; NaN below {@code minEvents}. */
  public double freshShare(double minEvents) {
    return events < minEvents ? Double.NaN : median(fresh, events);
  }

  public PopulationNorm copy() {
    PopulationNorm c = new PopulationNorm();
    c.periodStart = periodStart;
    c.updatedAt = updatedAt;
    c.shared = shared.clone();
    c.fresh = fresh.clone();
    c.events = events;
    return c;
  }

  static int bin(double share) {
    return Math.max(0, Math.min(BINS - 1, (int) (share * BINS)));
  }

  /** The median, interpolated within its bin. */
  static double median(double[] bins, double total) {
    double half = total / 2;
    double below = 0;
    for (int i = 0; i < BINS; i++) {
      if (below + bins[i] >= half && bins[i] > 0) {
        return (i + (half - below) / bins[i]) / BINS;
      }
      below += bins[i];
    }
    return 1;
  }
}
