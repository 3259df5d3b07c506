package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import org.junit.jupiter.api.Test;

/** How long the video stage keeps a video. */
class VideoLifetimeTest {

  final DetectionSettings s = DetectionSettings.defaults(); // grace 1 d, unregistered TTL 2 h
  final VideoLifetime lifetime = new VideoLifetime(s);

  @Test
  void aVideoNoOrderNamesIsKeptForTheUnregisteredTtlUpToTheNextHourEnd() {
    VideoState st = video();
    st.firstSeen = T0 + 10 * MINUTE;
    assertThat(lifetime.cleanupAt(st)).isEqualTo(T0 + 3 * HOUR);
  }

  @Test
  void aVideoIsKeptForTheGraceAfterItsLastOrderEnds() {
    VideoState st = withOrders(order("a", T0, T0 + 5 * HOUR + 1), order("b", T0, T0 + 2 * HOUR));
    assertThat(lifetime.cleanupAt(st)).isEqualTo(T0 + 5 * HOUR + s.stateGraceMillis + HOUR);
  }

  @Test
  void anOrderThatNeverEndsKeepsTheVideo() {
    VideoState st = withOrders(order("a", T0, T0 + HOUR), order("b", T0, Long.MAX_VALUE));
    assertThat(lifetime.cleanupAt(st)).isEqualTo(VideoLifetime.NEVER);
  }

  @Test
  void atCleanupOnlyOrdersWithinTheirGraceAreKept() {
    OrderSlot ended = order("ended", T0, T0);
    OrderSlot running = order("running", T0, T0 + 10 * HOUR);
    OrderSlot forever = order("forever", T0, Long.MAX_VALUE);
    OrderSlot[] kept = lifetime.keptAt(new OrderSlot[] {ended, running, forever}, T0 + s.stateGraceMillis);
    assertThat(kept).containsExactly(running, forever);
  }
}
