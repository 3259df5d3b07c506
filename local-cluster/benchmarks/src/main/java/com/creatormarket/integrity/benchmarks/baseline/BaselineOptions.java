package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.util.ArrayList;
import java.util.List;

/** Knobs of the baseline jobs: the shared Kafka knobs plus the run's name (consumer group, transactional ids). */
public final class BaselineOptions {

  private BaselineOptions() {}

  public static final Knob<String> NAME = Knob.text("bench.name", "bench",
      "Name of this benchmark run: the job name, consumer group and transactional-id prefix.");

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    knobs.add(NAME);
    KNOBS = List.copyOf(knobs);
  }

  public static Settings fromArgs(String[] args) {
    return Settings.fromArgs(args, KNOBS);
  }
}
