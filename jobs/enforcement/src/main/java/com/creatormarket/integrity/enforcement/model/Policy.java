package com.creatormarket.integrity.enforcement.model;

import static com.creatormarket.integrity.enforcement.EnforcementOptions.*;

import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The policy table and the ledger's lifetimes, read once from the settings: what each violation
 * costs, which sanction a score brings, how refunds are computed, how long the ledger remembers.
 */
public final class Policy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Every creator starts with this many credit points (DESIGN.md, section 1). */
  public static final int STARTING_SCORE = 12;

  private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

  public final String version;
  public final int pointsEarlyDeletion;
  public final int pointsEarlyHiding;
  public final int pointsFakeTraffic;
  public final int pointsPrivateDeal;
  public final int pointsFakeTrafficConfirmed;
  public final double majorFakeTrafficShare;
  public final int pointsMajorFakeTraffic;
  public final double lateRemovalShare;
  public final double lateRemovalPointsFactor;
  public final int repeatExtraPoints;
  public final long repeatWindowMillis;
  public final int recoveryPoints;
  public final long recoveryPeriodMillis;
  public final int warningBelow;
  public final int suspendBelow;
  public final int accessEndedAt;
  public final long suspensionMillis;
  public final RetentionRefund retentionRefund;
  public final long scoreResetMillis;
  public final int agencyAlertThreshold;
  public final long agencyAlertWindowMillis;
  public final long campaignWindowMillis;
  public final long appealWindowMillis;
  public final ReversalCompensation reversalCompensation;
  public final long decisionWaitMillis;
  public final long escalateAfterMillis;
  public final long defaultAfterMillis;
  public final long caseRetentionMillis;
  public final long seenCauseRetentionMillis;
  public final long orderGraceMillis;
  public final long orderMaxAgeMillis;
  public final long unknownPartyWaitMillis;

  private Policy(Settings s) {
    version = s.get(POLICY_VERSION);
    pointsEarlyDeletion = s.get(POINTS_EARLY_DELETION);
    pointsEarlyHiding = s.get(POINTS_EARLY_HIDING);
    pointsFakeTraffic = s.get(POINTS_FAKE_TRAFFIC);
    pointsPrivateDeal = s.get(POINTS_PRIVATE_DEAL);
    pointsFakeTrafficConfirmed = s.get(POINTS_FAKE_TRAFFIC_CONFIRMED);
    majorFakeTrafficShare = s.get(MAJOR_FAKE_TRAFFIC_SHARE);
    pointsMajorFakeTraffic = s.get(POINTS_MAJOR_FAKE_TRAFFIC);
    lateRemovalShare = s.get(LATE_REMOVAL_SHARE);
    lateRemovalPointsFactor = s.get(LATE_REMOVAL_POINTS_FACTOR);
    repeatExtraPoints = s.get(REPEAT_EXTRA_POINTS);
    repeatWindowMillis = s.get(REPEAT_WINDOW).toMillis();
    recoveryPoints = s.get(RECOVERY_POINTS);
    recoveryPeriodMillis = s.get(RECOVERY_PERIOD).toMillis();
    warningBelow = s.get(WARNING_BELOW);
    suspendBelow = s.get(SUSPEND_BELOW);
    accessEndedAt = s.get(ACCESS_ENDED_AT);
    suspensionMillis = s.get(SUSPENSION).toMillis();
    retentionRefund = s.get(RETENTION_REFUND);
    scoreResetMillis = s.get(SCORE_RESET_AFTER).toMillis();
    agencyAlertThreshold = s.get(AGENCY_ALERT_THRESHOLD);
    agencyAlertWindowMillis = s.get(AGENCY_ALERT_WINDOW).toMillis();
    campaignWindowMillis = s.get(CAMPAIGN_WINDOW).toMillis();
    appealWindowMillis = s.get(APPEAL_WINDOW).toMillis();
    reversalCompensation = s.get(REVERSAL_COMPENSATION);
    decisionWaitMillis = s.get(DECISION_WAIT).toMillis();
    escalateAfterMillis = s.get(ESCALATE_AFTER).toMillis();
    defaultAfterMillis = s.get(DEFAULT_AFTER).toMillis();
    caseRetentionMillis = s.get(CASE_RETENTION).toMillis();
    seenCauseRetentionMillis = s.get(SEEN_CAUSE_RETENTION).toMillis();
    orderGraceMillis = s.get(ORDER_GRACE).toMillis();
    orderMaxAgeMillis = s.get(ORDER_MAX_AGE).toMillis();
    unknownPartyWaitMillis = s.get(UNKNOWN_PARTY_WAIT).toMillis();
  }

  /** The policy of these settings; fails naming the keys when the sanction thresholds are not in order. */
  public static Policy from(Settings settings) {
    Policy p = new Policy(settings);
    if (!(p.accessEndedAt < p.suspendBelow && p.suspendBelow <= p.warningBelow)) {
      throw new InvalidConfigException(String.format(
          "policy: %s (%d) < %s (%d) <= %s (%d) must hold: access ends below the suspension band, which lies within the warning band",
          ACCESS_ENDED_AT.key(), p.accessEndedAt, SUSPEND_BELOW.key(), p.suspendBelow, WARNING_BELOW.key(), p.warningBelow));
    }
    if (p.defaultAfterMillis <= p.escalateAfterMillis) {
      throw new InvalidConfigException(String.format(
          "review: %s (%s) must be longer than %s (%s): a case is overdue before the default closes it",
          DEFAULT_AFTER.key(), Durations.format(Duration.ofMillis(p.defaultAfterMillis)), ESCALATE_AFTER.key(),
          Durations.format(Duration.ofMillis(p.escalateAfterMillis))));
    }
    return p;
  }

  /** Points a violation of this kind costs before the floor at 0. */
  public int points(ViolationKind kind) {
    return switch (kind) {
      case EARLY_DELETION -> pointsEarlyDeletion;
      case EARLY_HIDING -> pointsEarlyHiding;
      case FAKE_TRAFFIC -> pointsFakeTraffic;
      case PRIVATE_DEAL -> pointsPrivateDeal;
      default -> throw new IllegalArgumentException("no policy for violation kind " + kind);
    };
  }

  /**
   * What the creator is paid for an order a reversed cause terminated unpaid, in minor units: by
   * the policy knob, from the order price, the natural days its video stayed up before the
   * termination and its retention days. Nothing when the video was never published.
   */
  public long reversalCompensationMinor(Long priceMinor, Long publishedAt, long terminatedAt, int retentionDays) {
    if (priceMinor == null || publishedAt == null || publishedAt > terminatedAt) {
      return 0;
    }
    return switch (reversalCompensation) {
      case FULL -> priceMinor;
      case NONE -> 0;
      case PRO_RATA -> retentionDays <= 0 ? priceMinor
          : Math.multiplyExact(priceMinor, Math.min(retentionDays, (terminatedAt - publishedAt) / DAY_MILLIS)) / retentionDays;
    };
  }

  /**
   * Points a violation costs by its kind and severity, before a repeat offence's extra points and
   * the floor at 0: fake traffic by the share of its views that were invalid (a major campaign costs
   * more) and by how it was decided (enforced at level ENFORCE, or confirmed by a reviewer), an early
   * removal by the share of its retention it missed (a late removal is lesser).
   */
  public int points(ConfirmedViolation v) {
    return switch (v.kind) {
      case FAKE_TRAFFIC -> majorFakeTrafficShare > 0 && v.invalidShare >= majorFakeTrafficShare ? pointsMajorFakeTraffic
          : v.confirmedByReviewer ? pointsFakeTrafficConfirmed : pointsFakeTraffic;
      case EARLY_DELETION, EARLY_HIDING -> {
        int points = points(v.kind);
        boolean lesser = lateRemovalShare > 0 && v.retentionDays > 0 && v.missingDays <= lateRemovalShare * v.retentionDays;
        yield lesser ? (int) Math.ceil(points * lateRemovalPointsFactor) : points;
      }
      default -> points(v.kind);
    };
  }

  /** A score after {@code periods} whole recovery periods without a new penalty: policy.recovery-points each, up to 12. */
  public int recoveredScore(int score, long periods) {
    return (int) Math.min(STARTING_SCORE, score + Math.min(STARTING_SCORE, periods) * recoveryPoints);
  }

  /** Whole recovery periods from {@code since} to {@code time}; 0 when recovery is off or time is not after since. */
  public long recoveryPeriods(long since, long time) {
    return recoveryPoints <= 0 || time <= since ? 0 : (time - since) / recoveryPeriodMillis;
  }

  /** Whether this violation suspends order-taking whatever the score (confirmed fake traffic always does). */
  public boolean suspendsRegardless(ViolationKind kind) {
    return kind == ViolationKind.FAKE_TRAFFIC;
  }

  /**
   * Natural days of retention the video missed: from the local date it came down (that day counts as
   * missing) to the local date of the retention end (the first day it may come down), within 0..retentionDays.
   */
  public static int missingDays(Instant removedAt, Instant retentionEnd, ZoneId zone, int retentionDays) {
    LocalDate removed = removedAt.atZone(zone).toLocalDate();
    LocalDate end = retentionEnd.atZone(zone).toLocalDate();
    long days = ChronoUnit.DAYS.between(removed, end);
    return (int) Math.max(0, Math.min(retentionDays, days));
  }

  /**
   * Natural days an early hiding kept the video from view: from the local date it was hidden (counted)
   * to the local date it came back or its duty ended (not counted), at least one, within 0..retentionDays.
   */
  public static int hiddenDays(Instant hiddenAt, Instant endedAt, ZoneId zone, int retentionDays) {
    return Math.min(retentionDays, Math.max(1, missingDays(hiddenAt, endedAt, zone, retentionDays)));
  }

  /** Whether an early hiding's refund waits for the hiding's end: only a pro-rata refund depends on how long it lasted. */
  public boolean hidingRefundWaitsForEnd() {
    return retentionRefund == RetentionRefund.PRO_RATA;
  }

  /**
   * Refund on an early deletion or hiding, in minor units: by the policy knob, never more than what
   * remains of the prepayment. Pro rata rounds down to the minor unit (the platform keeps the fraction).
   */
  public long retentionRefundMinor(long prepaidMinor, long remainingMinor, int missingDays, int retentionDays) {
    long amount = switch (retentionRefund) {
      case FULL -> remainingMinor;
      case NONE -> 0;
      case PRO_RATA -> retentionDays <= 0 ? 0 : Math.multiplyExact(prepaidMinor, (long) missingDays) / retentionDays;
    };
    return Math.max(0, Math.min(amount, remainingMinor));
  }
}
