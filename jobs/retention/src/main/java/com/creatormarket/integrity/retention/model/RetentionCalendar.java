package com.creatormarket.integrity.retention.model;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Decides when a retention ends: natural (calendar) days in the marketplace's time zone. Published
 * at any time on 1 March with 60 days, the video may come down from 00:00 local time on 30 April.
 */
public final class RetentionCalendar implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ZoneId zone;

  public RetentionCalendar(ZoneId zone) {
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * 00:00 local time of the calendar day that lies {@code days} after the publication's calendar
   * day. Where a DST change skips midnight, the day starts at the first valid local time.
   */
  public long end(long publishedAtMillis, int days) {
    LocalDate published = Instant.ofEpochMilli(publishedAtMillis).atZone(zone).toLocalDate();
    return published.plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
