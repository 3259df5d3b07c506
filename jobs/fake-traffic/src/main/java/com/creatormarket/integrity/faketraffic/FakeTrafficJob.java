package com.creatormarket.integrity.faketraffic;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.LateRecords;
import com.creatormarket.integrity.faketraffic.rules.RuleChecks;
import com.creatormarket.integrity.faketraffic.rules.RuleGate;
import java.util.Map;
import com.creatormarket.integrity.faketraffic.functions.AccountFeatures;
import com.creatormarket.integrity.faketraffic.functions.CreatorNorms;
import com.creatormarket.integrity.faketraffic.functions.DeviceSharing;
import com.creatormarket.integrity.faketraffic.functions.InputChecks;
import com.creatormarket.integrity.faketraffic.functions.LockstepGroups;
import com.creatormarket.integrity.faketraffic.functions.LockstepSignificance;
import com.creatormarket.integrity.faketraffic.functions.OrderRegistry;
import com.creatormarket.integrity.faketraffic.functions.PopulationNorms;
import com.creatormarket.integrity.faketraffic.functions.SentAt;
import com.creatormarket.integrity.faketraffic.model.BucketTotals;
import com.creatormarket.integrity.faketraffic.model.PopulationNorm;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import com.creatormarket.integrity.faketraffic.functions.VideoBucketCombiner;
import com.creatormarket.integrity.faketraffic.functions.VideoJudge;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoReach;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Fake-traffic job: engagement + orders -> signals -> risk score -> flagged cases, verified metrics. Wiring only. */
public final class FakeTrafficJob {

  public static final String NAME = "fake-traffic";

  private FakeTrafficJob() {}

  /** What the topology produces; rules the gate turned down go to dead letters (null when built without a rule stream). */
  public record Outputs(DataStream<FlaggedCase> cases, DataStream<VerifiedMetrics> metrics, DataStream<FlaggedCase> shadowCases,
      DataStream<DeadLetter> rejectedRules) {}

  public static void main(String[] args) throws Exception {
    Settings settings = FakeTrafficOptions.fromArgs(args);
    StreamExecutionEnvironment env = JobEnvironment.create();
    build(env, settings);
    env.execute(NAME);
  }

  /** The job's two inputs as read from Kafka: triaged records and their dead letters. */
  public record Inputs(Input<EngagementEvent> engagement, Input<OrderEvent> orders) {
    public DataStream<DeadLetter> deadLetters() {
      return engagement.deadLetters().union(orders.deadLetters());
    }
  }

  /**
   * Reads detection-rules: every record from the start, checked at the door ({@link RuleChecks});
   * a rule may be dated up to a week after it was sent ({@code source.max-event-time-ahead} for this
   * topic only), so a change can be scheduled ahead.
   */
  public static Input<DetectionRule> readRules(StreamExecutionEnvironment env, Settings settings) {
    Settings rulesReading = settings.with(Map.of(KafkaKnobs.MAX_EVENT_TIME_AHEAD.key(), "7d"));
    return KafkaIo.read(env, rulesReading, NAME, Topics.DETECTION_RULES, r -> r.getEffectiveFrom().toEpochMilli(), RuleChecks.door(),
        Uids.RULE_SOURCE, Uids.RULE_TRIAGE, LateRecords.GO_ON);
  }

  /**
   * Reads engagement and orders from Kafka as the job does: per-partition watermarks and lateness,
   * records breaking {@link InputChecks} set aside as dead letters. The backtest reads through here too.
   */
  public static Inputs read(StreamExecutionEnvironment env, Settings settings) {
    return new Inputs(
        KafkaIo.read(env, settings, NAME, Topics.ENGAGEMENT, e -> e.getEventTime().toEpochMilli(), InputChecks.engagement(settings),
            Uids.ENGAGEMENT_SOURCE, Uids.ENGAGEMENT_TRIAGE),
        KafkaIo.read(env, settings, NAME, Topics.ORDERS, o -> o.getEventTime().toEpochMilli(), InputChecks.orders(settings),
            Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE));
  }

  /** Kafka in ({@link #read}), topology, Kafka out. */
  public static void build(StreamExecutionEnvironment env, Settings settings) {
    Inputs in = read(env, settings);
    Input<DetectionRule> rules = readRules(env, settings);
    Outputs out = buildTopology(in.engagement().records(), in.orders().records(), rules.records(), settings);
    // Enforcement reads the cases: heartbeats carry this job's time to it. A case's event time is at
    // most a bucket behind the watermark that judged it, a lockstep finding's a lockstep window more.
    DetectionSettings detection = DetectionSettings.from(settings);
    KafkaIo.sinkWithHeartbeats(out.cases(), settings, NAME, Uids.CASE_SINK, Topics.FLAGGED_CASES, FlaggedCase::getOrderId,
        java.time.Duration.ofMillis(detection.bucketMillis + detection.lockstepWindowMillis));
    KafkaIo.sink(out.metrics(), settings, NAME, Uids.METRICS_SINK, Topics.VERIFIED_METRICS, VerifiedMetrics::getOrderId);
    KafkaIo.sink(out.shadowCases(), settings, NAME, Uids.SHADOW_CASE_SINK, Topics.SHADOW_CASES, FlaggedCase::getOrderId);
    KafkaIo.sink(in.deadLetters().union(rules.deadLetters(), out.rejectedRules()), settings, NAME, Uids.DEAD_LETTER_SINK,
        Topics.DEAD_LETTERS, DeadLetter::getJob);
  }

  /**
   * The detection itself, without I/O: both inputs must carry event-time timestamps and watermarks.
   * <pre>
   * engagement -> engagement-compact -keyBy(device)-> device-sharing -keyBy(account)-> account-features -> video-bucket-combiner
   *     -(totals) -keyBy(marketplace)-> population-norms: norms (N, hourly), reach (R, every 10 min)
   *     -keyBy(creator)-> creator-norms (with N broadcast) ----------------------------------> partials
   *   account-features -(lockstep hits)-keyBy(band)-> lockstep-groups
   *     -keyBy(video)-> lockstep-significance (with R broadcast) ---------------------------> findings
   * orders -keyBy(order)-> order-registry ----------------------------------------------------> notices
   * partials, findings, notices (as one input) -keyBy(video)-> video-judge
   *   (its input's watermark) + detection-rules -> rule-gate (p=1) -broadcast-> video-judge
   * </pre>
   */
  public static Outputs buildTopology(DataStream<EngagementEvent> engagement, DataStream<OrderEvent> orders, Settings settings) {
    return buildTopology(engagement, orders, null, settings);
  }

  /**
   * As {@link #buildTopology(DataStream, DataStream, Settings)}, with run-time rules (null: none):
   * judged by the {@link RuleGate} against the video stage's watermark, applied by the video stage
   * from each rule's event time.
   */
  public static Outputs buildTopology(DataStream<EngagementEvent> engagement, DataStream<OrderEvent> orders,
      DataStream<DetectionRule> ruleChanges, Settings settings) {
    DetectionSettings s = DetectionSettings.from(settings);

    SingleOutputStreamOperator<AnnotatedEngagement> annotated = engagement
        // In the source's chain: every hop and waiting list after it carries the compact record.
        .map(AnnotatedEngagement::of).returns(AnnotatedEngagement.class)
        .uid(Uids.ENGAGEMENT_COMPACT).name(Uids.ENGAGEMENT_COMPACT)
        .keyBy(e -> e.deviceId, Types.STRING)
        .transform(Uids.DEVICE_SHARING, TypeInformation.of(AnnotatedEngagement.class), DeviceSharing.operator(s))
        .uid(Uids.DEVICE_SHARING)
        .keyBy(e -> e.accountId, Types.STRING)
        .transform(Uids.ACCOUNT_FEATURES, TypeInformation.of(AnnotatedEngagement.class), AccountFeatures.operator(s))
        .uid(Uids.ACCOUNT_FEATURES);

    SingleOutputStreamOperator<VideoPartial> combined = annotated
        .transform(Uids.VIDEO_COMBINER, TypeInformation.of(VideoPartial.class), new VideoBucketCombiner(s))
        .uid(Uids.VIDEO_COMBINER);

    // The marketplace's usual shares, learnt from every partial and stamped onto later buckets' partials.
    SingleOutputStreamOperator<PopulationNorm> norms = combined
        .map(BucketTotals::of).returns(BucketTotals.class)
        .uid(Uids.POPULATION_TOTALS).name(Uids.POPULATION_TOTALS)
        .keyBy(t -> PopulationNorms.MARKETPLACE, Types.INT)
        .process(new PopulationNorms(s))
        .returns(PopulationNorm.class)
        .uid(Uids.POPULATION_NORMS).name(Uids.POPULATION_NORMS).setParallelism(1);
    BroadcastStream<PopulationNorm> population = norms.broadcast(CreatorNorms.POPULATION);
    BroadcastStream<VideoReach> reach = norms.getSideOutput(PopulationNorms.REACH).broadcast(LockstepSignificance.REACH);

    DataStream<VideoPartial> partials = combined
        .keyBy(p -> p.creatorId, Types.STRING)
        .connect(population)
        .process(new CreatorNorms(s))
        .returns(VideoPartial.class)
        .uid(Uids.CREATOR_NORMS).name(Uids.CREATOR_NORMS);

    DataStream<VideoNotice> orderNotices = orders
        .keyBy(OrderEvent::getOrderId, Types.STRING)
        .process(new OrderRegistry(s))
        .returns(VideoNotice.class)
        .uid(Uids.ORDER_REGISTRY).name(Uids.ORDER_REGISTRY);

    DataStream<VideoNotice> lockstep = annotated.getSideOutput(AccountFeatures.LOCKSTEP)
        .keyBy(h -> h.bandKey, Types.STRING)
        .transform(Uids.LOCKSTEP_GROUPS, TypeInformation.of(VideoNotice.class), LockstepGroups.operator(s))
        .uid(Uids.LOCKSTEP_GROUPS)
        // Groups that chance explains (popular videos, given the last hour's reach) go no further.
        .keyBy(n -> n.videoId, Types.STRING)
        .connect(reach)
        .process(new LockstepSignificance(s))
        .returns(VideoNotice.class)
        .uid(Uids.LOCKSTEP_SIGNIFICANCE).name(Uids.LOCKSTEP_SIGNIFICANCE);

    // One input for the video stage, so its buckets wait in one event-time order.
    DataStream<VideoNotice> notices = orderNotices.union(lockstep)
        .process(new SentAt()).returns(VideoNotice.class)
        .uid(Uids.NOTICE_TIMES).name(Uids.NOTICE_TIMES);
    DataStream<VideoNotice> judgeInput = partials
        .map(VideoNotice::of).returns(VideoNotice.class)
        .uid(Uids.PARTIAL_NOTICES).name(Uids.PARTIAL_NOTICES)
        .union(notices);
    KeyedStream<VideoNotice, String> byVideo = judgeInput.keyBy(n -> n.videoId, Types.STRING);
    if (ruleChanges == null) {
      SingleOutputStreamOperator<FlaggedCase> cases = byVideo
          .transform(Uids.VIDEO_JUDGE, TypeInformation.of(FlaggedCase.class), VideoJudge.operator(s))
          .uid(Uids.VIDEO_JUDGE);
      return new Outputs(cases, cases.getSideOutput(VideoJudge.METRICS), cases.getSideOutput(VideoJudge.SHADOW), null);
    }
    // Rules are judged in one place against the video stage's own watermark (its input with the
    // records filtered out), and reach the video stage on a broadcast input that carries that watermark.
    SingleOutputStreamOperator<DetectionRule> accepted = judgeInput
        .filter(n -> false).returns(VideoNotice.class)
        .uid(Uids.RULE_WATERMARKS).name(Uids.RULE_WATERMARKS)
        .connect(ruleChanges)
        .transform(Uids.RULE_GATE, TypeInformation.of(DetectionRule.class), new RuleGate(NAME, settings, s))
        .uid(Uids.RULE_GATE)
        .setParallelism(1)
        .setMaxParallelism(1);
    SingleOutputStreamOperator<FlaggedCase> cases = byVideo
        .connect(accepted.broadcast())
        .transform(Uids.VIDEO_JUDGE, TypeInformation.of(FlaggedCase.class), VideoJudge.operator(s))
        .uid(Uids.VIDEO_JUDGE);
    return new Outputs(cases, cases.getSideOutput(VideoJudge.METRICS), cases.getSideOutput(VideoJudge.SHADOW),
        accepted.getSideOutput(DeadLetters.TAG));

  }
}
