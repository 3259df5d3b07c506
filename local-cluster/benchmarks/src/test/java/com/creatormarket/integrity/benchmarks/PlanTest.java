package com.creatormarket.integrity.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.creatormarket.integrity.benchmarks.data.Shape;
import org.junit.jupiter.api.Test;

/** The scaling and hot-video sets change the number of keys or the skew, not how busy an account or a video is. */
class PlanTest {

  @Test
  void derivedSetsAreAsBusyPerAccountAndPerVideoAsTheBaseSet() {
    Plan plan = Plan.forEvents(8_000_000);
    Shape base = plan.base();
    assertThat(base.eventsPerAccountHour()).isCloseTo(13.33, within(0.01));
    for (Shape s : new Shape[] {plan.accounts10k(), plan.accounts1m(), plan.hot()}) {
      assertThat(s.eventsPerAccountHour()).as(s.prefix()).isCloseTo(base.eventsPerAccountHour(), within(0.01 * base.eventsPerAccountHour()));
      assertThat(s.eventsPerVideoMinute()).as(s.prefix()).isCloseTo(base.eventsPerVideoMinute(), within(0.01 * base.eventsPerVideoMinute()));
    }
    assertThat(plan.accounts10k().spanMillis()).isEqualTo(30 * 3_600_000L);
    assertThat(plan.accounts1m().spanMillis()).isEqualTo(18 * 60_000L);
    assertThat(plan.accounts1m().videos()).isEqualTo(200_000);
    assertThat(plan.hot().hotShare()).isEqualTo(0.5);
  }
}
