package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.enforcement.Fixtures;
import org.junit.jupiter.api.Test;

/** What enforcement will not guess at goes to dead letters with the reason. */
class InputChecksTest {

  @Test
  void validFixturesPass() {
    assertThat(InputChecks.orders().problem(Fixtures.created("o", "c", "a", null, 100, T0))).isNull();
    assertThat(InputChecks.violations().problem(Fixtures.violation("v", RetentionOutcome.EARLY_DELETION, "o", "c", null, T0, T0)))
        .isNull();
    assertThat(InputChecks.cases().problem(Fixtures.flagged("k", 1, ResponseLevel.REVIEW, "o", "c", null, T0))).isNull();
    assertThat(InputChecks.decisions().problem(Fixtures.decision("d", "k", ReviewOutcome.CONFIRM, T0))).isNull();
    assertThat(InputChecks.findings().problem(Fixtures.privateDeal("f", "c", T0))).isNull();
  }

  @Test
  void kindsUnknownToThisReaderAreRejected() {
    OrderEvent order = Fixtures.created("o", "c", "a", null, 100, T0);
    assertThat(InputChecks.orders().problem(OrderEvent.newBuilder(order).setKind(OrderEventKind.UNKNOWN).build()))
        .contains("kind unknown");
    RetentionViolation v = Fixtures.violation("v", RetentionOutcome.EARLY_DELETION, "o", "c", null, T0, T0);
    assertThat(InputChecks.violations().problem(RetentionViolation.newBuilder(v).setOutcome(RetentionOutcome.UNKNOWN).build()))
        .contains("outcome unknown");
    FlaggedCase c = Fixtures.flagged("k", 1, ResponseLevel.REVIEW, "o", "c", null, T0);
    assertThat(InputChecks.cases().problem(FlaggedCase.newBuilder(c).setLevel(ResponseLevel.UNKNOWN).build())).contains("level unknown");
    ReviewDecision d = Fixtures.decision("d", "k", ReviewOutcome.CONFIRM, T0);
    assertThat(InputChecks.decisions().problem(ReviewDecision.newBuilder(d).setDecision(ReviewOutcome.UNKNOWN).build()))
        .contains("outcome unknown");
    ContentFinding f = Fixtures.privateDeal("f", "c", T0);
    assertThat(InputChecks.findings().problem(ContentFinding.newBuilder(f).setKind(FindingKind.UNKNOWN).build())).contains("kind unknown");
  }

  @Test
  void moneyFactsAndTimeZonesMustBeThere() {
    OrderEvent order = Fixtures.created("o", "c", "a", null, 100, T0);
    assertThat(InputChecks.orders().problem(OrderEvent.newBuilder(order).setPrepaidMinor(null).build())).contains("prepaidMinor");
    assertThat(InputChecks.orders().problem(OrderEvent.newBuilder(order).setCurrency(null).build())).contains("currency");
    RetentionViolation v = Fixtures.violation("v", RetentionOutcome.EARLY_DELETION, "o", "c", null, T0, T0);
    assertThat(InputChecks.violations().problem(RetentionViolation.newBuilder(v).setTimeZone("Mars/Olympus").build()))
        .contains("Mars/Olympus");
  }
}
