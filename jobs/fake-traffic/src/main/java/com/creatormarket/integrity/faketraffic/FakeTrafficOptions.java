package com.creatormarket.integrity.faketraffic;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.faketraffic.signals.CampaignShape;
import com.creatormarket.integrity.faketraffic.signals.Concentration;
import com.creatormarket.integrity.faketraffic.signals.EngagementRatio;
import com.creatormarket.integrity.faketraffic.signals.FollowWithdrawal;
import com.creatormarket.integrity.faketraffic.signals.SustainedLift;
import com.creatormarket.integrity.faketraffic.signals.LockstepGroup;
import com.creatormarket.integrity.faketraffic.signals.RepeatEngagement;
import com.creatormarket.integrity.faketraffic.signals.VelocityBurst;
import com.creatormarket.integrity.faketraffic.signals.WatchTimeShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every knob of the fake-traffic job; the README's knobs table lists the same keys. Each signal
 * declares its own knobs in its class; the ones here shape the stages around the signals.
 */
public final class FakeTrafficOptions {

  private FakeTrafficOptions() {}

  // Input checks at the door (functions.InputChecks): records breaking them go to dead letters as INVALID.
  public static final Knob<Double> WATCH_TIME_TOLERANCE = Knob.decimal("input.watch-time-tolerance", 3.0, 0, 100,
      "Watch time a VIEW may report beyond the video's length, as a multiple of the length (1.0: one extra play); "
          + "a longer one goes to dead letters as INVALID (watch-time-out-of-range).");
  public static final Knob<Duration> MAX_VIDEO_LENGTH = Knob.duration("input.max-video-length", Duration.ofDays(1),
      Duration.ofMinutes(1), Duration.ofDays(7),
      "Longest video length a VIEW may report; a longer one (or one of 0 or less) goes to dead letters as INVALID (video-length-out-of-range).");
  public static final Knob<Integer> MAX_RETENTION_DAYS = Knob.integer("order.max-retention-days", 730, 1, 3650,
      "Longest retention an order event may state; more goes to dead letters as INVALID (retention-over-max). Bounds how long an order is watched.");

  // Account stage.
  public static final Knob<Duration> FRESH_AGE = Knob.duration("account.fresh-age", Duration.ofDays(30), Duration.ofHours(1),
      Duration.ofDays(3650), "An account younger than this at event time is fresh.");
  public static final Knob<Integer> HISTORY = Knob.integer("account.history", 16, 4, 256,
      "Recent hits (video, time, kind) kept per account for repeats, no-view likes and lockstep sets.");
  public static final Knob<Integer> SPREAD_VIDEOS = Knob.integer("account.spread-videos", 2, 1, 256,
      "Other videos an account's recent hits (account.history) must cover for its first hit on a video to count as in passing"
          + " (spread): such events do not count towards device or prefix concentration, so a farm's cover views do not make"
          + " the honest videos they land on look bought.");
  public static final Knob<Duration> SHORT_VIEW = Knob.duration("watch.short-max", Duration.ofSeconds(2), Duration.ZERO,
      Duration.ofMinutes(1), "A view this short or shorter is a 0-2 s view.");
  public static final Knob<Duration> FULL_TOLERANCE = Knob.duration("watch.full-tolerance", Duration.ofMillis(0), Duration.ZERO,
      Duration.ofSeconds(10), "A view within this of the video's length counts as exactly full.");
  public static final Knob<Duration> NO_VIEW_LOOKBACK = Knob.duration("no-view.lookback", Duration.ofHours(6),
      Duration.ofMinutes(1), Duration.ofDays(7), "A like or follow with no view of the video by the account this far back has no view.");

  // Device stage.
  public static final Knob<Duration> DEVICE_WINDOW = Knob.duration("device.window", Duration.ofDays(1), Duration.ofMinutes(1),
      Duration.ofDays(30), "Accounts seen on one device within this time count towards a shared device.");
  public static final Knob<Integer> DEVICE_SHARED_ACCOUNTS = Knob.integer("device.shared-accounts", 3, 2, 8,
      "Accounts on one device within device.window from which its events are marked as from a shared device.");

  // Pre-aggregation.
  public static final Knob<Duration> BUCKET = Knob.duration("preaggregate.bucket", Duration.ofMinutes(1), Duration.ofSeconds(1),
      Duration.ofMinutes(15), "Event-time bucket the combiner merges each video's events into before the video stage.");
  public static final Knob<Integer> MAX_BUFFERED = Knob.integer("preaggregate.max-buffered", 20_000, 10, 10_000_000,
      "Open (video, bucket) partials per subtask above which the combiner flushes everything early.");

  // Video stage.
  public static final Knob<Duration> WINDOW = Knob.duration("signal.window", Duration.ofMinutes(30), Duration.ofMinutes(1),
      Duration.ofDays(1), "Sliding window the count-based signals judge, made of signal.slots slots.");
  public static final Knob<Integer> SLOTS = Knob.integer("signal.slots", 6, 2, 60,
      "Slots of the sliding window; also the step at which baselines learn.");
  public static final Knob<Duration> EPOCH = Knob.duration("signal.epoch", Duration.ofHours(1), Duration.ofMinutes(1),
      Duration.ofDays(1), "Tumbling epoch of the device and prefix sketches behind the concentration signals.");
  public static final Knob<Duration> BASELINE_HALF_LIFE = Knob.duration("signal.baseline-half-life", Duration.ofHours(2),
      Duration.ofMinutes(5), Duration.ofDays(30), "Half-life of a video's baselines (views per window, like rate, extreme and fresh shares).");
  public static final Knob<Integer> MIN_VIEWS = Knob.integer("signal.min-views", 40, 1, 1_000_000,
      "Views (or events) a window needs before share signals judge it.");

  // Score and cases.
  public static final Knob<Double> RECORD_ONLY = Knob.decimal("score.record-only", 0.3, 0, 1,
      "Risk score from which a case is recorded (kept for analysis only).");
  public static final Knob<Double> REVIEW = Knob.decimal("score.review", 0.55, 0, 1,
      "Risk score from which a case is sent to review.");
  public static final Knob<Double> ENFORCE = Knob.decimal("score.enforce", 0.85, 0, 1,
      "Risk score from which a case is enforced automatically (with score.enforce-min-signals).");
  public static final Knob<Integer> ENFORCE_MIN_SIGNALS = Knob.integer("score.enforce-min-signals", 2, 1, 10,
      "Distinct signals that must have fired before a case is enforced automatically.");
  public static final Knob<Double> EVIDENCE_GROWTH = Knob.decimal("case.evidence-growth", 0.5, 0.01, 100,
      "Growth of a case's event count (0.5 = +50%) since its last version that makes a new version at the same level.");
  public static final Knob<Duration> SIGNAL_MEMORY = Knob.duration("case.signal-memory", Duration.ofDays(1), Duration.ofMinutes(1),
      Duration.ofDays(60), "A signal that fired keeps counting towards the score (at its peak strength) for this long.");

  // Lifetimes.
  public static final Knob<Integer> DEFAULT_RETENTION_DAYS = Knob.integer("order.default-retention-days", 60, 1, 3650,
      "Retention days of an order that names none.");
  public static final Knob<Duration> WATCH_AFTER_COMPLETION = Knob.duration("order.watch-after-completion", Duration.ofDays(7),
      Duration.ZERO, Duration.ofDays(3650), "How long an order is still watched after it completes (never beyond its retention end).");
  public static final Knob<Duration> STATE_GRACE = Knob.duration("order.state-grace", Duration.ofDays(1), Duration.ZERO,
      Duration.ofDays(60), "State of an order (and of its video, when it was the last order) is dropped this long after the order ends.");
  public static final Knob<Duration> UNREGISTERED_TTL = Knob.duration("video.unregistered-ttl", Duration.ofHours(2),
      Duration.ofMinutes(1), Duration.ofDays(7), "A video no order names is forgotten after this long without an order.");
  public static final Knob<Duration> CREATOR_NORM_HALF_LIFE = Knob.duration("creator.norm-half-life", Duration.ofDays(3),
      Duration.ofHours(1), Duration.ofDays(365), "Half-life of a creator's like and follow rates per view.");
  public static final Knob<Duration> CREATOR_IDLE_TTL = Knob.duration("creator.idle-ttl", Duration.ofDays(30),
      Duration.ofHours(1), Duration.ofDays(3650), "A creator's norms are forgotten after this long without traffic.");
  public static final Knob<Duration> POPULATION_HALF_LIFE = Knob.duration("population.half-life", Duration.ofHours(6),
      Duration.ofMinutes(10), Duration.ofDays(30),
      "Half-life of the marketplace's histograms of per-video shares (shared devices, fresh accounts) behind the population baselines.");
  public static final Knob<Integer> POPULATION_MIN_EVENTS = Knob.integer("population.min-events", 2000, 1, 1_000_000_000,
      "Events (decayed) the population histograms need before their medians are used as baselines; the priors until then, and"
          + " the fresh-account reading not judged until then.");
  public static final Knob<Boolean> POPULATION_BY_PLATFORM = Knob.flag("population.by-platform", true,
      "Whether the population baselines are learnt per viewer country and platform family (android, ios, harmonyos, web) as"
          + " well as per country; a segment's baseline falls back to its country's, then to the marketplace's.");
  public static final Knob<Integer> POPULATION_REGION_CELL = Knob.integer("population.region-cell-events", 10, 1, 1_000_000,
      "A viewer country's (or country and platform's) events on a video in an hour below which that hour teaches only the"
          + " marketplace's baselines, not the country's: a region's median is that of the audiences it forms, not of stray viewers. A region's median is used once"
          + " it has learnt population.min-events.");

  // Sketches.
  public static final Knob<Integer> HLL_LG_K = Knob.integer("sketch.hll-lg-k", 9, 5, 16,
      "log2 of the buckets of the lifetime unique-viewers HLL sketch (9: ~4.6% error, at most ~0.3 KB); the hourly one uses one less.");
  public static final Knob<Integer> ITEMS_MAP = Knob.integer("sketch.items-map-size", 16, 8, 1024,
      "Map size (a power of 2) of the frequent-items sketches kept in video state; about 3/4 of it are tracked items.");
  public static final Knob<Integer> DEVICE_ITEMS_MAP = Knob.integer("sketch.device-items-map-size", 64, 8, 1024,
      "Map size (a power of 2) of the epoch's device sketch behind the top-device share. A click farm spreads its accounts over"
          + " ten or more phones: at 16 (12 tracked items) the sketch thrashed between them on a video with an organic audience,"
          + " and the top-device share read 0 for an hour.");
  public static final Knob<Integer> LIFETIME_ITEMS_MAP = Knob.integer("sketch.lifetime-items-map-size", 256, 8, 4096,
      "Map size (a power of 2) of the network-prefix sketch since publication. 256 counts a small video's prefixes nearly"
          + " exactly; at 16 its error bound swallowed a slow campaign's few heavy prefixes among a hundred light organic ones.");
  public static final Knob<Integer> PARTIAL_ITEMS_MAP = Knob.integer("sketch.partial-items-map-size", 64, 8, 4096,
      "Map size (a power of 2) of the frequent-items sketches in partials (transient, so larger).");

  public static final List<Knob<?>> JOB_KNOBS = List.of(WATCH_TIME_TOLERANCE, MAX_VIDEO_LENGTH, MAX_RETENTION_DAYS, FRESH_AGE, HISTORY, SPREAD_VIDEOS, SHORT_VIEW, FULL_TOLERANCE, NO_VIEW_LOOKBACK,
      DEVICE_WINDOW, DEVICE_SHARED_ACCOUNTS, BUCKET, MAX_BUFFERED, WINDOW, SLOTS, EPOCH, BASELINE_HALF_LIFE, MIN_VIEWS, RECORD_ONLY, REVIEW, ENFORCE,
      ENFORCE_MIN_SIGNALS, EVIDENCE_GROWTH, SIGNAL_MEMORY, DEFAULT_RETENTION_DAYS, WATCH_AFTER_COMPLETION, STATE_GRACE, UNREGISTERED_TTL,
      CREATOR_NORM_HALF_LIFE, CREATOR_IDLE_TTL, POPULATION_HALF_LIFE, POPULATION_MIN_EVENTS, POPULATION_REGION_CELL, POPULATION_BY_PLATFORM, HLL_LG_K, ITEMS_MAP, DEVICE_ITEMS_MAP, LIFETIME_ITEMS_MAP, PARTIAL_ITEMS_MAP);

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    knobs.addAll(JOB_KNOBS);
    knobs.addAll(VelocityBurst.KNOBS);
    knobs.addAll(WatchTimeShape.KNOBS);
    knobs.addAll(EngagementRatio.KNOBS);
    knobs.addAll(Concentration.KNOBS);
    knobs.addAll(CampaignShape.KNOBS);
    knobs.addAll(RepeatEngagement.KNOBS);
    knobs.addAll(LockstepGroup.KNOBS);
    knobs.addAll(FollowWithdrawal.KNOBS);
    knobs.addAll(SustainedLift.KNOBS);
    KNOBS = List.copyOf(knobs);
  }

  public static Settings fromArgs(String[] args) {
    return Settings.fromArgs(args, KNOBS);
  }

  public static Settings defaults() {
    return Settings.defaults(KNOBS);
  }
}
