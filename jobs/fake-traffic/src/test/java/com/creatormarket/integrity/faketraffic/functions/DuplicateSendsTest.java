package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.OrderNotice;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.testing.OperatorMetrics;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Producers sometimes send a record twice (a retry: same eventId, same everything). A duplicate
 * must count once: the device stage drops repeats of an event id when it releases an event time
 * (counted in {@code duplicateEvents}), and the order registry ignores an order event it has applied.
 */
class DuplicateSendsTest {

  static final DetectionSettings S = DetectionSettings.defaults();

  /** Honest traffic, bot views and bought likes on two ordered videos; the same every call. */
  static Traffic traffic() {
    long published = at(HOUR);
    return new Traffic(41)
        .order("o1", "v1", "c1", published, 2).honest("v1", "c1", published, at(8 * HOUR), 300)
        .order("o2", "v2", "c1", published, 2).honest("v2", "c1", published, at(8 * HOUR), 200)
        .botViews("v1", "c1", at(4 * HOUR), 20 * MINUTE, 600, 60)
        .bought(EngagementKind.LIKE, "v2", "c1", at(5 * HOUR), HOUR, 120, 0.8);
  }

  @Test
  void anEngagementEventSentTwiceCountsOnceInCasesAndMetrics() throws Exception {
    List<FlaggedCase> onceCases;
    List<VerifiedMetrics> onceMetrics;
    try (Rig rig = new Rig(S, 2).run(traffic(), at(10 * HOUR))) {
      onceCases = sortedCases(rig.cases);
      onceMetrics = sortedMetrics(rig.metrics);
    }
    Traffic twice = traffic().duplicates(0.1);
    assertThat(twice.events().size() - traffic().events().size()).as("events sent twice").isGreaterThan(500);
    try (Rig rig = new Rig(S, 2).run(twice, at(10 * HOUR))) {
      assertThat(onceCases).as("cases").isNotEmpty();
      assertThat(onceMetrics).as("metrics").hasSizeGreaterThan(10);
      assertThat(sortedCases(rig.cases)).as("cases with duplicate sends").isEqualTo(onceCases);
      assertThat(sortedMetrics(rig.metrics)).as("verified metrics with duplicate sends").isEqualTo(onceMetrics);
    }
  }

  @Test
  void theDeviceStageReleasesAnEventOnceAndCountsItsRepeats() throws Exception {
    List<EngagementEvent> events = traffic().events();
    Traffic withCopies = traffic().duplicates(0.1);
    List<EngagementEvent> twice = withCopies.events();
    int copies = twice.size() - events.size();

    List<String> once = annotate(events, new Random(5), null);
    OperatorMetrics metrics = new OperatorMetrics();
    List<String> doubled = annotate(twice, new Random(6), metrics);
    // Each copy arrives at its own place within the out-of-orderness, often after other events.
    assertThat(doubled).as("annotated events with duplicate sends").isEqualTo(once);
    assertThat(metrics.count("duplicateEvents")).as("duplicateEvents").isEqualTo(copies);
    metrics.close();
  }

  /** The device stage's output for the events, shuffled within 30 s, watermarks that never make one late; sorted. */
  static List<String> annotate(List<EngagementEvent> events, Random random, OperatorMetrics metrics) throws Exception {
    long disorder = 30_000L;
    List<EngagementEvent> arrival = new ArrayList<>(events);
    List<Long> keys = new ArrayList<>();
    for (EngagementEvent e : arrival) {
      keys.add(e.getEventTime().toEpochMilli() + (long) (random.nextDouble() * disorder));
    }
    List<Integer> index = new ArrayList<>();
    for (int i = 0; i < arrival.size(); i++) {
      index.add(i);
    }
    index.sort(Comparator.comparingLong(keys::get));
    List<String> out = new ArrayList<>();
    KeyedProcessOperator<String, AnnotatedEngagement, AnnotatedEngagement> op = DeviceSharing.operator(S);
    try (KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> devices = metrics == null
        ? new KeyedOneInputStreamOperatorTestHarness<>(op, e -> e.deviceId, Types.STRING)
        : new KeyedOneInputStreamOperatorTestHarness<>(op, e -> e.deviceId, Types.STRING, metrics.environment())) {
      devices.open();
      long newest = Long.MIN_VALUE;
      long watermark = Long.MIN_VALUE;
      for (int i : index) {
        EngagementEvent e = arrival.get(i);
        long t = e.getEventTime().toEpochMilli();
        devices.processElement(AnnotatedEngagement.of(e), t);
        newest = Math.max(newest, t);
        if (newest - disorder - 1 > watermark) {
          watermark = newest - disorder - 1;
          devices.processWatermark(watermark);
        }
      }
      devices.processWatermark(newest + 30 * DAY);
      for (StreamRecord<? extends AnnotatedEngagement> r : devices.extractOutputStreamRecords()) {
        AnnotatedEngagement a = r.getValue();
        out.add(r.getTimestamp() + " " + a.deviceId + " " + a.accountId + " " + a.videoId + " " + a.kind + " " + a.watchMillis
            + " flags=" + a.flags);
      }
      assertThat(devices.numKeyedStateEntries()).as("state left").isZero();
    }
    out.sort(null);
    return out;
  }

  @Test
  void anOrderEventSentTwiceChangesNothing() throws Exception {
    OrderEvent created = order("oe-1", OrderEventKind.CREATED, at(0)).setRetentionDays(2).build();
    OrderEvent published = order("oe-2", OrderEventKind.VIDEO_PUBLISHED, at(HOUR)).setVideoId("v1")
        .setPublishedAt(Instant.ofEpochMilli(at(HOUR))).build();
    OrderEvent changed = order("oe-3", OrderEventKind.RETENTION_CHANGED, at(5 * HOUR)).setVideoId("v1").setRetentionDays(30)
        .build();
    OrderEvent completed = order("oe-4", OrderEventKind.COMPLETED, at(9 * HOUR)).setVideoId("v1")
        .setPublishedAt(Instant.ofEpochMilli(at(HOUR))).build();
    List<String> once = register(List.of(created, published, changed, completed), null);
    assertThat(once).as("notices").hasSize(3);

    OperatorMetrics metrics = new OperatorMetrics();
    // Retries right behind the first send, and one of the first event after later ones.
    List<String> twice = register(List.of(created, created, published, changed, created, published, completed, completed),
        metrics);
    assertThat(twice).as("notices with duplicate sends").isEqualTo(once);
    assertThat(metrics.count("duplicateEvents")).as("duplicateEvents").isEqualTo(4);
    metrics.close();
  }

  static OrderEvent.Builder order(String eventId, OrderEventKind kind, long at) {
    return OrderEvent.newBuilder().setEventId(eventId).setOrderId("o1").setKind(kind).setAdvertiserId("adv-1")
        .setCreatorId("c1").setAgencyId("mcn-1").setEventTime(Instant.ofEpochMilli(at));
  }

  /** The registry's notices for the events in this order of arrival, as text with their timestamps; no state left at the end. */
  static List<String> register(List<OrderEvent> events, OperatorMetrics metrics) throws Exception {
    KeyedProcessOperator<String, OrderEvent, VideoNotice> op = new KeyedProcessOperator<>(new OrderRegistry(S));
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, VideoNotice> registry = metrics == null
        ? new KeyedOneInputStreamOperatorTestHarness<>(op, OrderEvent::getOrderId, Types.STRING)
        : new KeyedOneInputStreamOperatorTestHarness<>(op, OrderEvent::getOrderId, Types.STRING, metrics.environment())) {
      registry.open();
      for (OrderEvent e : events) {
        seen.add(e.getEventId());
        registry.processElement(OrderEvent.newBuilder(e).build(), e.getEventTime().toEpochMilli());
      }
      registry.processWatermark(at(400 * DAY));
      for (StreamRecord<? extends VideoNotice> r : registry.extractOutputStreamRecords()) {
        OrderNotice n = r.getValue().order;
        out.add(r.getTimestamp() + " " + n.orderId + " " + n.videoId + " " + n.creatorId + " " + n.advertiserId + " "
            + n.agencyId + " published=" + n.publishedAt + " ends=" + n.endsAt + " t=" + n.eventTime);
      }
      assertThat(registry.numKeyedStateEntries()).as("state left").isZero();
      assertThat(registry.numEventTimeTimers()).as("timers left").isZero();
    }
    assertThat(seen).hasSize(4);
    return out;
  }

  static List<FlaggedCase> sortedCases(List<FlaggedCase> cases) {
    List<FlaggedCase> sorted = new ArrayList<>(cases);
    sorted.sort(Comparator.comparing(FlaggedCase::getCaseVersionId));
    return sorted;
  }

  static List<VerifiedMetrics> sortedMetrics(List<VerifiedMetrics> metrics) {
    List<VerifiedMetrics> sorted = new ArrayList<>(metrics);
    sorted.sort(Comparator.comparing(VerifiedMetrics::getMetricsId));
    return sorted;
  }
}
