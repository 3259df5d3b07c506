package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.functions.DuplicateSendsTest.order;
import static com.creatormarket.integrity.faketraffic.functions.DuplicateSendsTest.register;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An order's events a little out of order within their partition (a producer's retry, a clock a few
 * seconds off) give the order registry's notices of the events in event-time order: every one of
 * the 24 arrival orders of four events within a minute. Fails on the registry that applied events
 * as they arrived (a creation arriving after the retention change that amends it put the old
 * retention back).
 */
class OrderEventOrderTest {

  @Test
  void everyArrivalOrderOfOneMinutesEventsGivesTheNoticesOfEventTimeOrder() throws Exception {
    OrderEvent created = order("oe-1", OrderEventKind.CREATED, at(0)).setRetentionDays(2).build();
    OrderEvent published = order("oe-2", OrderEventKind.VIDEO_PUBLISHED, at(20_000)).setVideoId("v1")
        .setPublishedAt(Instant.ofEpochMilli(at(20_000))).build();
    OrderEvent changed = order("oe-3", OrderEventKind.RETENTION_CHANGED, at(40_000)).setVideoId("v1").setRetentionDays(30)
        .build();
    OrderEvent cancelled = order("oe-4", OrderEventKind.CANCELLED, at(50_000)).setVideoId("v1").build();
    List<OrderEvent> inEventTime = List.of(created, published, changed, cancelled);
    List<String> expected = register(inEventTime, null);
    assertThat(expected).as("notices in event-time order").hasSize(3);

    for (List<OrderEvent> arrival : permutations(inEventTime)) {
      assertThat(register(arrival, null)).as("arriving as %s", arrival.stream().map(e -> e.getKind().name()).toList())
          .isEqualTo(expected);
    }
  }

  private static List<List<OrderEvent>> permutations(List<OrderEvent> events) {
    if (events.size() <= 1) {
      return List.of(events);
    }
    List<List<OrderEvent>> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      List<OrderEvent> rest = new ArrayList<>(events);
      OrderEvent first = rest.remove(i);
      for (List<OrderEvent> tail : permutations(rest)) {
        List<OrderEvent> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }
}
