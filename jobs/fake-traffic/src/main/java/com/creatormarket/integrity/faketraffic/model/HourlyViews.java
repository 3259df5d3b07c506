package com.creatormarket.integrity.faketraffic.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A video's views per event-time hour over the last 24 hours, for a case's evidence: a ring of 24
 * counts ({@link VideoState#hourlyViews}) whose newest hour is {@link VideoState#hourlyNewest}.
 */
public final class HourlyViews {

  private static final long HOUR = 3_600_000L;
  private static final int HOURS = 24;

  private HourlyViews() {}

  /** Moves the ring to the bucket's hour when it is newer, clearing the hours it passes. */
  public static void advance(VideoState st, long bucketStart) {
    long h = Math.floorDiv(bucketStart, HOUR);
    if (st.hourlyNewest == Long.MIN_VALUE) {
      st.hourlyNewest = h;
    } else if (h > st.hourlyNewest) {
      for (long k = st.hourlyNewest + 1; k <= Math.min(h, st.hourlyNewest + HOURS); k++) {
        st.hourlyViews[(int) Math.floorMod(k, HOURS)] = 0;
      }
      st.hourlyNewest = h;
    }
  }

  /** Counts views of the bucket's hour; views older than the ring's 24 hours are not kept. */
  public static void add(VideoState st, long bucketStart, long views) {
    long hour = Math.floorDiv(bucketStart, HOUR);
    if (hour > st.hourlyNewest - HOURS) {
      st.hourlyViews[(int) Math.floorMod(hour, HOURS)] += (int) views;
    }
  }

  /** The 24 hours up to the newest, oldest first. */
  public static List<Long> last24(VideoState st) {
    List<Long> hourly = new ArrayList<>(HOURS);
    for (long h = st.hourlyNewest - (HOURS - 1); h <= st.hourlyNewest; h++) {
      hourly.add((long) st.hourlyViews[(int) Math.floorMod(h, HOURS)]);
    }
    return hourly;
  }
}
