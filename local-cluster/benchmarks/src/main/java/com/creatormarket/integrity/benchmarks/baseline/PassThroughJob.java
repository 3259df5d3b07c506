package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.common.config.Settings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * L1: what any job pays before doing its own work. Kafka source, Avro decode and triage (the
 * shared KafkaIo.read path), exactly-once checkpoints at the cluster's interval, then discard.
 */
public final class PassThroughJob {

  private PassThroughJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = BaselineOptions.fromArgs(args);
    StreamExecutionEnvironment env = BaselineOptions.environment(settings);
    build(env, settings);
    env.execute(settings.get(BaselineOptions.NAME));
  }

  public static void build(StreamExecutionEnvironment env, Settings settings) {
    BaselineInput.engagement(env, settings).records()
        .sinkTo(new DiscardingSink<>()).uid(Uids.DISCARD).name(Uids.DISCARD);
  }
}
