package com.creatormarket.integrity.faketraffic;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.util.ArrayList;
import java.util.List;

/** Every knob of the fake-traffic job; the README's knobs table lists the same keys. */
public final class FakeTrafficOptions {

  private FakeTrafficOptions() {}

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    KNOBS = List.copyOf(knobs);
  }

  public static Settings fromArgs(String[] args) {
    return Settings.fromArgs(args, KNOBS);
  }
}
