package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Viewer regions (the event's ISO 3166-1 alpha-2 country) as two-letter codes packed in a char,
 * for the population baselines per region (issue #14): families share phones in one market and not
 * in another, and a growing market has many new accounts. Anything but two ASCII letters is
 * {@link #UNKNOWN}, so a hostile country string cannot make more than 26 x 26 regions.
 */
public final class Regions {

  /** No usable country: judged against the whole marketplace. */
  public static final char UNKNOWN = 0;

  /** Viewer regions a video's state counts apart; the rest count under {@link #UNKNOWN} (the marketplace's baseline). */
  public static final int AUDIENCE_REGIONS = 16;

  private Regions() {}

  /**
   * Adds a judged bucket's events per region to the video's audience, then sets the video's
   * population shares from the bucket's stamp: its regions' medians weighted by the audience, the
   * marketplace's for the rest. A bucket without a stamp (no norm yet) leaves the shares as they were.
   */
  public static void judge(VideoState st, VideoPartial p) {
    if (p.regions != null && p.regions.length > 0) {
      if (st.audienceRegions == null) {
        st.audienceRegions = new char[0];
        st.audienceEvents = new long[0];
      }
      for (int i = 0; i < p.regions.length; i++) {
        char r = p.regions[i];
        int at = Arrays.binarySearch(st.audienceRegions, r);
        if (at < 0 && st.audienceRegions.length >= AUDIENCE_REGIONS + (r == UNKNOWN ? 1 : 0)) {
          r = UNKNOWN;
          at = Arrays.binarySearch(st.audienceRegions, r);
        }
        if (at < 0) {
          at = -at - 1;
          char[] regions = new char[st.audienceRegions.length + 1];
          long[] events = new long[regions.length];
          System.arraycopy(st.audienceRegions, 0, regions, 0, at);
          System.arraycopy(st.audienceEvents, 0, events, 0, at);
          regions[at] = r;
          System.arraycopy(st.audienceRegions, at, regions, at + 1, st.audienceRegions.length - at);
          System.arraycopy(st.audienceEvents, at, events, at + 1, st.audienceEvents.length - at);
          st.audienceRegions = regions;
          st.audienceEvents = events;
        }
        st.audienceEvents[at] += p.regionEvents[i];
      }
    }
    if (!Double.isNaN(p.populationSharedShare)) {
      long total = 0;
      if (st.audienceEvents != null) {
        for (long e : st.audienceEvents) {
          total += e;
        }
      }
      st.populationSharedShare = expected(st.audienceRegions, st.audienceEvents, total, norms(p.normRegions, p.normShared),
          p.populationSharedShare);
      st.populationFreshShare = expected(st.audienceRegions, st.audienceEvents, total, norms(p.normRegions, p.normFresh),
          p.populationFreshShare);
    }
  }

  public static char code(CharSequence country) {
    if (country == null || country.length() != 2) {
      return UNKNOWN;
    }
    char a = Character.toUpperCase(country.charAt(0));
    char b = Character.toUpperCase(country.charAt(1));
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
      return UNKNOWN;
    }
    return (char) (a << 8 | b);
  }

  public static String name(char code) {
    return code == UNKNOWN ? "??" : new String(new char[] {(char) (code >> 8), (char) (code & 0xff)});
  }

  /**
   * The baseline a video's audience mix expects: each region's events against the region's median
   * where the population knows it, the marketplace's median for the rest (and for events without a
   * region). {@code regions}/{@code events} ascending and aligned; {@code norms} the region medians
   * known (NaN where not). NaN when the marketplace's median is unknown.
   */
  public static double expected(char[] regions, long[] events, long total, Map<Character, Float> norms, double marketplace) {
    if (Double.isNaN(marketplace)) {
      return Double.NaN;
    }
    if (regions == null || total <= 0 || norms.isEmpty()) {
      return marketplace;
    }
    double sum = 0;
    long counted = 0;
    for (int i = 0; i < regions.length; i++) {
      Float m = norms.get(regions[i]);
      double base = m == null || m.isNaN() ? marketplace : m;
      sum += events[i] * base;
      counted += events[i];
    }
    sum += Math.max(0, total - counted) * marketplace;
    return sum / Math.max(total, counted);
  }

  /** The region medians a partial was stamped with, by region. */
  public static Map<Character, Float> norms(char[] regions, float[] medians) {
    Map<Character, Float> m = new TreeMap<>();
    if (regions != null && medians != null) {
      for (int i = 0; i < regions.length && i < medians.length; i++) {
        m.put(regions[i], medians[i]);
      }
    }
    return m;
  }
}
