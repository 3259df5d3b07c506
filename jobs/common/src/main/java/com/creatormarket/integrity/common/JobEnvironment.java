package com.creatormarket.integrity.common;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The execution environment every job runs in: no Kryo fallback, no generated uids. */
public final class JobEnvironment {

  private JobEnvironment() {}

  /** Settings that make a missing uid or a generic (Kryo) type fail when the graph is built. */
  public static Configuration strictPipeline() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
    return conf;
  }

  public static StreamExecutionEnvironment create() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(strictPipeline());
    env.configure(strictPipeline());
    return env;
  }
}
