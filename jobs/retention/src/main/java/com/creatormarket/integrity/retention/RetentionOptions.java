package com.creatormarket.integrity.retention;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Every knob of the retention job; the README's knobs table lists the same keys. */
public final class RetentionOptions {

  private RetentionOptions() {}

  public static final Knob<ZoneId> TIME_ZONE = Knob.zone("retention.time-zone", ZoneId.of("Asia/Shanghai"),
      "Time zone whose calendar days count as natural days; a retention ends at 00:00 local time.");
  public static final Knob<Integer> DEFAULT_DAYS = Knob.integer("retention.default-days", 60, 1, 3650,
      "Natural days a commissioned video must stay up when its order states none.");
  public static final Knob<Integer> MAX_DAYS = Knob.integer("retention.max-days", 730, 1, 3650,
      "Longest retention an order event may state; more (or less than 0) goes to dead letters as INVALID. Also sizes the state TTL safety net.");
  public static final Knob<Duration> HIDE_GRACE = Knob.duration("retention.hide-grace", Duration.ofHours(24),
      Duration.ZERO, Duration.ofDays(30),
      "Time a hidden video has to be restored before the hiding is a violation (decided at the grace end).");
  public static final Knob<Integer> TOLERATED_HIDE_CYCLES = Knob.integer("retention.tolerated-hide-cycles", 2, 0, 1000,
      "Creator hidings within an order's retention that are forgiven when restored in time; each further hiding is a violation at once.");
  public static final Knob<Duration> PUBLICATION_WAIT = Knob.duration("retention.publication-wait", Duration.ofHours(1),
      Duration.ZERO, Duration.ofDays(7),
      "How far (event time) an order's VIDEO_PUBLISHED may lag the video's publication and still see earlier lifecycle events; every decision waits this long plus the allowed lateness.");
  public static final Knob<Duration> UNPUBLISHED_ORDER_TTL = Knob.duration("retention.unpublished-order-ttl", Duration.ofDays(90),
      Duration.ofDays(1), Duration.ofDays(3650),
      "How long (event time, after its last event) an order with no VIDEO_PUBLISHED yet is remembered.");

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    knobs.addAll(List.of(TIME_ZONE, DEFAULT_DAYS, MAX_DAYS, HIDE_GRACE, TOLERATED_HIDE_CYCLES, PUBLICATION_WAIT,
        UNPUBLISHED_ORDER_TTL));
    KNOBS = List.copyOf(knobs);
  }

  /** Settings from the command line, checked as a whole: a bad or contradictory value stops start-up. */
  public static Settings fromArgs(String[] args) {
    Settings settings = Settings.fromArgs(args, KNOBS);
    RetentionPolicy.from(settings);
    return settings;
  }
}
