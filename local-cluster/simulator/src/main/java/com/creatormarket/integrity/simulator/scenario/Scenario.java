package com.creatormarket.integrity.simulator.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario: what marketplace to simulate, for how long, and which attacks to inject.
 * Built only by {@link ScenarioLoader}; every field is documented in the module README.
 */
public record Scenario(
    String name,
    String description,
    long seed,
    Instant start,
    Duration duration,
    ZoneId timeZone,
    Marketplace marketplace,
    Traffic traffic,
    Viral viral,
    Retention retention,
    Findings findings,
    Appeals appeals,
    Terminations terminations,
    List<AttackSpec> attacks,
    Delivery delivery) {

  public Instant end() {
    return start.plus(duration);
  }

  /** Who trades and what they order. */
  public record Marketplace(
      int advertisers,
      int agencies,
      int creators,
      double agencyShare,
      Map<String, Double> platforms,
      int orders,
      Duration publishWindow,
      Duration orderLeadTime,
      double cancelledShare,
      double usdShare,
      long priceMedianMinor,
      double priceSpread,
      double prepaidShare,
      double explicitRetentionShare,
      List<Integer> explicitRetentionDays,
      Duration completeAfter,
      Duration videoLengthMedian) {}

  /** Organic viewers and how they behave. */
  public record Traffic(
      int accounts,
      double viewsPerVideo,
      double popularitySkew,
      Duration halfLife,
      double tailShare,
      double dailyRhythm,
      double likeRate,
      double likeRateSpread,
      double followRate,
      double followRateSpread,
      double unlikeShare,
      double unfollowShare,
      double shortViewShare,
      double completionShare,
      double activitySkew,
      double newAccountShare,
      double sharedDeviceShare,
      double deviceGroupShare,
      double heavyShare,
      double heavyFactor,
      double mobileShare,
      double fanGroupShare,
      int fanGroupSize,
      SecondMarket secondMarket) {}

  /**
   * A second market beside the main one (issue #14, baselines per region): {@code share} of the
   * creators and of the organic accounts are in it ({@link #COUNTRY}); its accounts share phones in
   * groups of three to six ({@code deviceGroupShare} of them) and {@code newAccountShare} of them are
   * new (a day to a month old); {@code homeAudience} of a creator's organic views come from their
   * own market. Scenario keys {@code traffic.secondMarketShare} (0: none), {@code
   * secondMarketDeviceGroupShare}, {@code secondMarketNewAccountShare}, {@code homeAudienceShare}.
   */
  public record SecondMarket(double share, double deviceGroupShare, double newAccountShare, double homeAudience) {
    public static final String COUNTRY = "ID";
  }

  /** Honest viral bursts: a video that takes off for real. */
  public record Viral(int videos, double multiplier, Duration burstLength, Duration startAfterPublish, double newcomerShare) {}

  /** Deletions, hidings, restores and agreed retention changes. */
  public record Retention(
      int creatorEarlyDeletions,
      int creatorEarlyHidings,
      int moderationEarlyRemovals,
      int creatorLateRemovals,
      double restoredShare,
      int changes,
      List<Integer> changedDays) {}

  /**
   * How the producers deliver what happened, as opposed to what happened: per-partition lag and
   * stalls (one partition minutes behind the others, then a burst), bounded disorder within a
   * partition (device clocks, late uploads) and duplicate sends; and heartbeats, the producers'
   * word that event time has moved on (common's {@code Heartbeats}). It changes the order and number
   * of records on the topics, never the truth; all zero is delivery in event-time order.
   */
  public record Delivery(Duration partitionLag, Duration stallEvery, Duration stallLength, Duration disorder,
      double duplicateShare, Duration heartbeatEvery, Duration heartbeatsAfterEnd) {

    public static final Delivery IN_ORDER = new Delivery(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO,
        Duration.ZERO);
    /** Producers' default: heartbeats every 10 minutes, still going two days (event time) after the last record. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(10);
    public static final Duration HEARTBEATS_AFTER_END = Duration.ofDays(2);
    /**
     * Delivery as real producers deliver, within the jobs' default lateness bound (out-of-orderness
     * 30 s plus allowed lateness 5 min, per partition): partitions up to 20 min behind one another,
     * a 2 min stall every 2 h, records up to 1 min out of order within their partition; heartbeats as
     * by default. The backtest and the determinism test deliver so.
     */
    public static final Delivery REALISTIC = new Delivery(Duration.ofMinutes(20), Duration.ofHours(2), Duration.ofMinutes(2),
        Duration.ofMinutes(1), 0, HEARTBEAT_EVERY, HEARTBEATS_AFTER_END);

    public boolean inOrder() {
      return partitionLag.isZero() && (stallEvery.isZero() || stallLength.isZero()) && disorder.isZero() && duplicateShare == 0;
    }

    /** Records go to Kafka exactly as generated: no delays, no copies, no heartbeats. */
    public boolean plain() {
      return inOrder() && heartbeatEvery.isZero();
    }
  }

  /** Private deals found by other systems. */
  public record Findings(int privateDeals) {}

  /**
   * Creators' appeals against their penalties, decided by a reviewer: {@code deletions} of the
   * creators' early deletions (alternately upheld and rejected) and {@code attacks} of the orders hit
   * by bot views or a click farm (sabotage by a rival: upheld).
   */
  public record Appeals(int deletions, int attacks) {}

  /**
   * The order system's answer to our terminations: {@code orders} orders hit by a fast-detected burst
   * (bot views first, then bought likes or follows, then a click farm), for which the enforcement job
   * terminated the order minutes into the attack, get a {@code TERMINATED} order event
   * {@code terminatedAfter} after the attack's end; {@code deletedAfter} later the creator deletes the
   * video, which is then no retention violation. {@link #NONE} when the scenario has no such section.
   */
  public record Terminations(int orders, Duration terminatedAfter, Duration deletedAfter) {

    public static final Duration TERMINATED_AFTER = Duration.ofHours(6);
    public static final Duration DELETED_AFTER = Duration.ofDays(1);
    public static final Terminations NONE = new Terminations(0, TERMINATED_AFTER, DELETED_AFTER);
  }

  /** One line of the scenario's attack mix; kind-specific fields hold their kind's defaults otherwise. */
  public record AttackSpec(
      AttackKind kind,
      int orders,
      int accounts,
      int volume,
      Duration startAfterPublish,
      Duration duration,
      double fullWatchShare,
      Duration accountAgeMax,
      int devices,
      int networkPrefixes,
      double likeShare,
      double withoutViewShare,
      int rounds,
      Duration roundWindow,
      Duration roundGap,
      double participation,
      int coverViewsPerAccount,
      double withdrawShare,
      Duration withdrawWithin,
      double dailyLift,
      double proxyShare) {}
}
