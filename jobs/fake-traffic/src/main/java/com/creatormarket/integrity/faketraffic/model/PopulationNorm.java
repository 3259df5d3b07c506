package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;

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
  /** Regions learnt separately; later ones learn only the marketplace's (a hostile country field cannot grow the norm). */
  public static final int MAX_REGIONS = 128;

  /** The newest period learnt from (its start). */
  public long periodStart;
  /** Event time the histograms were last decayed to. */
  public long updatedAt;
  /** Decayed events per bin of the videos' shared-device share, and of their fresh-account share. */
  public double[] shared = new double[BINS];
  public double[] fresh = new double[BINS];
  /** Decayed events learnt from in all. */
  public double events;
  /**
   * The same per viewer segment ({@link Regions}: a country, or a country and platform), ascending,
   * at most {@link #MAX_REGIONS}: bins
   * {@code i * BINS ..} of {@link #regionShared} and {@link #regionFresh} are region {@code i}'s. A
   * region learns from a video's hour only where it brought the video at least the cell minimum of
   * events: a region's median is that of the audiences it forms, not of stray viewers (one or two
   * events a video-hour would put every share at 0 or 1).
   */
  public char[] regions = new char[0];
  public double[] regionShared = new double[0];
  public double[] regionFresh = new double[0];
  public double[] regionEvents = new double[0];

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
      for (int i = 0; i < regionShared.length; i++) {
        regionShared[i] *= f;
        regionFresh[i] *= f;
      }
      for (int i = 0; i < regionEvents.length; i++) {
        regionEvents[i] *= f;
      }
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

  /** Learns one video's events of one period from one region (see {@link #regions}). */
  public void learnRegion(char region, long videoEvents, long sharedDeviceEvents, long freshEvents) {
    if (videoEvents <= 0) {
      return;
    }
    int i = Arrays.binarySearch(regions, region);
    if (i < 0) {
      if (regions.length >= MAX_REGIONS) {
        return;
      }
      i = -i - 1;
      regions = insert(regions, i, region);
      regionEvents = insert(regionEvents, i, 1, 0);
      regionShared = insert(regionShared, i * BINS, BINS, 0);
      regionFresh = insert(regionFresh, i * BINS, BINS, 0);
    }
    regionShared[i * BINS + bin((double) sharedDeviceEvents / videoEvents)] += videoEvents;
    regionFresh[i * BINS + bin((double) freshEvents / videoEvents)] += videoEvents;
    regionEvents[i] += videoEvents;
  }

  /** The regions whose medians are known ({@code minEvents} learnt), ascending. */
  public char[] knownRegions(double minEvents) {
    StringBuilder known = new StringBuilder();
    for (int i = 0; i < regions.length; i++) {
      if (regionEvents[i] >= minEvents) {
        known.append(regions[i]);
      }
    }
    return known.toString().toCharArray();
  }

  /** A region's event-weighted median shared-device share; NaN below {@code minEvents} or when not learnt. */
  public double sharedShare(char region, double minEvents) {
    int i = Arrays.binarySearch(regions, region);
    return i < 0 || regionEvents[i] < minEvents ? Double.NaN
        : median(regionShared, i * BINS, regionEvents[i]);
  }

  /** A region's event-weighted median fresh-account share; NaN below {@code minEvents} or when not learnt. */
  public double freshShare(char region, double minEvents) {
    int i = Arrays.binarySearch(regions, region);
    return i < 0 || regionEvents[i] < minEvents ? Double.NaN
        : median(regionFresh, i * BINS, regionEvents[i]);
  }

  private static char[] insert(char[] a, int at, char v) {
    char[] b = new char[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private static double[] insert(double[] a, int at, int n, double v) {
    double[] b = new double[a.length + n];
    System.arraycopy(a, 0, b, 0, at);
    Arrays.fill(b, at, at + n, v);
    System.arraycopy(a, at, b, at + n, a.length - at);
    return b;
  }

  /** Event-weighted median of the videos' shared-device share; NaN below {@code minEvents}. */
  public double sharedShare(double minEvents) {
    return events < minEvents ? Double.NaN : median(shared, 0, events);
  }

  /** Event-weighted median of the videos' fresh-account share; NaN below {@code minEvents}. */
  public double freshShare(double minEvents) {
    return events < minEvents ? Double.NaN : median(fresh, 0, events);
  }

  public PopulationNorm copy() {
    PopulationNorm c = new PopulationNorm();
    c.periodStart = periodStart;
    c.updatedAt = updatedAt;
    c.shared = shared.clone();
    c.fresh = fresh.clone();
    c.events = events;
    c.regions = regions.clone();
    c.regionShared = regionShared.clone();
    c.regionFresh = regionFresh.clone();
    c.regionEvents = regionEvents.clone();
    return c;
  }

  static int bin(double share) {
    return Math.max(0, Math.min(BINS - 1, (int) (share * BINS)));
  }

  /** The median, interpolated within its bin. */
  static double median(double[] bins, int from, double total) {
    double half = total / 2;
    double below = 0;
    for (int i = 0; i < BINS; i++) {
      double b = bins[from + i];
      if (below + b >= half && b > 0) {
        return (i + (half - below) / b) / BINS;
      }
      below += b;
    }
    return 1;
  }
}
