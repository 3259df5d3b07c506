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
import org.junit.jupiter.api.Test;

class InputChecksTest {

  private static final long AT = local("2026-03-01T10:00");
  private final RecordCheck<OrderEvent> orders = InputChecks.orders(730);
  private final RecordCheck<VideoLifecycleEvent> lifecycle = InputChecks.lifecycle();

  @Test
  void acceptsWellFormedEvents() {
    assertThat(orders.problem(created("o1", null, null, AT))).isNull();
    assertThat(orders.problem(created("o1", 0, null, AT))).isNull();
    assertThat(orders.problem(published("o1", "v1", AT, AT))).isNull();
    assertThat(orders.problem(changed("o1", "v1", 730, AT))).isNull();
    assertThat(lifecycle.problem(deleted("v1", AT))).isNull();
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.RESTORED, "v1", Actor.UNKNOWN, AT))).isNull();
  }

  @Test
  void rejectsOrderEventsTheRuleCannotUseWithTheirReason() {
    assertThat(orders.problem(order(OrderEventKind.UNKNOWN, "o1", AT).build())).contains("kind unknown");
    assertThat(orders.problem(order(OrderEventKind.VIDEO_PUBLISHED, "o1", AT).build())).contains("without videoId");
    assertThat(orders.problem(order(OrderEventKind.VIDEO_PUBLISHED, "o1", AT).setVideoId("v1").build()))
        .contains("without publishedAt");
    assertThat(orders.problem(order(OrderEventKind.RETENTION_CHANGED, "o1", AT).build())).contains("without retentionDays");
    assertThat(orders.problem(changed("o1", "v1", 731, AT))).contains("outside 0..730");
    assertThat(orders.problem(created("o1", -1, null, AT))).contains("outside 0..730");
  }

  @Test
  void rejectsLifecycleEventsTheRuleCannotUseWithTheirReason() {
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.UNKNOWN, "v1", Actor.CREATOR, AT))).contains("kind unknown");
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.DELETED, "v1", Actor.UNKNOWN, AT))).contains("actor unknown");
    assertThat(lifecycle.problem(lifecycle(LifecycleKind.HIDDEN, "v1", Actor.UNKNOWN, AT))).contains("actor unknown");
    assertThat(lifecycle.problem(restored(" ", AT))).contains("without videoId");
  }
}
