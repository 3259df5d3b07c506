package com.creatormarket.integrity.retention.functions;

import static com.creatormarket.integrity.retention.Fixtures.changed;
import static com.creatormarket.integrity.retention.Fixtures.created;
import static com.creatormarket.integrity.retention.Fixtures.deleted;
import static com.creatormarket.integrity.retention.Fixtures.lifecycle;
import static com.creatormarket.integrity.retention.Fixtures.local;
import static com.creatormarket.integrity.retention.Fixtures.order;
import static com.creatormarket.integrity.retention.Fixtures.published;
import static com.creatormarket.integrity.retention.Fixtures.restored;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;
import org.junit.jupiter.api.Test;

class InputChecksTest {

  private static final long AT = local("2026-03-01T10:00");
  private final RecordCheck<OrderEvent> orders = InputChecks.orders(730);
  private final RecordCheck<VideoLifecycleEvent> lifecycle = InputChecks.lifecycle();

  private static <T> String code(RecordCheck<T> check, T record) {
    Rejection r = check.problem(record);
    return r == null ? null : r.code();
  }

  @Test
  void acceptsWellFormedEvents() {
    assertThat(orders.problem(created("o1", null, null, AT))).isNull();
    assertThat(orders.problem(created("o1", 0, null, AT))).isNull();
    assertThat(orders.problem(created("o1", 730, "mcn-1", AT))).isNull();
    assertThat(orders.problem(published("o1", "v1", AT, AT))).isNull();
    assertThat(orders.problem(changed("o1", "v1", 730, AT))).isNull();
    assertThat(lifecycle.problem(deleted("v1", AT))).isNull();
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.HIDDEN, "v1", Actor.PLATFORM_MODERATION, AT))).isNull();
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.RESTORED, "v1", Actor.UNKNOWN, AT))).isNull();
  }

  @Test
  void rejectsOrderEventsTheRuleCannotUseWithTheirCode() {
    assertThat(code(orders, order(OrderEventKind.UNKNOWN, "o1", AT).build())).isEqualTo("unknown-kind");
    assertThat(code(orders, order(OrderEventKind.VIDEO_PUBLISHED, "o1", AT).build())).isEqualTo("missing-field");
    assertThat(code(orders, order(OrderEventKind.VIDEO_PUBLISHED, "o1", AT).setVideoId("v1").build())).isEqualTo("missing-field");
    assertThat(code(orders, order(OrderEventKind.RETENTION_CHANGED, "o1", AT).build())).isEqualTo("missing-field");
    assertThat(code(orders, order(OrderEventKind.CANCELLED, " ", AT).build())).isEqualTo("blank-id");
    assertThat(code(orders, created("o1", -1, null, AT))).isEqualTo("negative-retention");
  }

  @Test
  void rejectsRetentionDaysOverTheMaximumAsThisJobsOwnRule() {
    Rejection over = orders.problem(changed("o1", "v1", 731, AT));

    assertThat(over.code()).isEqualTo("retention-over-max");
    assertThat(over.reason()).isEqualTo("retention-over-max: retentionDays 731 over 730 (retention.max-days)");
    assertThat(code(orders, created("o1", 731, null, AT))).isEqualTo("retention-over-max");
    assertThat(code(InputChecks.orders(60), changed("o1", "v1", 61, AT))).isEqualTo("retention-over-max");
  }

  @Test
  void rejectsAnOrderWithANegativePrice() {
    OrderEvent negative = OrderEvent.newBuilder(created("o1", null, null, AT)).setPriceMinor(-100L).build();

    assertThat(code(orders, negative)).isEqualTo("negative-amount");
  }

  @Test
  void rejectsAnOrderInACurrencyThatIsNotIso4217() {
    OrderEvent notIso = OrderEvent.newBuilder(created("o1", null, null, AT)).setCurrency("XXXX-not-iso").build();

    assertThat(code(orders, notIso)).isEqualTo("unknown-currency");
  }

  @Test
  void rejectsLifecycleEventsTheRuleCannotUseWithTheirCode() {
    assertThat(code(lifecycle, lifecycle(LifecycleKind.UNKNOWN, "v1", Actor.CREATOR, AT))).isEqualTo("unknown-kind");
    assertThat(code(lifecycle, lifecycle(LifecycleKind.DELETED, "v1", Actor.UNKNOWN, AT))).isEqualTo("unknown-actor");
    assertThat(code(lifecycle, lifecycle(LifecycleKind.HIDDEN, "v1", Actor.UNKNOWN, AT))).isEqualTo("unknown-actor");
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.DELETED, "v1", Actor.UNKNOWN, AT)).reason())
        .isEqualTo("unknown-actor: DELETED by an actor unknown to this reader: cannot tell whose fault it is");
  }

  @Test
  void rejectsLifecycleEventsWithABlankId() {
    assertThat(code(lifecycle, restored(" ", AT))).isEqualTo("blank-id");
    assertThat(code(lifecycle, VideoLifecycleEvent.newBuilder(deleted("v1", AT)).setEventId("").build())).isEqualTo("blank-id");
    assertThat(code(lifecycle, VideoLifecycleEvent.newBuilder(deleted("v1", AT)).setCreatorId(" ").build())).isEqualTo("blank-id");
  }
}
