package com.creatormarket.integrity.retention.functions;

import static com.creatormarket.integrity.retention.Fixtures.DAY;
import static com.creatormarket.integrity.retention.Fixtures.MINUTE;
import static com.creatormarket.integrity.retention.Fixtures.cancelled;
import static com.creatormarket.integrity.retention.Fixtures.changed;
import static com.creatormarket.integrity.retention.Fixtures.completed;
import static com.creatormarket.integrity.retention.Fixtures.created;
import static com.creatormarket.integrity.retention.Fixtures.defaultPolicy;
import static com.creatormarket.integrity.retention.Fixtures.local;
import static com.creatormarket.integrity.retention.Fixtures.published;
import static com.creatormarket.integrity.retention.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderRouterTest {

  private static final long PUB = local("2026-03-01T10:00");
  private static final long END = local("2026-04-30T00:00");

  private final RetentionPolicy policy = defaultPolicy();
  private KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, OrderTerms> router;

  @BeforeEach
  void open() throws Exception {
    router = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OrderRouter(policy)),
        OrderEvent::getOrderId, Types.STRING);
    ((SerializerConfigImpl) router.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    router.open();
  }

  @AfterEach
  void close() throws Exception {
    router.close();
  }

  private void send(OrderEvent... events) throws Exception {
    for (OrderEvent e : events) {
      router.processElement(e, e.getEventTime().toEpochMilli());
    }
  }

  private void assertNothingLeft() {
    assertThat(router.numKeyedStateEntries()).as("keyed state entries").isZero();
    assertThat(router.numEventTimeTimers()).as("event-time timers").isZero();
  }

  @Test
  void forwardsNothingUntilTheVideoIsPublishedThenTheJoinedTerms() throws Exception {
    OrderEvent created = created("o1", 90, "mcn-1", PUB - 3 * DAY);
    OrderEvent change = changed("o1", null, 75, PUB - DAY);
    send(created, change);
    assertThat(router.extractOutputValues()).isEmpty();

    OrderEvent published = published("o1", "v1", PUB, PUB + MINUTE);
    send(published);
    OrderTerms forwarded = terms(created, change, published);
    assertThat(router.extractOutputValues()).containsExactly(forwarded);
    assertThat(forwarded.videoId).isEqualTo("v1");
    assertThat(forwarded.agencyId).isEqualTo("mcn-1");
    assertThat(forwarded.daysAt(PUB, 60)).isEqualTo(75);
  }

  @Test
  void factsArrivingAfterThePublicationReachTheVideoToo() throws Exception {
    OrderEvent published = published("o1", "v1", PUB, PUB);
    OrderEvent created = created("o1", 90, "mcn-1", PUB - MINUTE);
    OrderEvent change = changed("o1", "v1", 30, PUB + DAY);
    send(published, created, change);
    assertThat(router.extractOutputValues()).containsExactly(
        terms(published), terms(published, created), terms(published, created, change));
  }

  @Test
  void completionAndRepeatsAreNotForwarded() throws Exception {
    OrderEvent published = published("o1", "v1", PUB, PUB);
    send(published, completed("o1", "v1", PUB + 7 * DAY), published);
    assertThat(router.extractOutputValues()).containsExactly(terms(published));
  }

  @Test
  void aSecondVideoForTheSameOrderIsIgnored() throws Exception {
    OrderEvent published = published("o1", "v1", PUB, PUB);
    send(published, published("o1", "v2", PUB + DAY, PUB + DAY));
    assertThat(router.extractOutputValues()).containsExactly(terms(published));
  }

  @Test
  void stateAndTimersAreGoneAfterTheRetentionEnd() throws Exception {
    send(created("o1", null, null, PUB - DAY), published("o1", "v1", PUB, PUB));
    router.processWatermark(policy.decisionTime(END) - 1);
    assertThat(router.numKeyedStateEntries()).isPositive();
    router.processWatermark(policy.decisionTime(END));
    assertNothingLeft();
  }

  @Test
  void cancelledOrderIsForgottenAfterItsCancellation() throws Exception {
    long cancelAt = PUB + 5 * DAY;
    send(published("o1", "v1", PUB, PUB), cancelled("o1", "v1", cancelAt));
    assertThat(router.extractOutputValues()).extracting(t -> t.cancelledAt).containsExactly(null, cancelAt);
    router.processWatermark(policy.decisionTime(cancelAt));
    assertNothingLeft();
  }

  @Test
  void orderNeverPublishedIsForgottenAfterItsWait() throws Exception {
    long createdAt = PUB - DAY;
    send(created("o1", null, null, createdAt));
    router.processWatermark(createdAt + policy.unpublishedOrderTtlMillis() - 1);
    assertThat(router.numKeyedStateEntries()).isPositive();
    router.processWatermark(createdAt + policy.unpublishedOrderTtlMillis());
    assertNothingLeft();
    assertThat(router.extractOutputValues()).isEmpty();
  }

  @Test
  void everyForwardedSnapshotIsComplete() throws Exception {
    send(created("o1", null, "mcn-1", PUB - DAY), published("o1", "v1", PUB, PUB),
        changed("o1", "v1", 90, PUB + DAY), cancelled("o1", "v1", PUB + 2 * DAY));
    List<OrderTerms> out = router.extractOutputValues();
    assertThat(out).hasSize(3).allSatisfy(t -> {
      assertThat(t.published()).isTrue();
      assertThat(t.agencyId).isEqualTo("mcn-1");
      assertThat(t.advertiserId).isEqualTo("adv-o1");
    });
  }
}
