package com.creatormarket.integrity.faketraffic.testing;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.functions.AccountFeatures;
import com.creatormarket.integrity.faketraffic.functions.CreatorNorms;
import com.creatormarket.integrity.faketraffic.functions.DeviceSharing;
import com.creatormarket.integrity.faketraffic.functions.LockstepGroups;
import com.creatormarket.integrity.faketraffic.functions.LockstepSignificance;
import com.creatormarket.integrity.faketraffic.functions.OrderRegistry;
import com.creatormarket.integrity.faketraffic.functions.PopulationNorms;
import com.creatormarket.integrity.faketraffic.model.BucketTotals;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import com.creatormarket.integrity.faketraffic.functions.VideoBucketCombiner;
import com.creatormarket.integrity.faketraffic.functions.VideoJudge;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * The whole topology as operator test harnesses in one thread: every stage is the job's own
 * function, records move between them as the job's edges would, and the watermark advances every
 * minute of event time. Tests feed it {@link Traffic} and look at cases, metrics and each stage's
 * state and timers.
 */
public final class Rig implements AutoCloseable {

  public final DetectionSettings settings;
  public final KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> devices;
  public final KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> accounts;
  /** One combiner per simulated account-features subtask. */
  public final List<OneInputStreamOperatorTestHarness<AnnotatedEngagement, VideoPartial>> combiners = new ArrayList<>();
  public final KeyedOneInputStreamOperatorTestHarness<Integer, BucketTotals, PopulationNorm> population;
  public final KeyedTwoInputStreamOperatorTestHarness<String, VideoPartial, PopulationNorm, VideoPartial> norms;
  public final KeyedOneInputStreamOperatorTestHarness<String, OrderEvent, VideoNotice> registry;
  public final KeyedOneInputStreamOperatorTestHarness<String, LockstepHit, VideoNotice> lockstep;
  public final KeyedTwoInputStreamOperatorTestHarness<String, VideoNotice, VideoReach, VideoNotice> significance;
  public final KeyedOneInputStreamOperatorTestHarness<String, VideoNotice, FlaggedCase> judge;
  public final List<FlaggedCase> cases = new ArrayList<>();
  public final List<VerifiedMetrics> metrics = new ArrayList<>();
  public final List<VideoPartial> partials = new ArrayList<>();
  /** Everything the video stage was fed, with its timestamps, in the order it was fed: partials and notices. */
  public final List<StreamRecord<VideoPartial>> judgedPartials = new ArrayList<>();
  public final List<StreamRecord<VideoNotice>> judgedNotices = new ArrayList<>();
  private long watermark = Long.MIN_VALUE;

  public Rig(DetectionSettings s) throws Exception {
    this(s, 1);
  }

  /**
   * A rig whose account stage runs as {@code subtasks} subtasks, each with its own chained combiner
   * (an account's events go to one of them, as keyBy(account) would send them): the video stage
   * then gets up to that many partials per video and bucket.
   */
  public Rig(DetectionSettings s, int subtasks) throws Exception {
    this.settings = s;
    devices = new KeyedOneInputStreamOperatorTestHarness<>(DeviceSharing.operator(s),
        e -> e.deviceId, Types.STRING);
    accounts = new KeyedOneInputStreamOperatorTestHarness<>(AccountFeatures.operator(s),
        e -> e.accountId, Types.STRING);
    for (int i = 0; i < subtasks; i++) {
      combiners.add(new OneInputStreamOperatorTestHarness<>(new VideoBucketCombiner(s)));
    }
    population = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PopulationNorms(s)),
        t -> PopulationNorms.MARKETPLACE, Types.INT);
    norms = new KeyedTwoInputStreamOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new CreatorNorms(s), List.of(CreatorNorms.POPULATION)), p -> p.creatorId, null,
        Types.STRING);
    registry = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OrderRegistry(s)),
        OrderEvent::getOrderId, Types.STRING);
    lockstep = new KeyedOneInputStreamOperatorTestHarness<>(LockstepGroups.operator(s), h -> h.bandKey,
        Types.STRING);
    significance = new KeyedTwoInputStreamOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new LockstepSignificance(s), List.of(LockstepSignificance.REACH)), n -> n.videoId, null,
        Types.STRING);
    judge = new KeyedOneInputStreamOperatorTestHarness<>(VideoJudge.operator(s), n -> n.videoId, Types.STRING);
    devices.open();
    accounts.open();
    for (OneInputStreamOperatorTestHarness<AnnotatedEngagement, VideoPartial> c : combiners) {
      c.open();
    }
    population.open();
    norms.open();
    registry.open();
    lockstep.open();
    significance.open();
    judge.open();
  }

  public static Rig withDefaults() throws Exception {
    return new Rig(DetectionSettings.defaults());
  }

  /** Feeds the traffic up to {@code until} in event-time order, then moves the watermark there. */
  public Rig run(Traffic traffic, long until) throws Exception {
    Iterator<EngagementEvent> e = traffic.events().iterator();
    Iterator<OrderEvent> o = traffic.orders().iterator();
    EngagementEvent nextE = e.hasNext() ? e.next() : null;
    OrderEvent nextO = o.hasNext() ? o.next() : null;
    while (nextE != null || nextO != null) {
      long te = nextE == null ? Long.MAX_VALUE : nextE.getEventTime().toEpochMilli();
      long to = nextO == null ? Long.MAX_VALUE : nextO.getEventTime().toEpochMilli();
      long t = Math.min(te, to);
      if (t > until) {
        break;
      }
      advanceTo(Math.floorDiv(t, Traffic.MINUTE) * Traffic.MINUTE - 1);
      if (to <= te) {
        registry.processElement(nextO, to);
        nextO = o.hasNext() ? o.next() : null;
      } else {
        devices.processElement(AnnotatedEngagement.of(nextE), te);
        nextE = e.hasNext() ? e.next() : null;
      }
      pump();
    }
    advanceTo(until);
    return this;
  }

  /** Moves every stage's watermark, minute by minute so hour and round timers fire in order. */
  public void advanceTo(long target) throws Exception {
    if (target <= watermark) {
      return;
    }
    long from = watermark == Long.MIN_VALUE ? target : watermark;
    for (long wm = Math.min(target, from + Traffic.HOUR); ; wm = Math.min(target, wm + Traffic.HOUR)) {
      step(wm);
      if (wm == target) {
        break;
      }
    }
  }

  private void step(long wm) throws Exception {
    watermark = wm;
    registry.processWatermark(new Watermark(wm));
    devices.processWatermark(new Watermark(wm));
    pump();
    accounts.processWatermark(new Watermark(wm));
    pump();
    for (OneInputStreamOperatorTestHarness<AnnotatedEngagement, VideoPartial> c : combiners) {
      c.processWatermark(new Watermark(wm));
    }
    pump();
    population.processWatermark(new Watermark(wm));
    pump();
    norms.processBothWatermarks(new Watermark(wm));
    lockstep.processWatermark(new Watermark(wm));
    pump();
    significance.processBothWatermarks(new Watermark(wm));
    pump();
    judge.processWatermark(new Watermark(wm));
    pump();
  }

  private void pump() throws Exception {
    drain(registry.getOutput(), (StreamRecord<VideoNotice> r) -> {
      judgedNotices.add(r);
      judge.processElement(sent(r));
    });
    drain(devices.getOutput(), (StreamRecord<AnnotatedEngagement> r) -> accounts.processElement(r));
    drainSide(accounts.getSideOutput(AccountFeatures.LOCKSTEP), r -> lockstep.processElement(r));
    drain(accounts.getOutput(), (StreamRecord<AnnotatedEngagement> r) ->
        combiners.get(Math.floorMod(r.getValue().accountId.hashCode(), combiners.size())).processElement(r));
    for (OneInputStreamOperatorTestHarness<AnnotatedEngagement, VideoPartial> c : combiners) {
      drain(c.getOutput(), (StreamRecord<VideoPartial> r) -> {
        partials.add(r.getValue());
        norms.processElement1(r);
        population.processElement(new StreamRecord<>(BucketTotals.of(r.getValue()), r.getTimestamp()));
      });
    }
    drain(population.getOutput(), (StreamRecord<PopulationNorm> r) -> norms.processElement2(r));
    drainSide(population.getSideOutput(PopulationNorms.REACH), r -> significance.processElement2(r));
    drain(norms.getOutput(), (StreamRecord<VideoPartial> r) -> {
      judgedPartials.add(r);
      judge.processElement(toJudge(r));
    });
    drain(lockstep.getOutput(), (StreamRecord<VideoNotice> r) -> significance.processElement1(r));
    drain(significance.getOutput(), (StreamRecord<VideoNotice> r) -> {
      judgedNotices.add(r);
      judge.processElement(sent(r));
    });
    drain(judge.getOutput(), (StreamRecord<FlaggedCase> r) -> cases.add(r.getValue()));
    drainSide(judge.getSideOutput(VideoJudge.METRICS), r -> metrics.add(r.getValue()));
  }

  /** A partial as the video stage's input (the job's partial-notices map). */
  public static StreamRecord<VideoNotice> toJudge(StreamRecord<VideoPartial> r) {
    return new StreamRecord<>(VideoNotice.of(r.getValue()), r.getTimestamp());
  }

  /** A notice as the video stage's input, its timestamp written into it (the job's notice-times stage). */
  public static StreamRecord<VideoNotice> sent(StreamRecord<VideoNotice> r) {
    VideoNotice n = r.getValue();
    n.sentAt = r.hasTimestamp() ? r.getTimestamp() : Long.MIN_VALUE;
    return new StreamRecord<>(n, r.getTimestamp());
  }

  interface Step<T> {
    void accept(StreamRecord<T> record) throws Exception;
  }

  @SuppressWarnings("unchecked")
  private static <T> void drain(Queue<Object> queue, Step<T> step) throws Exception {
    Object next;
    while ((next = queue.poll()) != null) {
      if (next instanceof StreamRecord<?> r) {
        step.accept((StreamRecord<T>) r);
      }
    }
  }

  private static <T> void drainSide(Queue<StreamRecord<T>> queue, Step<T> step) throws Exception {
    if (queue == null) {
      return;
    }
    StreamRecord<T> next;
    while ((next = queue.poll()) != null) {
      step.accept(next);
    }
  }

  public List<FlaggedCase> casesOf(String orderId) {
    return cases.stream().filter(c -> c.getOrderId().equals(orderId)).toList();
  }

  /** The highest level any version of the order's case reached, or null. */
  public ResponseLevel levelOf(String orderId) {
    return casesOf(orderId).stream().map(FlaggedCase::getLevel).max(Enum::compareTo).orElse(null);
  }

  /** Whether any version of the order's case names the signal. */
  public boolean fired(String orderId, String signal) {
    return casesOf(orderId).stream().anyMatch(c -> c.getSignals().stream().anyMatch(s -> s.getSignal().equals(signal)));
  }

  public void forEachCase(Consumer<FlaggedCase> action) {
    cases.forEach(action);
  }

  @Override
  public void close() throws Exception {
    devices.close();
    accounts.close();
    for (OneInputStreamOperatorTestHarness<AnnotatedEngagement, VideoPartial> c : combiners) {
      c.close();
    }
    population.close();
    norms.close();
    registry.close();
    lockstep.close();
    significance.close();
    judge.close();
  }
}
