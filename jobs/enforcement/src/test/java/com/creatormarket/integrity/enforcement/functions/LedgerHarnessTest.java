package com.creatormarket.integrity.enforcement.functions;

import static com.creatormarket.integrity.enforcement.Fixtures.T0;
import static com.creatormarket.integrity.enforcement.Fixtures.at;
import static com.creatormarket.integrity.enforcement.Fixtures.created;
import static com.creatormarket.integrity.enforcement.Fixtures.published;
import static java.time.Duration.ofDays;

import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ViolationKind;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.enforcement.Fixtures;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import com.creatormarket.integrity.enforcement.model.Policy;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;

/** The credit ledger of one creator in Flink's operator harness, and the causes the ledger tests send it. */
abstract class LedgerHarnessTest {

  static final String CREATOR = "creator-1";
  static final String AGENCY = "agency-1";

  KeyedOneInputStreamOperatorTestHarness<String, LedgerInput, Penalty> harness;

  void open(Map<String, String> policy) throws Exception {
    harness = Harnesses.keyed(new CreditLedger("enforcement", "retention-violations", "flagged-cases", "content-findings",
        "review-decisions", Policy.from(Fixtures.settings(policy))), LedgerInput::creatorId);
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  void send(OrderEvent e) throws Exception {
    harness.processElement(LedgerInput.of(e), e.getEventTime().toEpochMilli());
  }

  void send(ConfirmedViolation v) throws Exception {
    harness.processElement(LedgerInput.of(v), v.eventTime);
  }

  void send(PenaltyReview r) throws Exception {
    harness.processElement(LedgerInput.of(r), r.eventTime);
  }

  void watermark(Duration sinceT0) throws Exception {
    harness.processWatermark(at(sinceT0).toEpochMilli());
  }

  /** An order of the creator created at T0, published a day later, priced and prepaid {@code prepaid} CNY fen. */
  void orderInProgress(String orderId, long prepaid) throws Exception {
    send(created(orderId, CREATOR, "adv-" + orderId, AGENCY, prepaid, T0));
    send(published(orderId, CREATOR, at(ofDays(1))));
  }

  static ConfirmedViolation deletion(String id, String orderId, Duration removedAfterT0) {
    return RetentionCause.toViolation(Fixtures.violation(id, RetentionOutcome.EARLY_DELETION, orderId, CREATOR, AGENCY,
        at(ofDays(1)), at(removedAfterT0)));
  }

  /** A hiding of order-1's video, published a day after T0. */
  static ConfirmedViolation hiding(String id, Duration removedAfterT0) {
    return RetentionCause.toViolation(Fixtures.violation(id, RetentionOutcome.EARLY_HIDING, "order-1", CREATOR, AGENCY,
        at(ofDays(1)), at(removedAfterT0)));
  }

  /** An early hiding of order-1's video under the id the retention job gives it, so that its end can name it. */
  static ConfirmedViolation namedHiding(Duration hiddenAfterT0) {
    return RetentionCause.toViolation(Fixtures.violation(hidingId(hiddenAfterT0), RetentionOutcome.EARLY_HIDING, "order-1",
        CREATOR, AGENCY, at(ofDays(1)), at(hiddenAfterT0)));
  }

  static String hidingId(Duration hiddenAfterT0) {
    return CauseIds.retentionViolation("order-1", "video-order-1", at(hiddenAfterT0).toEpochMilli(), LifecycleKind.HIDDEN);
  }

  /** The retention job's HIDING_ENDED for {@link #namedHiding}: the video came back (or its duty ended) at {@code endedAfterT0}. */
  static ConfirmedViolation hidingEnd(Duration hiddenAfterT0, Duration endedAfterT0) {
    RetentionViolation end = Fixtures.violation(CauseIds.hidingEnded(hidingId(hiddenAfterT0)), RetentionOutcome.HIDING_ENDED,
        "order-1", CREATOR, AGENCY, at(ofDays(1)), at(hiddenAfterT0));
    end.setHidingEndedAt(at(endedAfterT0));
    end.setDecidedAt(at(endedAfterT0));
    return RetentionCause.toViolation(end);
  }

  static ConfirmedViolation fakeTraffic(String caseId, String orderId, Duration at) {
    ConfirmedViolation v = new ConfirmedViolation();
    v.kind = ViolationKind.FAKE_TRAFFIC;
    v.causeId = caseId;
    v.creatorId = CREATOR;
    v.agencyId = AGENCY;
    v.orderId = orderId;
    v.advertiserId = "adv-" + orderId;
    v.evidence = "flagged case " + caseId;
    v.eventTime = at(at).toEpochMilli();
    return v;
  }
}
