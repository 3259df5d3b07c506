package com.creatormarket.integrity.testing;

import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink side of integration tests: a MiniCluster like the local cluster, and job environments for it. */
public final class TestClusters {

  private TestClusters() {}

  /** Two TaskManagers with two slots each: enough for one job at parallelism 2 with room to restart. */
  public static MiniClusterExtension miniCluster() {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setConfiguration(conf)
        .setNumberTaskManagers(2)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }

  /**
   * A job environment as on the cluster: strict pipeline (no Kryo, no generated uids), RocksDB with
   * incremental checkpoints, exactly-once checkpointing, and a few quick restarts.
   */
  public static StreamExecutionEnvironment environment(Path checkpointDir, Duration checkpointInterval) {
    return environment(checkpointDir, checkpointInterval, new Configuration());
  }

  /** As {@link #environment(Path, Duration)}, with more settings on top (e.g. a savepoint to start from). */
  public static StreamExecutionEnvironment environment(Path checkpointDir, Duration checkpointInterval, Configuration extra) {
    Configuration conf = JobEnvironment.pipelineSettings();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    conf.addAll(extra);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.configure(conf);
    env.setParallelism(2);
    return env;
  }

  /** Job settings that point at the test broker, read bounded input, and use the test's topics. */
  public static Settings jobSettings(List<com.creatormarket.integrity.common.config.Knob<?>> knobs, String topicPrefix,
      Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put(KafkaKnobs.BOOTSTRAP_SERVERS.key(), KafkaBroker.get().bootstrapServers());
    values.put(KafkaKnobs.TOPIC_PREFIX.key(), topicPrefix);
    values.put(KafkaKnobs.BOUNDED.key(), "true");
    values.put(KafkaKnobs.TRANSACTION_TIMEOUT.key(), "5m");
    values.put(KafkaKnobs.IDLENESS.key(), "1s");
    values.putAll(overrides);
    return Settings.from(values, "test settings", knobs);
  }
}
