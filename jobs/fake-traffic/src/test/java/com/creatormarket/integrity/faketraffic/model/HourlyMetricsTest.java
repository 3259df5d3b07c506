package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verified-metrics accumulator: an hour's and the lifetime's raw and valid counts, closed into records. */
class HourlyMetricsTest {

  final OrderSlot order = order("ord-1", T0 - HOUR, Long.MAX_VALUE);

  VideoState openAt(long bucketStart) {
    VideoState st = withOrders(order);
    HourlyMetrics.open(st, bucketStart);
    return st;
  }

  @Test
  void closesAnHourWithItsRawAndValidCountsAndTheLifetimes() {
    VideoState st = openAt(T0 + 5 * MINUTE);
    VideoPartial p = partial(T0 + 5 * MINUTE, 10, 3);
    p.unlikes = 1;
    HourlyMetrics.add(st, p, new InvalidCounts(4, 40_000, 1, 0));

    List<VerifiedMetrics> closed = HourlyMetrics.close(st);

    assertThat(closed).extracting(VerifiedMetrics::getGranularity)
        .containsExactly(MetricsGranularity.HOUR, MetricsGranularity.CUMULATIVE);
    VerifiedMetrics hour = closed.get(0);
    assertThat(hour.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(hour.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + HOUR));
    assertThat(hour.getRawViews()).isEqualTo(10);
    assertThat(hour.getValidViews()).isEqualTo(6);
    assertThat(hour.getRawLikes()).as("net of unlikes").isEqualTo(2);
    assertThat(hour.getValidLikes()).isEqualTo(1);
    assertThat(hour.getWatchTimeMillis()).isEqualTo(100_000);
    assertThat(hour.getValidWatchTimeMillis()).isEqualTo(60_000);
    assertThat(hour.getInvalidTrafficRate()).isEqualTo(5.0 / 13);
    assertThat(closed.get(1).getWindowStart()).as("cumulative: since publication").isEqualTo(Instant.ofEpochMilli(T0 - HOUR));
    assertThat(st.hourStart).isEqualTo(Long.MIN_VALUE);
    assertThat(st.hour).containsOnly(0L);
  }

  @Test
  void theNextHourCountsOnlyItsOwnTrafficWhileTheCumulativeKeepsGrowing() {
    VideoState st = openAt(T0);
    HourlyMetrics.add(st, partial(T0, 10, 0), InvalidCounts.NONE);
    HourlyMetrics.close(st);
    HourlyMetrics.open(st, T0 + HOUR);
    HourlyMetrics.add(st, partial(T0 + HOUR, 7, 0), new InvalidCounts(2, 20_000, 0, 0));

    List<VerifiedMetrics> closed = HourlyMetrics.close(st);

    assertThat(closed.get(0).getRawViews()).isEqualTo(7);
    assertThat(closed.get(0).getValidViews()).isEqualTo(5);
    assertThat(closed.get(1).getRawViews()).isEqualTo(17);
    assertThat(closed.get(1).getValidViews()).isEqualTo(15);
    assertThat(closed.get(0).getMetricsId()).isNotEqualTo(closed.get(1).getMetricsId());
  }

  @Test
  void anHourWithoutTrafficOrOutsideAnOrdersPeriodGivesNoRecord() {
    VideoState quiet = openAt(T0);
    assertThat(HourlyMetrics.close(quiet)).isEmpty();

    VideoState st = withOrders(order("ord-later", T0 + 2 * HOUR, Long.MAX_VALUE), order("ord-ended", T0 - HOUR, T0));
    HourlyMetrics.open(st, T0);
    HourlyMetrics.add(st, partial(T0, 10, 0), InvalidCounts.NONE);
    assertThat(HourlyMetrics.close(st)).isEmpty();
  }

  @Test
  void aBucketOpensItsHourWhichClosesAtItsLastMillisecond() {
    VideoState st = video();
    HourlyMetrics.open(st, T0 + 10 * MINUTE);
    assertThat(st.hourStart).isEqualTo(T0);
    assertThat(HourlyMetrics.lastMillisOfOpenHour(st)).isEqualTo(T0 + HOUR - 1);
    HourlyMetrics.open(st, T0 + HOUR);
    assertThat(st.hourStart).as("open does not move an open hour").isEqualTo(T0);
  }

  @Test
  void aLockstepGroupMakesAtMostWhatIsStillValidInvalid() {
    VideoState st = openAt(T0);
    HourlyMetrics.add(st, partial(T0, 10, 2), new InvalidCounts(3, 30_000, 0, 0));

    HourlyMetrics.invalidate(st, 50, 1, 4, T0 + 20 * MINUTE);

    VerifiedMetrics hour = HourlyMetrics.close(st).get(0);
    assertThat(hour.getValidViews()).as("7 were valid").isZero();
    assertThat(hour.getValidWatchTimeMillis()).isZero();
    assertThat(hour.getValidLikes()).isEqualTo(1);
    assertThat(hour.getValidFollows()).isZero();
    assertThat(hour.getInvalidTrafficRate()).isEqualTo(Math.min(1.0, (3 + 7 + 1) / 12.0));
  }

  @Test
  void theFirstInvalidEngagementIsKeptAndAnUnknownOneStaysUnknown() {
    VideoState st = openAt(T0);
    HourlyMetrics.add(st, partial(T0, 10, 2), InvalidCounts.NONE);
    assertThat(HourlyMetrics.firstInvalidAt(st)).as("nothing invalid yet").isNull();
    HourlyMetrics.add(st, partial(T0 + 10 * MINUTE, 10, 2), new InvalidCounts(3, 30_000, 0, 0));
    HourlyMetrics.invalidate(st, 2, 0, 0, T0 + 5 * MINUTE);
    HourlyMetrics.add(st, partial(T0 + 20 * MINUTE, 10, 2), new InvalidCounts(1, 10_000, 0, 0));
    assertThat(HourlyMetrics.firstInvalidAt(st)).as("the earliest, a lockstep finding's time").isEqualTo(java.time.Instant.ofEpochMilli(T0 + 5 * MINUTE));

    // State restored from a savepoint of the release before the field: invalid traffic came at a time nobody kept.
    VideoState restored = openAt(T0);
    HourlyMetrics.add(restored, partial(T0, 10, 2), new InvalidCounts(3, 30_000, 0, 0));
    restored.firstInvalidAt = VideoState.FIRST_INVALID_UNKNOWN;
    HourlyMetrics.add(restored, partial(T0 + 30 * MINUTE, 10, 2), new InvalidCounts(3, 30_000, 0, 0));
    assertThat(HourlyMetrics.firstInvalidAt(restored)).as("a later invalid bucket is not the first").isNull();
  }
}
