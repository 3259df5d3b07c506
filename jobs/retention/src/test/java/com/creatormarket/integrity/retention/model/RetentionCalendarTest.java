package com.creatormarket.integrity.retention.model;

import static com.creatormarket.integrity.retention.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RetentionCalendarTest {

  private final RetentionCalendar shanghai = new RetentionCalendar(ZoneId.of("Asia/Shanghai"));

  @Test
  void publishedAnyTimeOnFirstOfMarchMayComeDownFromMidnightOnThirtiethOfApril() {
    long end = local("2026-04-30T00:00");
    assertThat(shanghai.end(local("2026-03-01T00:00"), 60)).isEqualTo(end);
    assertThat(shanghai.end(local("2026-03-01T10:15"), 60)).isEqualTo(end);
    assertThat(shanghai.end(local("2026-03-01T23:59:59.999"), 60)).isEqualTo(end);
    assertThat(shanghai.end(local("2026-03-02T00:00"), 60)).isEqualTo(local("2026-05-01T00:00"));
  }

  @Test
  void calendarDaysAreTheMarketplaceZonesNotUtc() {
    // 28 February 16:30 UTC is already 1 March 00:30 in Shanghai.
    long publishedAt = Instant.parse("2026-02-28T16:30:00Z").toEpochMilli();
    assertThat(shanghai.end(publishedAt, 60)).isEqualTo(Instant.parse("2026-04-29T16:00:00Z").toEpochMilli());
    RetentionCalendar utc = new RetentionCalendar(ZoneId.of("UTC"));
    assertThat(utc.end(publishedAt, 60)).isEqualTo(Instant.parse("2026-04-29T00:00:00Z").toEpochMilli());
  }

  @Test
  void leapDayIsANaturalDayLikeAnyOther() {
    assertThat(shanghai.end(local("2028-02-01T12:00"), 60)).isEqualTo(local("2028-04-01T00:00"));
    assertThat(shanghai.end(local("2027-02-01T12:00"), 60)).isEqualTo(local("2027-04-02T00:00"));
  }

  @Test
  void dayWhoseMidnightIsSkippedByDaylightSavingStartsAtItsFirstValidInstant() {
    // Santiago moved clocks from 00:00 to 01:00 on 7 September 2025.
    ZoneId santiago = ZoneId.of("America/Santiago");
    RetentionCalendar calendar = new RetentionCalendar(santiago);
    long publishedAt = LocalDateTime.parse("2025-07-09T15:00").atZone(santiago).toInstant().toEpochMilli();
    assertThat(Instant.ofEpochMilli(calendar.end(publishedAt, 60)).atZone(santiago).toLocalDateTime())
        .isEqualTo(LocalDateTime.parse("2025-09-07T01:00"));
  }

  @Test
  void zeroDaysEndsAtThePublicationDaysMidnight() {
    assertThat(shanghai.end(local("2026-03-01T10:00"), 0)).isEqualTo(local("2026-03-01T00:00"));
  }
}
