package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Knobs of the baseline jobs: the shared Kafka knobs plus the run's name (consumer group, transactional ids). */
public final class BaselineOptions {

  private BaselineOptions() {}

  public static final Knob<String> NAME = Knob.text("bench.name", "bench",
      "Name of this benchmark run: the job name, consumer group and transactional-id prefix.");

  public static final Knob<Boolean> OBJECT_REUSE = Knob.flag("bench.object-reuse", true,
      "Let chained operators pass records without a defensive copy (pipeline.object-reuse); on like the jobs.");

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    knobs.add(NAME);
    knobs.add(OBJECT_REUSE);
    KNOBS = List.copyOf(knobs);
  }

  public static Settings fromArgs(String[] args) {
    return Settings.fromArgs(args, KNOBS);
  }

  /** The jobs' environment; without object reuse when asked (the L1 variant that measures what copies cost). */
  public static StreamExecutionEnvironment environment(Settings settings) {
    StreamExecutionEnvironment env = JobEnvironment.create();
    if (!settings.get(OBJECT_REUSE)) {
      env.getConfig().disableObjectReuse();
    }
    return env;
  }
}
