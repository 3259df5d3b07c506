package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.LENGTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InputChecksTest {

  private static final long T = Traffic.at(10 * Traffic.HOUR);
  private final RecordCheck<EngagementEvent> engagement = InputChecks.engagement(FakeTrafficOptions.defaults());
  private final RecordCheck<OrderEvent> orders = InputChecks.orders(FakeTrafficOptions.defaults());

  private static EngagementEvent view(long watch) {
    return Traffic.event(EngagementKind.VIEW, "v1", "c1", "u1", "d1", "10.1.2.0/24", T - 400 * DAY, watch, T);
  }

  private static EngagementEvent action(EngagementKind kind) {
    return Traffic.event(kind, "v1", "c1", "u1", "d1", "10.1.2.0/24", T - 400 * DAY, null, T);
  }

  private static EngagementEvent with(EngagementEvent e, Consumer<EngagementEvent.Builder> change) {
    EngagementEvent.Builder b = EngagementEvent.newBuilder(e);
    change.accept(b);
    return b.build();
  }

  private static <T> String code(RecordCheck<T> check, T record) {
    Rejection r = check.problem(record);
    return r == null ? null : r.code();
  }

  private static OrderEvent created() {
    return OrderEvent.newBuilder().setEventId("oe1").setOrderId("o1").setKind(OrderEventKind.CREATED).setAdvertiserId("adv-1")
        .setCreatorId("c1").setPriceMinor(100_000L).setPrepaidMinor(50_000L).setCurrency("CNY").setRetentionDays(60)
        .setEventTime(Instant.ofEpochMilli(T)).build();
  }

  @Test
  void aGoodViewLikeAndFollowPass() {
    assertThat(engagement.problem(view(12_000))).isNull();
    assertThat(engagement.problem(view(0))).isNull();
    assertThat(engagement.problem(view(LENGTH))).isNull();
    assertThat(engagement.problem(action(EngagementKind.LIKE))).isNull();
    assertThat(engagement.problem(action(EngagementKind.FOLLOW))).isNull();
    assertThat(engagement.problem(action(EngagementKind.UNFOLLOW))).isNull();
  }

  @Test
  void anEventWithABlankIdIsRejected() {
    assertThat(code(engagement, with(view(1000), b -> b.setEventId("")))).isEqualTo("blank-id");
    assertThat(code(engagement, with(view(1000), b -> b.setVideoId(" ")))).isEqualTo("blank-id");
    assertThat(code(engagement, with(view(1000), b -> b.setCreatorId("")))).isEqualTo("blank-id");
    assertThat(code(engagement, with(action(EngagementKind.LIKE), b -> b.setAccountId("\t")))).isEqualTo("blank-id");
    assertThat(code(engagement, with(action(EngagementKind.FOLLOW), b -> b.setDeviceId("")))).isEqualTo("blank-id");
    assertThat(code(engagement, with(view(1000), b -> b.setNetworkPrefix("")))).isEqualTo("blank-id");
  }

  @Test
  void anEventOfUnknownKindIsRejected() {
    assertThat(code(engagement, action(EngagementKind.UNKNOWN))).isEqualTo("unknown-kind");
  }

  @Test
  void aViewWithoutWatchTimeOrVideoLengthIsRejected() {
    assertThat(code(engagement, with(view(1000), b -> b.setWatchTimeMillis(null)))).isEqualTo("missing-field");
    assertThat(code(engagement, with(view(1000), b -> b.setVideoLengthMillis(null)))).isEqualTo("missing-field");
  }

  @Test
  void aViewOfAVideoWithoutLengthOrLongerThanTheMaximumIsRejected() {
    assertThat(code(engagement, with(view(0), b -> b.setVideoLengthMillis(0L)))).isEqualTo("video-length-out-of-range");
    assertThat(code(engagement, with(view(0), b -> b.setVideoLengthMillis(-30_000L)))).isEqualTo("video-length-out-of-range");
    assertThat(code(engagement, with(view(1000), b -> b.setVideoLengthMillis(24 * 3_600_000L + 1)))).isEqualTo("video-length-out-of-range");
    assertThat(engagement.problem(with(view(1000), b -> b.setVideoLengthMillis(24 * 3_600_000L)))).isNull();
  }

  @Test
  void aNegativeWatchTimeIsRejected() {
    Rejection r = engagement.problem(view(-1));

    assertThat(r.code()).isEqualTo("watch-time-out-of-range");
    assertThat(r.reason()).contains("watchTimeMillis -1 outside 0..120000").contains("input.watch-time-tolerance");
  }

  @Test
  void aWatchTimeBeyondTheVideoLengthAndItsToleranceIsRejected() {
    // Default tolerance 3.0: up to three extra plays of a 30-s video, 120 s in all.
    assertThat(engagement.problem(view(2 * LENGTH - 1))).as("one loop, as the simulator's honest viewers do").isNull();
    assertThat(engagement.problem(view(4 * LENGTH))).isNull();
    assertThat(code(engagement, view(4 * LENGTH + 1))).isEqualTo("watch-time-out-of-range");
    assertThat(code(engagement, view(Long.MAX_VALUE))).isEqualTo("watch-time-out-of-range");

    RecordCheck<EngagementEvent> strict = InputChecks.engagement(
        Settings.from(Map.of("input.watch-time-tolerance", "0"), "test", FakeTrafficOptions.KNOBS));
    assertThat(strict.problem(view(LENGTH))).isNull();
    assertThat(code(strict, view(LENGTH + 1))).isEqualTo("watch-time-out-of-range");
  }

  @Test
  void anAccountCreatedAfterTheEventIsRejected() {
    EngagementEvent from2099 = with(view(1000), b -> b.setAccountCreatedAt(Instant.parse("2099-01-01T00:00:00Z")));

    Rejection r = engagement.problem(from2099);

    assertThat(r.code()).isEqualTo("account-created-after-event");
    assertThat(r.reason()).contains("2099-01-01T00:00:00Z");
    assertThat(code(engagement, with(action(EngagementKind.LIKE), b -> b.setAccountCreatedAt(Instant.ofEpochMilli(T + 1)))))
        .isEqualTo("account-created-after-event");
    assertThat(engagement.problem(with(view(1000), b -> b.setAccountCreatedAt(Instant.ofEpochMilli(T))))).as("created at the event").isNull();
  }

  @Test
  void orderEventsFollowTheSharedRules() {
    assertThat(orders.problem(created())).isNull();
    assertThat(code(orders, OrderEvent.newBuilder(created()).setPriceMinor(-1L).build())).isEqualTo("negative-amount");
    assertThat(code(orders, OrderEvent.newBuilder(created()).setCurrency("XXXX-not-iso").build())).isEqualTo("unknown-currency");
    assertThat(code(orders, OrderEvent.newBuilder(created()).setOrderId("").build())).isEqualTo("blank-id");
    assertThat(code(orders, OrderEvent.newBuilder(created()).setKind(OrderEventKind.UNKNOWN).build())).isEqualTo("unknown-kind");
    assertThat(code(orders, OrderEvent.newBuilder(created()).setKind(OrderEventKind.VIDEO_PUBLISHED).build())).isEqualTo("missing-field");
  }

  @Test
  void anOrderStatingARetentionOverTheMaximumIsRejected() {
    assertThat(orders.problem(OrderEvent.newBuilder(created()).setRetentionDays(730).build())).isNull();
    assertThat(code(orders, OrderEvent.newBuilder(created()).setRetentionDays(731).build())).isEqualTo("retention-over-max");
    assertThat(code(orders, OrderEvent.newBuilder(created()).setRetentionDays(Integer.MAX_VALUE).build())).isEqualTo("retention-over-max");
  }

  @Test
  void aDefaultRetentionOverTheMaximumStopsStartUpNamingBothKeys() {
    Settings contradicting = Settings.from(Map.of("order.default-retention-days", "90", "order.max-retention-days", "60"), "test",
        FakeTrafficOptions.KNOBS);

    assertThatThrownBy(() -> InputChecks.orders(contradicting)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("order.default-retention-days").hasMessageContaining("order.max-retention-days");
  }
}
