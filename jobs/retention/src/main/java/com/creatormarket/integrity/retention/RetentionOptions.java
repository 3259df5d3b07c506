package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.util.ArrayList;
import java.util.List;

/** Every knob of the retention job; the README's knobs table lists the same keys. */
public final class RetentionOptions {

  private RetentionOptions() {}

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    KNOBS = List.copyOf(knobs);
  }

  public static Settings fromArgs(String[] args) {
    return Settings.fromArgs(args, KNOBS);
  }
}
