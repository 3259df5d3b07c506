package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.common.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The desk's rules on the store. Kafka's own MockProducer stands in for the broker here, to make a
 * send fail on purpose; the browser test sends to a real broker.
 */
class DecisionsTest {

  private static final Users.User RITA = new Users.User("rita", Role.REVIEWER, "-");
  private static final Users.User RAVI = new Users.User("ravi", Role.REVIEWER, "-");
  private static final Users.User SAM = new Users.User("sam", Role.SENIOR_REVIEWER, "-");
  private static final Users.User ERIN = new Users.User("erin", Role.ENGINEER, "-");

  /** A clock the test moves. */
  static final class SteppedClock extends Clock {
    Instant now = Instant.parse("2026-03-02T09:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private Store store;
  private MockProducer<byte[], byte[]> producer;
  private SteppedClock clock;
  private Decisions desk;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    clock = new SteppedClock();
    desk = new Decisions(store, producer, new TopicNames("-"), Duration.ofMinutes(30), 100_000L, clock,
        ConsoleOptions.DecisionTime.WALL_CLOCK);
    apply(Sample.orderCreated("ord-1", "cr-1", "ag-1", 50_000), Sample.orderCreated("ord-2", "cr-2", null, 500_000),
        Sample.flaggedCase("case-1", 1, "ord-1", "cr-1", "ag-1", ResponseLevel.REVIEW, 0.6, "device-concentration"),
        Sample.flaggedCase("case-2", 1, "ord-2", "cr-2", null, ResponseLevel.ENFORCE, 0.9, "velocity-burst"));
  }

  /** The store under test: H2 in memory here; PostgreSQL in the subclass. */
  protected Store openStore() throws Exception {
    return Store.open("jdbc:h2:mem:desk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void apply(SpecificRecord... records) {
    store.jdbi().useTransaction(h -> {
      for (SpecificRecord r : records) {
        byte[] raw = r instanceof FlaggedCase c ? Topics.FLAGGED_CASES.codec().encode(c) : new byte[0];
        TopicIngest.apply(h, r, "t", 0, 0, raw);
      }
    });
  }

  @Test
  void aSecondReviewerCannotClaimAHeldCaseUntilTheClaimExpires() {
    assertThat(desk.claim(RITA, "case-1").done()).isTrue();
    Decisions.Outcome second = desk.claim(RAVI, "case-1");
    assertThat(second.done()).isFalse();
    assertThat(second.message()).startsWith("claimed by rita");
    assertThat(desk.claim(RITA, "case-1").done()).as("the holder renews").isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(31));
    assertThat(desk.claim(RAVI, "case-1").done()).isTrue();
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "farm").message()).isEqualTo("claimed by ravi");
  }

  @Test
  void aDecisionNeedsTheClaimAndAReason() {
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "farm").message()).isEqualTo("claim the case before deciding it");
    desk.claim(RITA, "case-1");
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "  ").message()).isEqualTo("a reason is required");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void anEngineerNeitherClaimsNorDecides() {
    assertThat(desk.claim(ERIN, "case-1").done()).isFalse();
    assertThat(desk.decide(ERIN, "case-1", ReviewOutcome.DISMISS, "noise").done()).isFalse();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void fourEyesCasesAreDecidedBySeniorReviewersOnly() {
    desk.claim(RITA, "case-2");
    Decisions.Outcome refused = desk.decide(RITA, "case-2", ReviewOutcome.DISMISS, "honest launch");
    assertThat(refused.done()).isFalse();
    assertThat(refused.message()).startsWith("four eyes");
    desk.release(RITA, "case-2");
    desk.claim(SAM, "case-2");
    assertThat(desk.decide(SAM, "case-2", ReviewOutcome.DISMISS, "honest launch").done()).isTrue();
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aDecisionIsSentOnceUnderAStableId() throws Exception {
    desk.claim(RITA, "case-1");
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "devices of a farm").done()).isTrue();
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "devices of a farm").message()).startsWith("already decided");
    assertThat(producer.history()).hasSize(1);
    ReviewDecision sent = Topics.REVIEW_DECISIONS.codec().decode(producer.history().get(0).value());
    assertThat(sent.getDecisionId()).isEqualTo(StableIds.of("review-decision", "case-1", 1, "CONFIRM", "rita"));
    assertThat(sent.getReviewerId()).isEqualTo("rita");
    assertThat(sent.getNote()).isEqualTo("devices of a farm");
    assertThat(new String(producer.history().get(0).key())).isEqualTo("case-1");
    assertThat(status("case-1")).isEqualTo(CaseStatus.CONFIRMED);
    assertThat(desk.decide(RITA, "case-1", ReviewOutcome.ESCALATE, "lead please").message())
        .isEqualTo("the case is confirmed, awaiting enforcement: escalate does not apply");
  }

  @Test
  void aDecisionTheBrokerDidNotTakeIsSentAgainUnderTheSameId() throws Exception {
    MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    Decisions flaky = new Decisions(store, failing, new TopicNames("-"), Duration.ofMinutes(30), 100_000L, clock,
        ConsoleOptions.DecisionTime.WALL_CLOCK);
    flaky.claim(RITA, "case-1");
    Thread sender = new Thread(() -> flaky.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "farm"));
    sender.start();
    while (failing.history().isEmpty()) {
      Thread.onSpinWait();
    }
    failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
    sender.join();
    assertThat(decisionStatus()).isEqualTo("NEW");
    Thread again = new Thread(flaky::sendUnsent);
    again.start();
    while (failing.history().size() < 2) {
      Thread.onSpinWait();
    }
    failing.completeNext();
    again.join();
    assertThat(decisionStatus()).isEqualTo("SENT");
    List<String> ids = failing.history().stream().map(r -> {
      try {
        return Topics.REVIEW_DECISIONS.codec().decode(r.value()).getDecisionId();
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertThat(ids).hasSize(2).containsOnly(StableIds.of("review-decision", "case-1", 1, "CONFIRM", "rita"));
  }

  @Test
  void onSimulatedTrafficADecisionCarriesThePipelinesTimeNotTheWallClock() throws Exception {
    Decisions replay = new Decisions(store, producer, new TopicNames("-"), Duration.ofMinutes(30), 100_000L, clock,
        ConsoleOptions.DecisionTime.PIPELINE);
    Instant pipeline = Instant.parse("2026-03-03T08:00:00Z");
    store.jdbi().useTransaction(h -> TopicIngest.advanceClock(h, pipeline.toEpochMilli()));
    store.jdbi().useTransaction(h -> TopicIngest.advanceClock(h, pipeline.minusSeconds(60).toEpochMilli()));
    replay.claim(RITA, "case-1");
    replay.decide(RITA, "case-1", ReviewOutcome.CONFIRM, "farm");
    ReviewDecision sent = Topics.REVIEW_DECISIONS.codec().decode(producer.history().get(0).value());
    assertThat(sent.getDecidedAt()).as("the clock never goes back").isEqualTo(pipeline);
  }

  @Test
  void anAppealDecisionNamesThePenaltyItsCreatorAndWhenTheAppealWasFiled() throws Exception {
    apply(Sample.penalty("case-9", "cr-9", "ord-9"));
    Instant filed = clock.now.minus(Duration.ofDays(2));
    assertThat(desk.decideAppeal(ERIN, "pen-case-9", ReviewOutcome.UPHOLD_APPEAL, filed, "rival").done()).isFalse();
    assertThat(desk.decideAppeal(RITA, "pen-case-9", ReviewOutcome.CONFIRM, filed, "rival").done()).isFalse();
    assertThat(desk.decideAppeal(RITA, "pen-case-9", ReviewOutcome.UPHOLD_APPEAL, clock.now.plusSeconds(60), "rival").message())
        .startsWith("the appeal cannot be filed after its decision");
    assertThat(desk.decideAppeal(RITA, "pen-case-9", ReviewOutcome.UPHOLD_APPEAL, filed, "a rival bought it").done()).isTrue();
    assertThat(desk.decideAppeal(RITA, "pen-case-9", ReviewOutcome.UPHOLD_APPEAL, filed, "a rival bought it").message())
        .startsWith("already decided");
    assertThat(producer.history()).hasSize(1);
    ReviewDecision sent = Topics.REVIEW_DECISIONS.codec().decode(producer.history().get(0).value());
    assertThat(sent.getDecision()).isEqualTo(ReviewOutcome.UPHOLD_APPEAL);
    assertThat(sent.getPenaltyId()).isEqualTo("pen-case-9");
    assertThat(sent.getCreatorId()).isEqualTo("cr-9");
    assertThat(sent.getCaseId()).as("the penalty's cause").isEqualTo("case-9");
    assertThat(sent.getAppealedAt()).isEqualTo(filed);
    assertThat(sent.getDecidedAt()).isEqualTo(clock.now);
    assertThat(new String(producer.history().get(0).key())).isEqualTo("case-9");
  }

  @Test
  void aReversedPenaltyTakesNoAppealDecision() {
    apply(Sample.penalty("case-9", "cr-9", "ord-9"), com.creatormarket.integrity.avro.PenaltyReversal.newBuilder()
        .setReversalId("rev-1").setPenaltyId("pen-case-9").setCreatorId("cr-9").setAgencyId(null)
        .setCause(com.creatormarket.integrity.avro.ViolationKind.FAKE_TRAFFIC).setCauseId("case-9")
        .setReason(com.creatormarket.integrity.avro.ReversalReason.APPEAL_UPHELD).setDecisionId("d-0").setReviewerId("sam")
        .setPointsRestored(6).setScoreBefore(6).setScoreAfter(12).setSanction(com.creatormarket.integrity.avro.Sanction.NONE)
        .setSuspendedUntil(null).setOrdersStayTerminated(List.of()).setRefundsNotClawedBack(List.of()).setCompensations(List.of())
        .setPolicyVersion("p").setNote(null).setEventTime(Sample.T0).build());
    assertThat(desk.decideAppeal(RITA, "pen-case-9", ReviewOutcome.REJECT_APPEAL, clock.now.minusSeconds(60), "stands").message())
        .isEqualTo("the penalty is already reversed");
  }

  private String decisionStatus() {
    return store.jdbi().withHandle(h -> h.createQuery("SELECT status FROM decisions").mapTo(String.class).one());
  }

  private CaseStatus status(String caseId) {
    return store.jdbi().withHandle(h -> CaseStatus.of(h, caseId));
  }
}
