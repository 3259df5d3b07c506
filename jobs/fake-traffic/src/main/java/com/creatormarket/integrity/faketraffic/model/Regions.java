package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;

/**
 * Viewer segments for the population baselines per region and platform (issue #14): families share
 * phones in one market and not in another, a growing market has many new accounts, and so may a
 * new app. A segment is the event's country (ISO 3166-1 alpha-2) and its client's platform family,
 * packed in a char: the country in the low {@link #COUNTRY_BITS} bits (1..728, two letters), the
 * platform above them. Anything but two ASCII letters is an unknown country and any client but the
 * known families an unknown platform, so a hostile field cannot make more than 729 x 6 segments.
 * A segment's baseline falls back to its country's (platform unknown), then to the marketplace's.
 */
public final class Regions {

  /** No usable country nor platform: judged against the whole marketplace. */
  public static final char UNKNOWN = 0;
  static final int COUNTRY_BITS = 10;
  private static final int COUNTRY_MASK = (1 << COUNTRY_BITS) - 1;
  /** Platform families, by the client's name before its version (e.g. {@code android-33.2}); index 0: unknown. */
  static final String[] PLATFORMS = {"", "android", "ios", "harmonyos", "web"};

  /** Viewer segments a video's state counts apart; beyond them a segment counts under its country, then {@link #UNKNOWN}. */
  public static final int AUDIENCE_REGIONS = 16;

  private Regions() {}

  /** The country alone: two letters, or {@link #UNKNOWN}. */
  public static char code(CharSequence country) {
    if (country == null || country.length() != 2) {
      return UNKNOWN;
    }
    int a = Character.toUpperCase(country.charAt(0)) - 'A';
    int b = Character.toUpperCase(country.charAt(1)) - 'A';
    if (a < 0 || a >= 26 || b < 0 || b >= 26) {
      return UNKNOWN;
    }
    return (char) ((a + 1) * 27 + b + 1);
  }

  /** The country and the client's platform family. */
  public static char segment(CharSequence country, CharSequence client) {
    return (char) (code(country) | platform(client) << COUNTRY_BITS);
  }

  static int platform(CharSequence client) {
    if (client == null) {
      return 0;
    }
    String c = client.toString();
    int dash = c.indexOf('-');
    String family = (dash < 0 ? c : c.substring(0, dash)).toLowerCase(java.util.Locale.ROOT);
    for (int i = 1; i < PLATFORMS.length; i++) {
      if (PLATFORMS[i].equals(family)) {
        return i;
      }
    }
    return 0;
  }

  /** The segment's country alone (its platform unknown). */
  public static char country(char segment) {
    return (char) (segment & COUNTRY_MASK);
  }

  /** Whether the segment names a platform (else it is a country alone, or unknown). */
  public static boolean hasPlatform(char segment) {
    return segment >> COUNTRY_BITS != 0;
  }

  /** E.g. {@code ID/web}, {@code CN}, {@code ??}. */
  public static String name(char segment) {
    int c = country(segment);
    String country = c == 0 ? "??" : new String(new char[] {(char) ('A' + c / 27 - 1), (char) ('A' + c % 27 - 1)});
    int p = segment >> COUNTRY_BITS;
    return p == 0 ? country : country + "/" + (p < PLATFORMS.length ? PLATFORMS[p] : "?");
  }

  /**
   * Adds a judged bucket's events per segment to the video's audience, then sets the video's
   * population shares from the bucket's stamp: its segments' medians weighted by the audience, the
   * marketplace's for the rest. A bucket without a stamp (no norm yet) leaves the shares as they were.
   */
  public static void judge(VideoState st, VideoPartial p) {
    if (p.regions != null && p.regions.length > 0) {
      if (st.audienceRegions == null) {
        st.audienceRegions = new char[0];
        st.audienceEvents = new long[0];
      }
      for (int i = 0; i < p.regions.length; i++) {
        countAudience(st, p.regions[i], p.regionEvents[i]);
      }
    }
    if (!Double.isNaN(p.populationSharedShare)) {
      long total = 0;
      if (st.audienceEvents != null) {
        for (long e : st.audienceEvents) {
          total += e;
        }
      }
      st.populationSharedShare = expected(st.audienceRegions, st.audienceEvents, total, p.normRegions, p.normShared,
          p.populationSharedShare);
      st.populationFreshShare = expected(st.audienceRegions, st.audienceEvents, total, p.normRegions, p.normFresh,
          p.populationFreshShare);
    }
  }

  /** Counts events under the segment; past the bound under its country, and past a few more countries under {@link #UNKNOWN}. */
  private static void countAudience(VideoState st, char segment, long events) {
    char r = segment;
    int at = Arrays.binarySearch(st.audienceRegions, r);
    if (at < 0 && st.audienceRegions.length >= AUDIENCE_REGIONS) {
      r = country(segment);
      at = Arrays.binarySearch(st.audienceRegions, r);
      if (at < 0 && st.audienceRegions.length >= AUDIENCE_REGIONS + 4) {
        r = UNKNOWN;
        at = Arrays.binarySearch(st.audienceRegions, r);
      }
    }
    if (at < 0) {
      at = -at - 1;
      char[] regions = new char[st.audienceRegions.length + 1];
      long[] counts = new long[regions.length];
      System.arraycopy(st.audienceRegions, 0, regions, 0, at);
      System.arraycopy(st.audienceEvents, 0, counts, 0, at);
      regions[at] = r;
      System.arraycopy(st.audienceRegions, at, regions, at + 1, st.audienceRegions.length - at);
      System.arraycopy(st.audienceEvents, at, counts, at + 1, st.audienceEvents.length - at);
      st.audienceRegions = regions;
      st.audienceEvents = counts;
    }
    st.audienceEvents[at] += events;
  }

  /**
   * The baseline a video's audience mix expects: each segment's events against the segment's median
   * where the population knows it, else its country's, else the marketplace's (and the marketplace's
   * for events without a segment). {@code regions}/{@code events} ascending and aligned; {@code
   * known}/{@code medians} the medians stamped (aligned). NaN when the marketplace's median is unknown.
   */
  public static double expected(char[] regions, long[] events, long total, char[] known, float[] medians, double marketplace) {
    if (Double.isNaN(marketplace)) {
      return Double.NaN;
    }
    if (regions == null || total <= 0 || known == null || known.length == 0) {
      return marketplace;
    }
    double sum = 0;
    long counted = 0;
    for (int i = 0; i < regions.length; i++) {
      double m = median(known, medians, regions[i]);
      if (Double.isNaN(m)) {
        m = median(known, medians, country(regions[i]));
      }
      sum += events[i] * (Double.isNaN(m) ? marketplace : m);
      counted += events[i];
    }
    sum += Math.max(0, total - counted) * marketplace;
    return sum / Math.max(total, counted);
  }

  /** The median stamped for the segment, NaN when none (a stamp holds a few segments: a scan, no map per bucket). */
  private static double median(char[] known, float[] medians, char segment) {
    for (int i = 0; i < known.length && i < medians.length; i++) {
      if (known[i] == segment) {
        return medians[i];
      }
    }
    return Double.NaN;
  }
}
