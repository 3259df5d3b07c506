package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Only the creator's own early removals are violations; a platform removal costs nothing. */
class RetentionCauseTest {

  private static RetentionViolation removal(RetentionOutcome outcome) {
    // Published 1 March (T0 + 1 h), 60 natural days: retention ends 30 April 00:00; removed on 20 April.
    return Fixtures.violation("rv-1", outcome, "order-1", "creator-1", "agency-1", at(ofHours(1)), at(ofDays(50).plusHours(9)));
  }

  @Test
  void earlyDeletionAndHidingBecomeViolationsWithTheDaysMissing() throws Exception {
    try (OneInputStreamOperatorTestHarness<RetentionViolation, ConfirmedViolation> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new RetentionCause())) {
      harness.processElement(removal(RetentionOutcome.EARLY_DELETION), 1L);
      harness.processElement(removal(RetentionOutcome.EARLY_HIDING), 2L);

      assertThat(harness.extractOutputValues()).extracting(v -> v.kind)
          .containsExactly(ViolationKind.EARLY_DELETION, ViolationKind.EARLY_HIDING);
      ConfirmedViolation v = harness.extractOutputValues().get(0);
      assertThat(v.causeId).isEqualTo("rv-1");
      assertThat(v.orderId).isEqualTo("order-1");
      assertThat(v.agencyId).isEqualTo("agency-1");
      assertThat(v.retentionDays).isEqualTo(60);
      assertThat(v.missingDays).isEqualTo(10);
      assertThat(v.evidence).contains("DELETED by CREATOR").contains("10 missing");
    }
  }

  @Test
  void aPlatformRemovalCarriesNoPenalty() throws Exception {
    try (OneInputStreamOperatorTestHarness<RetentionViolation, ConfirmedViolation> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new RetentionCause())) {
      harness.processElement(removal(RetentionOutcome.PLATFORM_REMOVAL), 1L);

      assertThat(harness.extractOutputValues()).isEmpty();
    }
  }
}
