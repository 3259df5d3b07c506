package com.creatormarket.integrity.enforcement;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.enforcement.model.Policy;
import com.creatormarket.integrity.enforcement.model.RetentionRefund;
import com.creatormarket.integrity.enforcement.model.ReversalCompensation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every knob of the enforcement job; the README's knobs table lists the same keys. */
public final class EnforcementOptions {

  private EnforcementOptions() {}

  // ---- The policy table: what a violation costs and what follows. ----
  public static final Knob<String> POLICY_VERSION = Knob.text("policy.version", "2026-11-v1",
      "Version of the policy table, written into every penalty and agency alert; change it whenever a policy value changes.");
  public static final Knob<Integer> POINTS_EARLY_DELETION = Knob.integer("policy.points.early-deletion", 4, 0, 12,
      "Credit points an early deletion of a commissioned video costs.");
  public static final Knob<Integer> POINTS_EARLY_HIDING = Knob.integer("policy.points.early-hiding", 2, 0, 12,
      "Credit points an early hiding of a commissioned video costs.");
  public static final Knob<Integer> POINTS_FAKE_TRAFFIC = Knob.integer("policy.points.fake-traffic", 6, 0, 12,
      "Credit points confirmed fake traffic costs (on top of suspension, terminations and refunds).");
  public static final Knob<Integer> POINTS_PRIVATE_DEAL = Knob.integer("policy.points.private-deal", 3, 0, 12,
      "Credit points a private deal (commercial content outside the marketplace) costs.");
  public static final Knob<Integer> POINTS_FAKE_TRAFFIC_CONFIRMED = Knob.integer("policy.points.fake-traffic-confirmed", 6, 0, 12,
      "Credit points fake traffic costs when a reviewer confirmed a case the detector left at REVIEW or RECORD_ONLY "
          + "(policy.points.fake-traffic is for a case enforced at level ENFORCE); the default makes the level not matter.");
  public static final Knob<Double> MAJOR_FAKE_TRAFFIC_SHARE = Knob.decimal("policy.major-fake-traffic-share", 0.0, 0.0, 1.0,
      "A fake-traffic case whose invalid views (the case evidence's invalidViews) are at least this share of its views is a "
          + "major campaign and costs policy.points.major-fake-traffic instead; 0 turns it off (the share does not matter).");
  public static final Knob<Integer> POINTS_MAJOR_FAKE_TRAFFIC = Knob.integer("policy.points.major-fake-traffic", 9, 0, 12,
      "Credit points a major fake-traffic campaign (policy.major-fake-traffic-share) costs, whoever decided it.");
  public static final Knob<Double> LATE_REMOVAL_SHARE = Knob.decimal("policy.late-removal-share", 0.0, 0.0, 1.0,
      "An early deletion or hiding that missed at most this share of its retention days is a lesser violation, costing "
          + "policy.late-removal-points-factor of its points (rounded up); 0 turns it off (the day of removal does not matter).");
  public static final Knob<Double> LATE_REMOVAL_POINTS_FACTOR = Knob.decimal("policy.late-removal-points-factor", 0.5, 0.0, 1.0,
      "The share of its points a lesser (late) early removal costs, rounded up.");
  public static final Knob<Integer> REPEAT_EXTRA_POINTS = Knob.integer("policy.repeat-extra-points", 2, 0, 12,
      "Extra points a violation costs when the creator has another standing penalty within policy.repeat-window of it: "
          + "repeat offences weigh more; a first offence costs the table's points.");
  public static final Knob<Duration> REPEAT_WINDOW = Knob.duration("policy.repeat-window", Duration.ofDays(90),
      Duration.ZERO, Duration.ofDays(3650),
      "Two standing penalties of a creator this close in event time make the later-decided one a repeat offence.");
  public static final Knob<Integer> RECOVERY_POINTS = Knob.integer("policy.recovery-points", 0, 0, 12,
      "Credit points a creator wins back for each policy.recovery-period without a new penalty, up to 12 (never once access "
          + "ended); 0 turns recovery off (points come back only at policy.score-reset-after).");
  public static final Knob<Duration> RECOVERY_PERIOD = Knob.duration("policy.recovery-period", Duration.ofDays(30),
      Duration.ofDays(1), Duration.ofDays(365),
      "How long without a new penalty wins back policy.recovery-points.");
  public static final Knob<Integer> WARNING_BELOW = Knob.integer("policy.warning-below", 12, 0, 12,
      "A score below this after a penalty carries a WARNING.");
  public static final Knob<Integer> SUSPEND_BELOW = Knob.integer("policy.suspend-below", 7, 0, 12,
      "A score below this after a penalty suspends order-taking for policy.suspension.");
  public static final Knob<Integer> ACCESS_ENDED_AT = Knob.integer("policy.access-ended-at", 0, 0, 11,
      "A score at or below this ends the creator's marketplace access for good.");
  public static final Knob<Duration> SUSPENSION = Knob.duration("policy.suspension", Duration.ofDays(30),
      Duration.ofDays(1), Duration.ofDays(365),
      "How long order-taking stays suspended after confirmed fake traffic or a penalty that takes the score below policy.suspend-below.");
  public static final Knob<RetentionRefund> RETENTION_REFUND = Knob.choice("policy.retention-refund", RetentionRefund.PRO_RATA,
      "Refund to the advertiser on an early deletion or hiding: full, pro_rata (to the natural days missing) or none.");
  public static final Knob<Duration> SCORE_RESET_AFTER = Knob.duration("policy.score-reset-after", Duration.ofDays(365),
      Duration.ofDays(30), Duration.ofDays(3650),
      "A creator without a violation for this long (and past any suspension) is back to 12 points; never once access ended.");
  public static final Knob<Integer> AGENCY_ALERT_THRESHOLD = Knob.integer("policy.agency-alert-threshold", 5, 1, 1000,
      "Violations of an agency's creators within policy.agency-alert-window that report the agency.");
  public static final Knob<Duration> AGENCY_ALERT_WINDOW = Knob.duration("policy.agency-alert-window", Duration.ofDays(90),
      Duration.ofDays(1), Duration.ofDays(365),
      "Window over which an agency's violations are counted; also the least time between two reports of one agency.");

  public static final Knob<Duration> CAMPAIGN_WINDOW = Knob.duration("policy.campaign-window", Duration.ofDays(30),
      Duration.ZERO, Duration.ofDays(365),
      "Fake-traffic cases of one video within this long of a penalised one are the same campaign: one act, one penalty "
          + "(every order still ended and refunded); 0: every case is its own act.");
  public static final Knob<Duration> APPEAL_WINDOW = Knob.duration("policy.appeal-window", Duration.ofDays(7),
      Duration.ZERO, Duration.ofDays(365),
      "How long after a penalty the creator may appeal it; an appeal filed later goes to dead letters and the penalty stands.");
  public static final Knob<ReversalCompensation> REVERSAL_COMPENSATION = Knob.choice("policy.reversal-compensation",
      ReversalCompensation.FULL,
      "What the platform pays the creator for an order a reversed penalty's cause terminated unpaid: full (the order price, "
          + "once the video was published), pro_rata (to the retention days the video stayed up before the termination) or none.");

  // ---- The review flow and the ledger's memory. ----
  public static final Knob<Duration> DECISION_WAIT = Knob.duration("review.decision-wait", Duration.ofDays(1),
      Duration.ofMinutes(1), Duration.ofDays(30),
      "How long (event time) a review decision waits for its case; then it goes to dead letters as INVALID.");
  public static final Knob<Duration> ESCALATE_AFTER = Knob.duration("review.escalate-after", Duration.ofDays(2),
      Duration.ofHours(1), Duration.ofDays(30),
      "How long (event time) a case may wait at REVIEW for a decision before it is overdue: a review-deadlines record escalates it "
          + "to reviewers' leads; the case stays open.");
  public static final Knob<Duration> DEFAULT_AFTER = Knob.duration("review.default-after", Duration.ofDays(7),
      Duration.ofHours(2), Duration.ofDays(180),
      "How long (event time) a case may wait at REVIEW before the default applies: closed without penalty, recorded on "
          + "review-deadlines. Must be longer than review.escalate-after.");
  public static final Knob<Duration> CASE_RETENTION = Knob.duration("review.case-retention", Duration.ofDays(180),
      Duration.ofDays(1), Duration.ofDays(730),
      "How long after its last version or decision a case is remembered; an open case is then dropped unreviewed.");
  public static final Knob<Duration> SEEN_CAUSE_RETENTION = Knob.duration("ledger.seen-cause-retention", Duration.ofDays(400),
      Duration.ofDays(30), Duration.ofDays(3650),
      "How long the ledger remembers a cause it penalised, so that the same cause arriving again never deducts twice.");
  public static final Knob<Duration> ORDER_GRACE = Knob.duration("ledger.order-grace", Duration.ofDays(7),
      Duration.ZERO, Duration.ofDays(365),
      "How long a completed or terminated order stays in the ledger past its retention end, for late retention violations; "
          + "and how long a cancelled order stays as history, for causes from before the cancellation that arrive late.");
  public static final Knob<Duration> ORDER_MAX_AGE = Knob.duration("ledger.order-max-age", Duration.ofDays(365),
      Duration.ofDays(30), Duration.ofDays(3650),
      "An order still in progress this long after it was created leaves the ledger (the order system abandoned it).");

  public static final Knob<Duration> UNKNOWN_PARTY_WAIT = Knob.duration("ledger.unknown-party-wait", Duration.ofDays(1),
      Duration.ZERO, Duration.ofDays(30),
      "How long (event time) a cause about a creator or order the ledger has seen no order event of waits for one; "
          + "then it goes to dead letters as INVALID (unknown-creator, unknown-order) and penalises no one.");

  public static final List<Knob<?>> POLICY = List.of(POLICY_VERSION, POINTS_EARLY_DELETION, POINTS_EARLY_HIDING,
      POINTS_FAKE_TRAFFIC, POINTS_PRIVATE_DEAL, POINTS_FAKE_TRAFFIC_CONFIRMED, MAJOR_FAKE_TRAFFIC_SHARE, POINTS_MAJOR_FAKE_TRAFFIC,
      LATE_REMOVAL_SHARE, LATE_REMOVAL_POINTS_FACTOR, REPEAT_EXTRA_POINTS, REPEAT_WINDOW, RECOVERY_POINTS, RECOVERY_PERIOD, WARNING_BELOW, SUSPEND_BELOW, ACCESS_ENDED_AT, SUSPENSION,
      RETENTION_REFUND, SCORE_RESET_AFTER, AGENCY_ALERT_THRESHOLD, AGENCY_ALERT_WINDOW, CAMPAIGN_WINDOW, APPEAL_WINDOW, REVERSAL_COMPENSATION);

  public static final List<Knob<?>> KNOBS;

  static {
    List<Knob<?>> knobs = new ArrayList<>(KafkaKnobs.ALL);
    knobs.addAll(POLICY);
    knobs.addAll(List.of(DECISION_WAIT, ESCALATE_AFTER, DEFAULT_AFTER, CASE_RETENTION, SEEN_CAUSE_RETENTION, ORDER_GRACE, ORDER_MAX_AGE, UNKNOWN_PARTY_WAIT));
    KNOBS = List.copyOf(knobs);
  }

  /** Reads and validates the settings, the policy table's consistency included; a bad value stops start-up. */
  public static Settings fromArgs(String[] args) {
    Settings settings = Settings.fromArgs(args, KNOBS);
    Policy.from(settings);
    return settings;
  }
}
