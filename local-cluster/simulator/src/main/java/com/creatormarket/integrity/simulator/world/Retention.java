package com.creatormarket.integrity.simulator.world;

import java.time.Instant;
import java.time.ZoneId;

/** The marketplace's retention rule in natural days: published on day D, the video may come down from 00:00 of D + days. */
public final class Retention {

  public static final int DEFAULT_DAYS = 60;

  private Retention() {}

  public static long endMs(long publishedMs, int days, ZoneId zone) {
    return Instant.ofEpochMilli(publishedMs).atZone(zone).toLocalDate().plusDays(days).atStartOfDay(zone)
        .toInstant().toEpochMilli();
  }
}
