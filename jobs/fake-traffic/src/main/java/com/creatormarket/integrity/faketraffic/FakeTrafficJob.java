package com.creatormarket.integrity.faketraffic;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.RecordCheck;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Fake-traffic job: engagement + orders -> signals -> risk score -> flagged cases, verified metrics. Wiring only. */
public final class FakeTrafficJob {

  public static final String NAME = "fake-traffic";

  private FakeTrafficJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = FakeTrafficOptions.fromArgs(args);
    StreamExecutionEnvironment env = JobEnvironment.create();
    build(env, settings);
    env.execute(NAME);
  }

  /** Kafka in, topology, Kafka out. */
  public static void build(StreamExecutionEnvironment env, Settings settings) {
    Input<EngagementEvent> engagement = KafkaIo.read(env, settings, NAME, Topics.ENGAGEMENT,
        e -> e.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.ENGAGEMENT_SOURCE, Uids.ENGAGEMENT_TRIAGE);
    Input<OrderEvent> orders = KafkaIo.read(env, settings, NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE);
    // Signals and scoring arrive with the fake-traffic issue; until then inputs are triaged only.
    KafkaIo.sink(engagement.deadLetters().union(orders.deadLetters()), settings, NAME, Uids.DEAD_LETTER_SINK,
        Topics.DEAD_LETTERS, DeadLetter::getJob);
  }
}
