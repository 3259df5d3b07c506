package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The video stage's outputs are a function of its input records and their event times, not of the
 * order they arrive in (DESIGN.md section 3, "Determinism"; issue #12). The partials (three upstream
 * subtasks, so several per video and bucket), lockstep findings and order notices one run of the
 * whole topology fed the video stage are replayed into fresh video stages: once in event-time order
 * and in seeded shuffles within a bounded out-of-orderness, each with watermarks that never make a
 * record late. Every replay must give the same case versions and verified metrics, record for record.
 */
class VideoStageDeterminismTest {

  /** How far a record may arrive behind a later one: the replay's bounded out-of-orderness. */
  static final long DISORDER = 5 * MINUTE;

  /** One input record of the video stage, and the event time it is due at. */
  record Input(StreamRecord<VideoPartial> partial, StreamRecord<VideoNotice> notice, long due, int seq) {}

  /** What a replay gave, in a canonical order (the ids are deterministic). */
  record Outcome(List<FlaggedCase> cases, List<VerifiedMetrics> metrics) {}

  @Test
  void givesTheSameCasesAndMetricsWhateverOrderItsInputsArriveIn() throws Exception {
    DetectionSettings s = DetectionSettings.defaults();
    List<Input> inputs = capturedInputs(s);
    assertThat(inputs.stream().filter(i -> i.notice() != null && i.notice().getValue().lockstep != null))
        .as("lockstep findings").hasSizeGreaterThan(3);
    Map<String, Integer> perBucket = new HashMap<>();
    inputs.stream().filter(i -> i.partial() != null)
        .forEach(i -> perBucket.merge(i.partial().getValue().videoId + "@" + i.partial().getValue().bucketStart, 1, Integer::sum));
    assertThat(perBucket.values()).as("buckets with several partials").contains(3);

    Outcome inOrder = replay(s, inputs, null);
    assertThat(inOrder.cases()).as("cases").hasSizeGreaterThan(5);
    assertThat(inOrder.cases().stream().flatMap(c -> c.getSignals().stream()).map(f -> f.getSignal()))
        .contains("lockstep-group", "watch-time-shape", "device-concentration", "engagement-ratio");
    assertThat(inOrder.metrics()).as("metrics").hasSizeGreaterThan(50);
    assertThat(inOrder.metrics().stream().map(VerifiedMetrics::getMetricsId).distinct()).as("one record per metrics id")
        .hasSize(inOrder.metrics().size());

    for (long seed : new long[] {1, 2, 3}) {
      Outcome shuffled = replay(s, inputs, new Random(seed));
      assertThat(summaries(shuffled.cases())).as("case versions, arrival order %d", seed).isEqualTo(summaries(inOrder.cases()));
      assertThat(shuffled.cases()).as("cases, arrival order %d", seed).isEqualTo(inOrder.cases());
      assertThat(shuffled.metrics()).as("verified metrics, arrival order %d", seed).isEqualTo(inOrder.metrics());
    }
  }

  /**
   * Order notices count from their event time: whether one arrives long before the partials of the
   * buckets ahead of it, in event-time order, or after the partials of its own bucket, every case
   * version and verified-metrics record is the same. The scenario has an order whose publication is
   * reported 40 minutes after the fact (bot views in between), a retention change that ends an order
   * at its publication, reported hours later (bought likes in between), and a cancellation during
   * a click farm.
   */
  @Test
  void appliesOrderNoticesAtTheirEventTimeWheneverTheyArrive() throws Exception {
    DetectionSettings s = DetectionSettings.defaults();
    List<Input> inputs = capturedWithLateOrderNews(s);
    List<Input> orderNotices = inputs.stream().filter(i -> i.notice() != null && i.notice().getValue().order != null).toList();
    assertThat(orderNotices).as("order notices").hasSizeGreaterThanOrEqualTo(5);

    Comparator<Input> byDue = Comparator.comparingLong(Input::due).thenComparingInt(Input::seq);
    Outcome inTime = replayArriving(s, inputs.stream().sorted(byDue).toList());
    assertThat(inTime.cases().stream().map(FlaggedCase::getOrderId).distinct()).as("orders with a case")
        .contains("o1", "o2", "o3");
    assertThat(inTime.metrics().stream().filter(m -> m.getOrderId().equals("o2"))).as("o2's metrics before its change")
        .isNotEmpty();

    // Every order notice first, before any partial or finding.
    List<Input> noticesFirst = new ArrayList<>(orderNotices);
    inputs.stream().filter(i -> !orderNotices.contains(i)).sorted(byDue).forEach(noticesFirst::add);
    Outcome first = replayArriving(s, noticesFirst);
    assertThat(summaries(first.cases())).as("case versions, order notices first").isEqualTo(summaries(inTime.cases()));
    assertThat(first.cases()).as("cases, order notices first").isEqualTo(inTime.cases());
    assertThat(first.metrics()).as("verified metrics, order notices first").isEqualTo(inTime.metrics());

    // Each order notice after the partials and findings of its own bucket, just before the watermark passes it.
    Comparator<Input> afterItsBucket = Comparator.<Input>comparingLong(
            i -> orderNotices.contains(i) ? Math.floorDiv(i.due(), s.bucketMillis) * s.bucketMillis + s.bucketMillis - 1 : i.due())
        .thenComparingInt(i -> orderNotices.contains(i) ? 1 : 0).thenComparingInt(Input::seq);
    Outcome last = replayArriving(s, inputs.stream().sorted(afterItsBucket).toList());
    assertThat(summaries(last.cases())).as("case versions, order notices after their bucket")
        .isEqualTo(summaries(inTime.cases()));
    assertThat(last.cases()).as("cases, order notices after their bucket").isEqualTo(inTime.cases());
    assertThat(last.metrics()).as("verified metrics, order notices after their bucket").isEqualTo(inTime.metrics());
  }

  /** One run of the whole topology (two account subtasks) over orders whose news comes late; what reached the video stage. */
  static List<Input> capturedWithLateOrderNews(DetectionSettings s) throws Exception {
    long published = at(HOUR);
    Traffic t = new Traffic(78)
        // o1: created, published at 1h, but the publication is reported at 1h40.
        .orderEvent(OrderEvent.newBuilder().setEventId("o1-created").setOrderId("o1").setKind(OrderEventKind.CREATED)
            .setAdvertiserId("adv-1").setCreatorId("c1").setRetentionDays(2).setEventTime(Instant.ofEpochMilli(published - HOUR))
            .build())
        .orderEvent(OrderEvent.newBuilder().setEventId("o1-published").setOrderId("o1").setKind(OrderEventKind.VIDEO_PUBLISHED)
            .setAdvertiserId("adv-1").setCreatorId("c1").setVideoId("v1").setPublishedAt(Instant.ofEpochMilli(published))
            .setEventTime(Instant.ofEpochMilli(published + 40 * MINUTE)).build())
        .honest("v1", "c1", published, at(9 * HOUR), 300)
        .botViews("v1", "c1", published + 10 * MINUTE, 20 * MINUTE, 600, 60)
        // o2: retention cut to 0 days at 5h (the order ends at its publication), after bought likes at 3h.
        .order("o2", "v2", "c1", published, 2).honest("v2", "c1", published, at(9 * HOUR), 200)
        .bought(EngagementKind.LIKE, "v2", "c1", at(3 * HOUR), HOUR, 120, 0.8)
        .orderEvent(OrderEvent.newBuilder().setEventId("o2-changed").setOrderId("o2").setKind(OrderEventKind.RETENTION_CHANGED)
            .setAdvertiserId("adv-1").setCreatorId("c1").setVideoId("v2").setRetentionDays(0)
            .setEventTime(Instant.ofEpochMilli(at(5 * HOUR))).build())
        // o3: cancelled at 4h30, during a click farm from 3h to 6h.
        .order("o3", "v3", "c1", published, 2).honest("v3", "c1", published, at(9 * HOUR), 300)
        .clickFarm("v3", "c1", at(3 * HOUR), 3 * HOUR, 1500, 200, 13, 3)
        .orderEvent("o3", "v3", "c1", OrderEventKind.CANCELLED, at(4 * HOUR) + 30 * MINUTE);
    List<Input> inputs = new ArrayList<>();
    try (Rig rig = new Rig(s, 2).run(t, at(10 * HOUR))) {
      for (StreamRecord<VideoPartial> r : rig.judgedPartials) {
        inputs.add(new Input(r, null, r.getValue().bucketStart + s.bucketMillis - 1, inputs.size()));
      }
      for (StreamRecord<VideoNotice> r : rig.judgedNotices) {
        inputs.add(new Input(null, r, r.getTimestamp(), inputs.size()));
      }
    }
    return inputs;
  }

  /**
   * Feeds copies of the inputs to a fresh video stage in the given order; after each record the
   * watermark moves to just before the earliest due time still to come (nothing arrives late), and
   * at the end past every timer.
   */
  static Outcome replayArriving(DetectionSettings s, List<Input> order) throws Exception {
    long[] dueAfter = new long[order.size() + 1];
    dueAfter[order.size()] = Long.MAX_VALUE;
    for (int i = order.size() - 1; i >= 0; i--) {
      dueAfter[i] = Math.min(dueAfter[i + 1], order.get(i).due());
    }
    TypeSerializer<VideoPartial> partials = TypeInformation.of(VideoPartial.class).createSerializer(new SerializerConfigImpl());
    TypeSerializer<VideoNotice> notices = TypeInformation.of(VideoNotice.class).createSerializer(new SerializerConfigImpl());
    List<FlaggedCase> cases = new ArrayList<>();
    List<VerifiedMetrics> metrics = new ArrayList<>();
    try (KeyedOneInputStreamOperatorTestHarness<String, VideoNotice, FlaggedCase> judge =
        new KeyedOneInputStreamOperatorTestHarness<>(VideoJudge.operator(s), n -> n.videoId, Types.STRING)) {
      judge.open();
      long watermark = Long.MIN_VALUE;
      for (int k = 0; k < order.size(); k++) {
        Input i = order.get(k);
        if (i.partial() != null) {
          judge.processElement(Rig.toJudge(new StreamRecord<>(partials.copy(i.partial().getValue()), i.partial().getTimestamp())));
        } else {
          judge.processElement(Rig.sent(new StreamRecord<>(notices.copy(i.notice().getValue()), i.notice().getTimestamp())));
        }
        if (dueAfter[k + 1] != Long.MAX_VALUE && dueAfter[k + 1] - 1 > watermark) {
          watermark = dueAfter[k + 1] - 1;
          judge.processWatermark(new Watermark(watermark));
        }
      }
      judge.processWatermark(new Watermark(Long.MAX_VALUE));
      for (Object o : judge.getOutput()) {
        if (o instanceof StreamRecord<?> r) {
          cases.add((FlaggedCase) r.getValue());
        }
      }
      judge.getSideOutput(VideoJudge.METRICS).forEach(r -> metrics.add(r.getValue()));
      assertThat(judge.numKeyedStateEntries()).as("state left").isZero();
      assertThat(judge.numEventTimeTimers()).as("timers left").isZero();
    }
    cases.sort(Comparator.comparing(FlaggedCase::getCaseVersionId));
    metrics.sort(Comparator.comparing(VerifiedMetrics::getMetricsId));
    return new Outcome(cases, metrics);
  }

  /** Runs the whole topology once (three account subtasks) and keeps what reached the video stage. */
  static List<Input> capturedInputs(DetectionSettings s) throws Exception {
    long published = at(HOUR);
    // A busy video: its partials' frequent-items sketches fill up, so merging them purges.
    Traffic t = new Traffic(77)
        .order("o-busy", "v-busy", "c1", published, 2).honest("v-busy", "c1", published, at(9 * HOUR), 3000)
        .order("o-farm", "v-farm", "c3", published, 2).honest("v-farm", "c3", published, at(9 * HOUR), 300)
        .clickFarm("v-farm", "c3", at(4 * HOUR), 3 * HOUR, 1500, 200, 13, 3);
    for (String n : List.of("1", "2", "3")) {
      t.order("o" + n, "v" + n, "c2", published, 2).honest("v" + n, "c2", published, at(14 * HOUR), 200);
    }
    t.botViews("v1", "c2", at(4 * HOUR) + 7 * MINUTE, 20 * MINUTE, 600, 60)
        .bought(EngagementKind.LIKE, "v2", "c2", at(6 * HOUR), HOUR, 120, 0.8)
        .lockstep(List.of("v1", "v2", "v3"), "c2", at(7 * HOUR) + 50 * MINUTE, 25, 3, 2 * HOUR, 5 * MINUTE);
    List<Input> inputs = new ArrayList<>();
    try (Rig rig = new Rig(s, 3).run(t, at(15 * HOUR))) {
      for (StreamRecord<VideoPartial> r : rig.judgedPartials) {
        inputs.add(new Input(r, null, r.getValue().bucketStart + s.bucketMillis - 1, inputs.size()));
      }
      for (StreamRecord<VideoNotice> r : rig.judgedNotices) {
        inputs.add(new Input(null, r, r.getTimestamp(), inputs.size()));
      }
    }
    return inputs;
  }

  /**
   * Feeds copies of the inputs to a fresh video stage: in event-time order when {@code rng} is null,
   * otherwise each due time moved by up to {@link #DISORDER}; after each record the watermark moves to
   * what the records still to come allow, and at the end past every timer.
   */
  static Outcome replay(DetectionSettings s, List<Input> inputs, Random rng) throws Exception {
    List<Input> order = new ArrayList<>(inputs);
    Map<Input, Long> arrival = new HashMap<>();
    for (Input i : order) {
      arrival.put(i, i.due() + (rng == null ? 0 : (long) (rng.nextDouble() * DISORDER)));
    }
    order.sort(Comparator.<Input>comparingLong(arrival::get).thenComparingInt(Input::seq));
    long slack = rng == null ? 0 : DISORDER;

    TypeSerializer<VideoPartial> partials = TypeInformation.of(VideoPartial.class).createSerializer(new SerializerConfigImpl());
    TypeSerializer<VideoNotice> notices = TypeInformation.of(VideoNotice.class).createSerializer(new SerializerConfigImpl());
    List<FlaggedCase> cases = new ArrayList<>();
    List<VerifiedMetrics> metrics = new ArrayList<>();
    try (KeyedOneInputStreamOperatorTestHarness<String, VideoNotice, FlaggedCase> judge =
        new KeyedOneInputStreamOperatorTestHarness<>(VideoJudge.operator(s), n -> n.videoId, Types.STRING)) {
      judge.open();
      long watermark = Long.MIN_VALUE;
      for (Input i : order) {
        if (i.partial() != null) {
          judge.processElement(Rig.toJudge(new StreamRecord<>(partials.copy(i.partial().getValue()), i.partial().getTimestamp())));
        } else {
          judge.processElement(Rig.sent(new StreamRecord<>(notices.copy(i.notice().getValue()), i.notice().getTimestamp())));
        }
        // Nothing still to come is due before arrival - slack: the watermark may move just behind that.
        long next = arrival.get(i) - slack - 1;
        if (next >= watermark + MINUTE) {
          watermark = next;
          judge.processWatermark(new Watermark(watermark));
        }
      }
      judge.processWatermark(new Watermark(Long.MAX_VALUE));
      for (Object o : judge.getOutput()) {
        if (o instanceof StreamRecord<?> r) {
          cases.add((FlaggedCase) r.getValue());
        }
      }
      judge.getSideOutput(VideoJudge.METRICS).forEach(r -> metrics.add(r.getValue()));
      assertThat(judge.numKeyedStateEntries()).as("state left").isZero();
      assertThat(judge.numEventTimeTimers()).as("timers left").isZero();
    }
    cases.sort(Comparator.comparing(FlaggedCase::getCaseVersionId));
    metrics.sort(Comparator.comparing(VerifiedMetrics::getMetricsId));
    return new Outcome(cases, metrics);
  }

  /** A case version as a reviewer sees it first: id, version, level, score and signals. */
  static List<String> summaries(List<FlaggedCase> cases) {
    return cases.stream().map(c -> c.getCaseId() + " v" + c.getVersion() + " " + c.getLevel() + " "
        + String.format("%.4f", c.getRiskScore()) + " " + c.getSignals().stream().map(f -> f.getSignal()).sorted().toList())
        .toList();
  }
}
