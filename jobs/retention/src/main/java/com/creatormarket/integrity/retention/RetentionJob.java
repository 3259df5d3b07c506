package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.retention.functions.EarlyRemovalRule;
import com.creatormarket.integrity.retention.functions.InputChecks;
import com.creatormarket.integrity.retention.functions.OrderRouter;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Retention job: order events + video lifecycle -> retention violations. Wiring only. */
public final class RetentionJob {

  public static final String NAME = "retention";

  private RetentionJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = RetentionOptions.fromArgs(args);
    StreamExecutionEnvironment env = JobEnvironment.create();
    build(env, settings);
    env.execute(NAME);
  }

  /** Kafka in, topology, Kafka out. */
  public static void build(StreamExecutionEnvironment env, Settings settings) {
    RetentionPolicy policy = RetentionPolicy.from(settings);
    Input<OrderEvent> orders = KafkaIo.read(env, settings, NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), InputChecks.orders(policy.maxDays()), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE);
    Input<VideoLifecycleEvent> lifecycle = KafkaIo.read(env, settings, NAME, Topics.LIFECYCLE,
        l -> l.getEventTime().toEpochMilli(), InputChecks.lifecycle(), Uids.LIFECYCLE_SOURCE, Uids.LIFECYCLE_TRIAGE);
    DataStream<RetentionViolation> violations = buildTopology(orders.records(), lifecycle.records(), settings);
    // Enforcement reads the violations: heartbeats carry the job's time to it, one decision delay behind the watermark.
    KafkaIo.sinkWithHeartbeats(violations, settings, NAME, Uids.VIOLATION_SINK, Topics.RETENTION_VIOLATIONS,
        RetentionViolation::getOrderId, java.time.Duration.ofMillis(policy.decisionDelayMillis()));
    KafkaIo.sink(orders.deadLetters().union(lifecycle.deadLetters()), settings, NAME, Uids.DEAD_LETTER_SINK,
        Topics.DEAD_LETTERS, DeadLetter::getJob);
  }

  /**
   * The retention rule, no I/O: order events (keyed by order) are joined into order terms and
   * routed to their video; lifecycle events meet them there. Inputs must carry event-time
   * timestamps and watermarks.
   */
  public static DataStream<RetentionViolation> buildTopology(DataStream<OrderEvent> orders,
      DataStream<VideoLifecycleEvent> lifecycle, Settings settings) {
    RetentionPolicy policy = RetentionPolicy.from(settings);
    DataStream<OrderTerms> terms = orders
        .keyBy(OrderEvent::getOrderId, Types.STRING)
        .process(new OrderRouter(policy), TypeInformation.of(OrderTerms.class))
        .uid(Uids.ORDER_ROUTER)
        .name(Uids.ORDER_ROUTER);
    return terms
        .keyBy(t -> t.videoId, Types.STRING)
        .connect(lifecycle.keyBy(VideoLifecycleEvent::getVideoId, Types.STRING))
        .process(new EarlyRemovalRule(policy), TypeInformation.of(RetentionViolation.class))
        .uid(Uids.EARLY_REMOVAL_RULE)
        .name(Uids.EARLY_REMOVAL_RULE);
  }
}
