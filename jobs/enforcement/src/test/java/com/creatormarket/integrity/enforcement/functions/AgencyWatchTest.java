package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static com.creatormarket.integrity.enforcement.functions.Harnesses.drain;
import static java.time.Duration.ofDays;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.AgencyAlertLevel;
import com.creatormarket.integrity.avro.CountedViolation;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agency is reported when its creators' violations reach the threshold within the window; once per window. */
class AgencyWatchTest {

  private static final String AGENCY = "agency-1";

  private KeyedOneInputStreamOperatorTestHarness<String, Penalty, AgencyAlert> harness;

  @BeforeEach
  void open() throws Exception {
    // Threshold 5 in 90 days (the defaults).
    harness = Harnesses.keyed(new AgencyWatch(Policy.from(Fixtures.settings(Map.of()))), Penalty::getAgencyId);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void penalty(String causeId, String creatorId, Duration at) throws Exception {
    Penalty p = Penalty.newBuilder().setPenaltyId(StableIds.of("penalty", causeId, creatorId)).setCreatorId(creatorId)
        .setAgencyId(AGENCY).setCause(ViolationKind.EARLY_DELETION).setCauseId(causeId).setOrderId("order-" + causeId)
        .setPointsDeducted(4).setScoreBefore(12).setScoreAfter(8).setSanction(Sanction.WARNING).setPolicyVersion("v")
        .setEventTime(at(at)).build();
    harness.processElement(p, at(at).toEpochMilli());
  }

  @Test
  void reportsTheAgencyWhenItsCreatorsViolationsReachTheThresholdWithinTheWindow() throws Exception {
    penalty("v-1", "creator-1", ofDays(1));
    penalty("v-2", "creator-2", ofDays(10));
    penalty("v-3", "creator-1", ofDays(20));
    penalty("v-4", "creator-3", ofDays(30));
    harness.processWatermark(at(ofDays(30)).toEpochMilli());
    assertThat(drain(harness)).isEmpty();

    penalty("v-5", "creator-2", ofDays(40));
    harness.processWatermark(at(ofDays(40)).toEpochMilli());

    List<AgencyAlert> alerts = drain(harness);
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.getAlertId()).isEqualTo(StableIds.of("agency-alert", AGENCY, StableIds.of("penalty", "v-5", "creator-2")));
      assertThat(a.getAgencyId()).isEqualTo(AGENCY);
      assertThat(a.getLevel()).isEqualTo(AgencyAlertLevel.THRESHOLD_REACHED);
      assertThat(a.getViolationCount()).isEqualTo(5);
      assertThat(a.getThreshold()).isEqualTo(5);
      assertThat(a.getCreatorCount()).isEqualTo(3);
      assertThat(a.getViolations()).extracting(CountedViolation::getCauseId).containsExactly("v-1", "v-2", "v-3", "v-4", "v-5");
      assertThat(a.getWindowStart()).isEqualTo(at(ofDays(40 - 90)));
      assertThat(a.getEventTime()).isEqualTo(at(ofDays(40)));
    });

    // Within the same window, more violations do not report the agency again.
    penalty("v-6", "creator-4", ofDays(50));
    harness.processWatermark(at(ofDays(50)).toEpochMilli());
    assertThat(drain(harness)).isEmpty();
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void violationsOlderThanTheWindowDoNotCount() throws Exception {
    for (int i = 1; i <= 4; i++) {
      penalty("v-" + i, "creator-" + i, ofDays(i));
    }
    penalty("v-5", "creator-5", ofDays(95));
    harness.processWatermark(at(ofDays(95)).toEpochMilli());

    assertThat(drain(harness)).isEmpty();
  }

  @Test
  void theSamePenaltyIsCountedOnce() throws Exception {
    for (int i = 0; i < 5; i++) {
      penalty("v-1", "creator-1", ofDays(1 + i));
    }
    harness.processWatermark(at(ofDays(10)).toEpochMilli());

    assertThat(drain(harness)).isEmpty();
  }
}
