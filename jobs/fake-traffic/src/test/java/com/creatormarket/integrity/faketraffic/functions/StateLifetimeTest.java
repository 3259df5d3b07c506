package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every stage's state has an end: after an order's retention end (or cancellation) and the grace,
 * with every kind of attack having run on it, no keyed state and no timer is left anywhere.
 */
class StateLifetimeTest {

  /** Short lifetimes, so the test needs days of event time, not months. */
  static DetectionSettings shortLived() {
    return DetectionSettings.defaults().with(Map.of("creator.idle-ttl", "2d", "order.state-grace", "6h"));
  }

  @Test
  void noStateOrTimerIsLeftAfterTheOrdersEnd() throws Exception {
    long published = at(HOUR);
    Traffic t = new Traffic(31);
    for (String n : List.of("1", "2", "3")) {
      // Two days of retention: the orders end at published + 2d.
      t.order("o" + n, "v" + n, "c1", published, 2).honest("v" + n, "c1", published, published + 2 * DAY, 40);
    }
    t.botViews("v1", "c1", at(5 * HOUR), 20 * MINUTE, 500, 60)
        .clickFarm("v2", "c1", at(5 * HOUR), 3 * HOUR, 500, 50, 4, 2)
        .bought(EngagementKind.LIKE, "v3", "c1", at(6 * HOUR), HOUR, 80, 0.8)
        .followAndWithdraw("v3", "c1", at(8 * HOUR), HOUR, 50, DAY)
        .repeats("v2", "c1", at(9 * HOUR), HOUR, 10, 10)
        .lockstep(List.of("v1", "v2", "v3"), "c1", at(12 * HOUR), 25, 3, 3 * HOUR, 5 * MINUTE)
        // Traffic on a video no order names: kept briefly, then forgotten.
        .honest("v-unknown", "c9", published, published + DAY, 30);
    try (Rig rig = new Rig(shortLived()).run(t, published + 2 * DAY - 1)) {
      assertThat(rig.cases).isNotEmpty();
      assertThat(rig.judge.numKeyedStateEntries()).isPositive();

      rig.advanceTo(published + 12 * DAY);

      assertThat(rig.devices.numKeyedStateEntries()).as("device-sharing state").isZero();
      assertThat(rig.accounts.numKeyedStateEntries()).as("account-features state").isZero();
      assertThat(rig.norms.numKeyedStateEntries()).as("creator-norms state").isZero();
      assertThat(rig.registry.numKeyedStateEntries()).as("order-registry state").isZero();
      assertThat(rig.lockstep.numKeyedStateEntries()).as("lockstep-groups state").isZero();
      assertThat(rig.significance.numKeyedStateEntries()).as("lockstep-significance state").isZero();
      assertThat(rig.judge.numKeyedStateEntries()).as("video-judge state").isZero();
      assertThat(rig.devices.numEventTimeTimers() + rig.accounts.numEventTimeTimers() + rig.norms.numEventTimeTimers()
          + rig.registry.numEventTimeTimers() + rig.lockstep.numEventTimeTimers() + rig.significance.numEventTimeTimers()
          + rig.judge.numEventTimeTimers())
          .as("timers").isZero();
    }
  }

  @Test
  void aCancelledOrdersVideoIsForgottenAfterTheGrace() throws Exception {
    long published = at(HOUR);
    Traffic t = new Traffic(32).order("o1", "v1", "c1", published, 60).honest("v1", "c1", published, at(10 * HOUR), 30)
        .orderEvent("o1", "v1", "c1", OrderEventKind.CANCELLED, at(10 * HOUR));
    try (Rig rig = new Rig(shortLived()).run(t, at(10 * HOUR))) {
      assertThat(rig.judge.numKeyedStateEntries()).isPositive();
      rig.advanceTo(at(10 * HOUR) + 8 * HOUR);
      assertThat(rig.judge.numKeyedStateEntries()).isZero();
      assertThat(rig.registry.numKeyedStateEntries()).isZero();
      assertThat(rig.judge.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aCompletedOrderIsWatchedUntilTheWatchAfterCompletionEnds() throws Exception {
    long published = at(HOUR);
    DetectionSettings s = shortLived().with("order.watch-after-completion", "1d");
    Traffic t = new Traffic(33).order("o1", "v1", "c1", published, 60).honest("v1", "c1", published, at(50 * HOUR), 30)
        .orderEvent("o1", "v1", "c1", OrderEventKind.COMPLETED, at(5 * HOUR))
        // After completion + 1 day: no case for this any more.
        .botViews("v1", "c1", at(40 * HOUR), 20 * 60_000L, 500, 60);
    try (Rig rig = new Rig(s).run(t, at(60 * HOUR))) {
      assertThat(rig.cases).isEmpty();
      assertThat(rig.judge.numKeyedStateEntries()).isZero();
    }
  }
}
