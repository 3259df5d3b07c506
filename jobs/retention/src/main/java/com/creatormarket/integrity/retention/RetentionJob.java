package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.RecordCheck;
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
    Input<OrderEvent> orders = KafkaIo.read(env, settings, NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE);
    Input<VideoLifecycleEvent> lifecycle = KafkaIo.read(env, settings, NAME, Topics.LIFECYCLE,
        l -> l.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.LIFECYCLE_SOURCE, Uids.LIFECYCLE_TRIAGE);
    // The retention rule itself arrives with the retention issue; until then inputs are triaged only.
    KafkaIo.sink(orders.deadLetters().union(lifecycle.deadLetters()), settings, NAME, Uids.DEAD_LETTER_SINK,
        Topics.DEAD_LETTERS, DeadLetter::getJob);
  }
}
