package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaIo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * L1 with output: every event goes back out through the exactly-once sink, so a read-committed
 * reader can see when each input became committed output. The latency probe.
 */
public final class EchoJob {

  private EchoJob() {}

  /** Where the echo goes (under the run's topic prefix); keyed by video like the input. */
  public static final Topic<EngagementEvent> ECHO = new Topic<>("bench-echo", EngagementEvent.class, "videoId", 8, false);

  public static void main(String[] args) throws Exception {
    Settings settings = BaselineOptions.fromArgs(args);
    StreamExecutionEnvironment env = BaselineOptions.environment(settings);
    build(env, settings);
    env.execute(settings.get(BaselineOptions.NAME));
  }

  public static void build(StreamExecutionEnvironment env, Settings settings) {
    String name = settings.get(BaselineOptions.NAME);
    KafkaIo.sink(BaselineInput.engagement(env, settings).records(), settings, name, Uids.ECHO_SINK, ECHO,
        EngagementEvent::getVideoId);
  }
}
