package com.creatormarket.integrity.enforcement.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.enforcement.EnforcementOptions;
import com.creatormarket.integrity.enforcement.Fixtures;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static java.time.Instant local(int month, int day, int hour) {
    return LocalDateTime.of(2026, month, day, hour, 0).atZone(SHANGHAI).toInstant();
  }

  @Test
  void missingDaysAreNaturalDaysFromTheDayOfRemovalToTheRetentionEnd() {
    // Published on 1 March with 60 days: the video may come down from 30 April 00:00.
    java.time.Instant end = LocalDate.of(2026, 4, 30).atStartOfDay(SHANGHAI).toInstant();
    assertThat(Policy.missingDays(local(3, 1, 23), end, SHANGHAI, 60)).isEqualTo(60);
    assertThat(Policy.missingDays(local(4, 29, 23), end, SHANGHAI, 60)).isEqualTo(1);
    assertThat(Policy.missingDays(local(4, 30, 0), end, SHANGHAI, 60)).isZero();
    // 23:30 UTC on 14 April is already 15 April in Shanghai.
    assertThat(Policy.missingDays(LocalDateTime.of(2026, 4, 14, 23, 30).atZone(ZoneId.of("UTC")).toInstant(), end, SHANGHAI, 60))
        .isEqualTo(15);
  }

  @Test
  void proRataRefundsRoundDownAndNeverExceedWhatRemains() {
    Policy proRata = Policy.from(Fixtures.settings(Map.of("policy.retention-refund", "pro_rata")));
    assertThat(proRata.retentionRefundMinor(1_000, 1_000, 7, 60)).isEqualTo(116);
    assertThat(proRata.retentionRefundMinor(10_000, 10_000, 60, 60)).isEqualTo(10_000);
    assertThat(proRata.retentionRefundMinor(10_000, 3_000, 30, 60)).isEqualTo(3_000);
    assertThat(proRata.retentionRefundMinor(10_000, 10_000, 0, 0)).isZero();
    Policy full = Policy.from(Fixtures.settings(Map.of("policy.retention-refund", "full")));
    assertThat(full.retentionRefundMinor(10_000, 4_000, 1, 60)).isEqualTo(4_000);
    Policy none = Policy.from(Fixtures.settings(Map.of("policy.retention-refund", "none")));
    assertThat(none.retentionRefundMinor(10_000, 10_000, 30, 60)).isZero();
  }

  @Test
  void sanctionThresholdsOutOfOrderStopStartUpNamingTheKeys() {
    assertThatThrownBy(() -> EnforcementOptions.fromArgs(new String[] {"--policy.suspend-below", "12", "--policy.warning-below", "10"}))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("policy.suspend-below (12)").hasMessageContaining("policy.warning-below (10)");
    assertThatThrownBy(() -> EnforcementOptions.fromArgs(new String[] {"--policy.access-ended-at", "7"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("policy.access-ended-at (7)");
    assertThatThrownBy(() -> EnforcementOptions.fromArgs(new String[] {"--policy.retention-refund", "half"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("policy.retention-refund")
        .hasMessageContaining("full, pro_rata, none");
    assertThatThrownBy(() -> EnforcementOptions.fromArgs(new String[] {"--review.escalate-after", "3d", "--review.default-after", "2d"}))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("review.default-after (2d) must be longer than review.escalate-after (3d)");
    assertThatThrownBy(() -> EnforcementOptions.fromArgs(new String[] {"--policy.reversal-compensation", "half"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("policy.reversal-compensation")
        .hasMessageContaining("full, pro_rata, none");
  }

  @Test
  void aReversedPenaltyCompensatesTheCreatorByTheKnob() {
    long day = 86_400_000L;
    Policy full = Policy.from(Fixtures.settings(Map.of()));
    assertThat(full.reversalCompensationMinor(60_000L, 0L, 4 * day, 60)).isEqualTo(60_000);
    assertThat(full.reversalCompensationMinor(60_000L, null, 4 * day, 60)).as("no video, no work delivered").isZero();
    assertThat(full.reversalCompensationMinor(60_000L, 5 * day, 4 * day, 60)).as("published after the termination").isZero();
    Policy proRata = Policy.from(Fixtures.settings(Map.of("policy.reversal-compensation", "pro_rata")));
    assertThat(proRata.reversalCompensationMinor(60_000L, 0L, 4 * day + day / 2, 60)).as("whole days").isEqualTo(4_000);
    assertThat(proRata.reversalCompensationMinor(60_000L, 0L, 90 * day, 60)).as("never above the price").isEqualTo(60_000);
    Policy none = Policy.from(Fixtures.settings(Map.of("policy.reversal-compensation", "none")));
    assertThat(none.reversalCompensationMinor(60_000L, 0L, 4 * day, 60)).isZero();
  }

  @Test
  void aMajorFakeTrafficCampaignCostsMoreOnlyWhenTheKnobIsOn() {
    ConfirmedViolation major = new ConfirmedViolation();
    major.kind = com.creatormarket.integrity.avro.ViolationKind.FAKE_TRAFFIC;
    major.invalidShare = 0.8;
    ConfirmedViolation minor = new ConfirmedViolation();
    minor.kind = major.kind;
    minor.invalidShare = 0.2;
    Policy defaults = Policy.from(Fixtures.settings(Map.of()));
    assertThat(defaults.points(major)).as("off by default: today's points").isEqualTo(6);
    Policy bySeverity = Policy.from(Fixtures.settings(Map.of("policy.major-fake-traffic-share", "0.5")));
    assertThat(bySeverity.points(major)).isEqualTo(9);
    assertThat(bySeverity.points(minor)).isEqualTo(6);
    major.confirmedByReviewer = true;
    assertThat(bySeverity.points(major)).as("whoever decided it").isEqualTo(9);
  }

  @Test
  void recoveryWinsBackWholePeriodsUpToTwelve() {
    long day = 86_400_000L;
    Policy off = Policy.from(Fixtures.settings(Map.of()));
    assertThat(off.recoveryPeriods(0, 400 * day)).isZero();
    Policy on = Policy.from(Fixtures.settings(Map.of("policy.recovery-points", "3", "policy.recovery-period", "10d")));
    assertThat(on.recoveryPeriods(5 * day, 24 * day)).isEqualTo(1);
    assertThat(on.recoveryPeriods(5 * day, 4 * day)).as("never backwards").isZero();
    assertThat(on.recoveredScore(2, 3)).isEqualTo(11);
    assertThat(on.recoveredScore(2, 4)).isEqualTo(12);
  }

  @Test
  void theDefaultsAreAConsistentTable() {
    Policy p = Policy.from(Fixtures.settings(Map.of()));
    assertThat(p.version).isEqualTo("2026-11-v1");
    assertThat(p.retentionRefund).isEqualTo(RetentionRefund.PRO_RATA);
    assertThat(p.accessEndedAt).isLessThan(p.suspendBelow);
    assertThat(p.suspendBelow).isLessThanOrEqualTo(p.warningBelow);
  }
}
