package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.CreatorNorm;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.PartialBuilder;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The creator stage's stamps and norm are a function of the creator's events and their event
 * times (issue #12): how the combiners cut the events into partials (one per bucket, one per
 * subtask, early flushes before checkpoint barriers) and the order the partials arrive in do not
 * change the norm stamped onto any (video, bucket), nor the norm the creator is left with.
 */
class CreatorNormsDeterminismTest {

  static final DetectionSettings S = DetectionSettings.defaults();
  static final long DISORDER = 3 * MINUTE;
  static final long END = at(8 * HOUR);

  /** One partial and the event time it is sent at (its bucket's end, or an early flush). */
  record Sent(VideoPartial partial, long at) {}

  /** What a run gave: the stamped norms per (video, bucket) and the creator's norm after the last bucket. */
  record Outcome(Map<String, List<Double>> stamps, List<Object> norm) {}

  @Test
  void stampsAndTeachesTheSameNormWhateverTheSplitIntoPartialsAndTheirArrivalOrder() throws Exception {
    List<AnnotatedEngagement> events = events();
    List<Sent> onePerBucket = split(events, e -> 0, false);
    assertThat(split(events, e -> Math.floorMod(e.accountId.hashCode(), 3), true)).as("partials of three flushing subtasks")
        .hasSizeGreaterThan(3 * onePerBucket.size());
    Outcome whole = run(onePerBucket, null);
    assertThat(whole.stamps()).as("(video, bucket)s").hasSizeGreaterThan(500);
    assertThat(whole.stamps().values().stream().filter(r -> !r.get(0).isNaN())).as("buckets stamped with a known norm")
        .hasSizeGreaterThan(400);
    assertThat((double) whole.norm().get(0)).as("norm views").isGreaterThan(1000);

    // Two subtasks (by account), arriving in event-time order.
    assertThat(run(split(events, e -> Math.floorMod(e.accountId.hashCode(), 2), false), null)).as("two subtasks")
        .isEqualTo(whole);
    // Halves of each bucket (by event), arriving in event-time order.
    int[] n = {0};
    assertThat(run(split(events, e -> n[0]++ % 2, false), null)).as("halves").isEqualTo(whole);
    for (long seed = 1; seed <= 3; seed++) {
      assertThat(run(split(events, e -> 0, false), new Random(seed))).as("one partial per bucket, arrival order " + seed)
          .isEqualTo(whole);
      // Three subtasks that each also flush early (a checkpoint barrier) once a minute, mid-bucket.
      assertThat(run(split(events, e -> Math.floorMod(e.accountId.hashCode(), 3), true), new Random(seed)))
          .as("three subtasks with early flushes, arrival order " + seed).isEqualTo(whole);
    }
  }

  /** Three videos of one creator over seven hours: honest viewers (some fresh, some repeating), and bought likes on one. */
  static List<AnnotatedEngagement> events() {
    Random rng = new Random(17);
    List<AnnotatedEngagement> out = new ArrayList<>();
    String[] videos = {"v1", "v2", "v3"};
    for (long t = at(HOUR); t < END - HOUR; t += 1 + (long) (rng.nextDouble() * 8_000)) {
      String video = videos[rng.nextInt(3)];
      int account = rng.nextInt(3000);
      int flags = (account % 37 == 0 ? Flags.FRESH : 0) | (rng.nextDouble() < 0.03 ? Flags.REPEAT : 0);
      out.add(event(video, Kinds.VIEW, account, flags, t));
      if (rng.nextDouble() < 0.05) {
        out.add(event(video, Kinds.LIKE, account, flags | (rng.nextDouble() < 0.1 ? Flags.NO_VIEW : 0), t + 1500));
      }
      if (rng.nextDouble() < 0.01) {
        out.add(event(video, Kinds.FOLLOW, account, flags, t + 4000));
      }
    }
    // Bought likes on v2: far above three times the norm, so the norm learns only up to the cap.
    for (long t = at(4 * HOUR); t < at(5 * HOUR); t += 1 + (long) (rng.nextDouble() * 2_000)) {
      int account = 10_000 + rng.nextInt(500);
      out.add(event("v2", Kinds.VIEW, account, 0, t));
      out.add(event("v2", Kinds.LIKE, account, 0, t + 700));
    }
    out.sort(Comparator.comparingLong(e -> e.eventTime));
    return out;
  }

  static AnnotatedEngagement event(String video, byte kind, int account, int flags, long t) {
    AnnotatedEngagement e = new AnnotatedEngagement();
    e.videoId = video;
    e.creatorId = "c1";
    e.accountId = "u" + account;
    e.deviceId = "d" + account;
    e.networkPrefix = "10." + (account / 10) + ".0.0/24";
    e.kind = kind;
    e.watchMillis = kind == Kinds.VIEW ? 2000 + account % 20_000 : 0;
    e.lengthMillis = 30_000;
    e.eventTime = t;
    e.flags = flags;
    return e;
  }

  /**
   * The partials combiners would send for these events: one combiner per subtask ({@code subtask}
   * picks it per event), each sending a (video, bucket) at the bucket's end, or, with {@code
   * earlyFlushes}, everything it holds at each minute's 20th second as well.
   */
  static List<Sent> split(List<AnnotatedEngagement> events, ToIntFunction<AnnotatedEngagement> subtask, boolean earlyFlushes) {
    Map<String, PartialBuilder> open = new LinkedHashMap<>();
    List<Sent> sent = new ArrayList<>();
    long lastFlush = Long.MIN_VALUE;
    for (AnnotatedEngagement e : events) {
      long bucket = Math.floorDiv(e.eventTime, S.bucketMillis) * S.bucketMillis;
      long flushAt = bucket + 20_000;
      if (earlyFlushes && e.eventTime >= flushAt && lastFlush < flushAt) {
        lastFlush = flushAt;
        // Everything held that is older than the flush goes out at it.
        open.entrySet().removeIf(o -> {
          if (o.getValue().bucketStart() <= bucket) {
            sent.add(new Sent(o.getValue().build(), flushAt));
            return true;
          }
          return false;
        });
      }
      String key = subtask.applyAsInt(e) + "/" + e.videoId + "/" + bucket;
      open.computeIfAbsent(key, k -> new PartialBuilder(e.videoId, e.creatorId, bucket, S)).add(e);
    }
    open.values().forEach(b -> sent.add(new Sent(b.build(), b.bucketStart() + S.bucketMillis - 1)));
    // The combiners send a bucket once the watermark passes its end: anything older than that is out by then.
    List<Sent> all = new ArrayList<>();
    for (Sent s : sent) {
      long end = s.partial().bucketStart + S.bucketMillis - 1;
      all.add(new Sent(s.partial(), Math.min(s.at(), end)));
    }
    return all;
  }

  /**
   * Feeds the partials to a fresh creator stage: in the order they were sent ({@code random} null)
   * or each moved by up to {@link #DISORDER}; the watermark stays just behind the oldest bucket end
   * still to come (nothing is late). Returns the stamps and the norm after the last bucket.
   */
  static Outcome run(List<Sent> sent, Random random) throws Exception {
    List<Sent> arrival = new ArrayList<>(sent);
    Map<Sent, Long> key = new IdentityHashMap<>();
    for (Sent s : arrival) {
      key.put(s, s.at() + (random == null ? 0 : (long) (random.nextDouble() * DISORDER)));
    }
    arrival.sort(Comparator.comparingLong(key::get));
    long[] dueAfter = new long[arrival.size() + 1];
    dueAfter[arrival.size()] = Long.MAX_VALUE;
    for (int i = arrival.size() - 1; i >= 0; i--) {
      dueAfter[i] = Math.min(dueAfter[i + 1], arrival.get(i).partial().bucketStart + S.bucketMillis - 1);
    }
    Map<String, List<Double>> stamps = new TreeMap<>();
    CoBroadcastWithKeyedOperator<String, VideoPartial, PopulationNorm, VideoPartial> op =
        new CoBroadcastWithKeyedOperator<>(new CreatorNorms(S), List.of(CreatorNorms.POPULATION));
    try (KeyedTwoInputStreamOperatorTestHarness<String, VideoPartial, PopulationNorm, VideoPartial> norms =
        new KeyedTwoInputStreamOperatorTestHarness<>(op, p -> p.creatorId, null, Types.STRING)) {
      norms.open();
      long watermark = Long.MIN_VALUE;
      for (int i = 0; i < arrival.size(); i++) {
        VideoPartial p = arrival.get(i).partial();
        norms.processElement1(copy(p), p.maxEventTime);
        if (dueAfter[i + 1] - 1 > watermark && dueAfter[i + 1] != Long.MAX_VALUE) {
          watermark = dueAfter[i + 1] - 1;
          norms.processBothWatermarks(new Watermark(watermark));
        }
      }
      norms.processBothWatermarks(new Watermark(END));
      int out = 0;
      for (StreamRecord<? extends VideoPartial> r : norms.extractOutputStreamRecords()) {
        VideoPartial p = r.getValue();
        out++;
        assertThat(r.getTimestamp()).as("timestamp of a partial").isEqualTo(p.maxEventTime);
        List<Double> stamp = List.of(p.creatorLikeRate, p.creatorFollowRate);
        List<Double> before = stamps.putIfAbsent(p.videoId + "@" + p.bucketStart, stamp);
        assertThat(before == null || before.equals(stamp)).as("every partial of a (video, bucket) has the same stamp").isTrue();
      }
      assertThat(out).as("partials out").isEqualTo(sent.size());

      op.setCurrentKey("c1");
      CreatorNorm n = op.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, CreatorNorms.NORM).value();
      List<Object> norm = List.of(n.views, n.likes, n.follows, n.updatedAt, n.cleanupAt);

      norms.processBothWatermarks(new Watermark(END + 40 * DAY));
      assertThat(norms.numKeyedStateEntries()).as("state left").isZero();
      assertThat(norms.numEventTimeTimers()).as("timers left").isZero();
      return new Outcome(stamps, norm);
    }
  }

  static final TypeSerializer<VideoPartial> PARTIALS =
      TypeInformation.of(VideoPartial.class).createSerializer(new SerializerConfigImpl());

  /** A copy as the network would deliver it: the stage stamps what it is given. */
  static VideoPartial copy(VideoPartial p) {
    return PARTIALS.copy(p);
  }
}
