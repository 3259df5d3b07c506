package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 24-hour ring of views per hour behind a case's evidence. */
class HourlyViewsTest {

  @Test
  void keepsTheLast24HoursOldestFirstAndForgetsWhatTheRingPassed() {
    VideoState st = video();
    HourlyViews.advance(st, T0);
    HourlyViews.add(st, T0, 5);
    HourlyViews.advance(st, T0 + 2 * HOUR);
    HourlyViews.add(st, T0 + 2 * HOUR + MINUTE, 7);
    HourlyViews.add(st, T0 + HOUR, 1); // a late partial of an hour still in the ring

    assertThat(HourlyViews.last24(st)).hasSize(24).endsWith(5L, 1L, 7L);

    HourlyViews.advance(st, T0 + 24 * HOUR); // T0 leaves the ring
    assertThat(HourlyViews.last24(st)).hasSize(24).startsWith(1L, 7L).containsOnly(0L, 1L, 7L);
  }

  @Test
  void viewsOlderThanTheRingAreNotCounted() {
    VideoState st = video();
    HourlyViews.advance(st, T0 + 30 * HOUR);
    HourlyViews.add(st, T0, 9);
    assertThat(HourlyViews.last24(st)).containsOnly(0L);
  }
}
