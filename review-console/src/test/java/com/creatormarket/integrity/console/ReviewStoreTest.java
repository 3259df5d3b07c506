package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DeadlineKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewStoreTest {

  private Store store;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  /** The store under test: H2 in memory here; PostgreSQL in the subclass. */
  protected Store openStore() throws Exception {
    return Store.open("jdbc:h2:mem:review-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private final List<SpecificRecord> topics = List.of(
      Sample.orderCreated("ord-1", "cr-1", "ag-1", 50_000),
      Sample.published("ord-1", "cr-1"),
      Sample.orderCreated("ord-2", "cr-1", "ag-1", 80_000),
      Sample.flaggedCase("case-1", 1, "ord-1", "cr-1", "ag-1", ResponseLevel.RECORD_ONLY, 0.3, "fresh-accounts"),
      Sample.flaggedCase("case-1", 2, "ord-1", "cr-1", "ag-1", ResponseLevel.REVIEW, 0.62, "fresh-accounts", "device-concentration"),
      Sample.flaggedCase("case-2", 1, "ord-2", "cr-1", "ag-1", ResponseLevel.ENFORCE, 0.91, "velocity-burst"),
      Sample.penalty("case-2", "cr-1", "ord-2"),
      Sample.refund("case-2", "cr-1", "ord-2", 80_000),
      Sample.hour("ord-1", 1, 40, 40),
      Sample.hour("ord-1", 2, 200, 60),
      Sample.deadLetter("fake-traffic", "engagement-events", 3, 17, "unreadable: truncated record"));

  private void applyAll(List<SpecificRecord> records) {
    store.jdbi().useTransaction(h -> {
      long offset = 0;
      for (SpecificRecord r : records) {
        byte[] raw = r instanceof FlaggedCase c ? Topics.FLAGGED_CASES.codec().encode(c) : new byte[0];
        TopicIngest.apply(h, r, "t", 0, offset++, raw);
      }
    });
  }

  private List<String> everyRow() {
    List<String> rows = new ArrayList<>();
    store.jdbi().useHandle(h -> {
      for (String table : Store.FROM_TOPICS) {
        h.createQuery("SELECT * FROM " + table).mapToMap().list().forEach(r -> rows.add(table + " " + new java.util.TreeMap<>(r)));
      }
      h.createQuery("SELECT * FROM decisions").mapToMap().list().forEach(r -> rows.add("decisions " + new java.util.TreeMap<>(r)));
    });
    rows.sort(null);
    return rows;
  }

  @Test
  void readingTheTopicsTwiceLeavesTheSameRows() {
    applyAll(topics);
    List<String> once = everyRow();
    applyAll(topics);
    assertThat(everyRow()).isEqualTo(once);
    Map<String, Long> counts = new CaseQueries(store, null, 6).counts();
    assertThat(counts).containsEntry("caseVersions", 3L).containsEntry("cases", 2L).containsEntry("openCases", 1L)
        .containsEntry("penalties", 1L).containsEntry("refunds", 1L).containsEntry("deadLetters", 1L);
  }

  @Test
  void theNewestVersionLeadsWhateverOrderTheVersionsCameIn() {
    applyAll(List.of(topics.get(0), topics.get(4), topics.get(3)));
    Map<String, Object> c = store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM cases WHERE case_id = 'case-1'")
        .mapToMap().one());
    assertThat(c).containsEntry("version", 2).containsEntry("level", "REVIEW").containsEntry("max_level", "REVIEW");
    assertThat((String) c.get("signal_names")).isEqualTo("device-concentration,fresh-accounts");
  }

  @Test
  void aCaseIsOpenUntilTheEnforcementJobOrADeadlineClosesIt() {
    applyAll(topics);
    assertThat(status("case-1")).isEqualTo(CaseStatus.OPEN);
    assertThat(status("case-2")).isEqualTo(CaseStatus.ENFORCED);
    ReviewDeadline defaulted = ReviewDeadline.newBuilder().setDeadlineId("dl-1").setCaseId("case-1").setCaseVersionId("case-1-v2")
        .setOrderId("ord-1").setCreatorId("cr-1").setAgencyId(null).setKind(DeadlineKind.DEFAULT_APPLIED)
        .setLevel(ResponseLevel.REVIEW).setRiskScore(0.62).setReviewSince(Sample.T0).setDeadline(Sample.T0.plusSeconds(7 * 86400))
        .setEscalations(0).setPolicyVersion("p").setEventTime(Sample.T0.plusSeconds(7 * 86400)).build();
    applyAll(List.of(defaulted));
    assertThat(status("case-1")).isEqualTo(CaseStatus.DEFAULTED);
    assertThat(new CaseQueries(store, null, 6).counts()).containsEntry("openCases", 0L);
  }

  @Test
  void aDecisionTheEnforcementJobRejectedDoesNotCloseTheCase() {
    applyAll(topics);
    ReviewDecision confirm = ReviewDecision.newBuilder().setDecisionId("d-1").setCaseId("case-1").setOrderId("ord-1")
        .setReviewerId("rita").setDecision(ReviewOutcome.CONFIRM).setNote("farm").setCreatorId(null).setPenaltyId(null)
        .setAppealedAt(null).setDecidedAt(Sample.T0.plusSeconds(10_000)).build();
    store.jdbi().useTransaction(h -> TopicIngest.apply(h, confirm, "review-decisions", 1, 41, new byte[0]));
    assertThat(status("case-1")).isEqualTo(CaseStatus.CONFIRMED);
    store.jdbi().useTransaction(h -> TopicIngest.apply(h,
        Sample.deadLetter("enforcement", "review-decisions", 1, 41, "already closed (confirmed by decision d-0)"),
        "dead-letters", 0, 5, new byte[0]));
    assertThat(status("case-1")).isEqualTo(CaseStatus.OPEN);
  }

  @Test
  void deadLettersAreGroupedByTheirReasonsLeadingWords() {
    assertThat(TopicIngest.reasonGroup("unknown-creator: cr-9 not seen within 1 d")).isEqualTo("unknown-creator");
    assertThat(TopicIngest.reasonGroup("already closed (confirmed by decision d-1)")).isEqualTo("already closed");
    assertThat(TopicIngest.reasonGroup(null)).isEqualTo("(no reason)");
  }

  @Test
  void aRebuildForgetsWhatCameFromTopicsAndKeepsTheConsolesOwn() {
    applyAll(topics);
    store.jdbi().useHandle(h -> Rows.insert(h, "notes", Rows.row("note_id", "n-1", "case_id", "case-1", "author_id", "rita",
        "body", "looked at the devices", "created_at", 1L)));
    store.forgetTopics();
    assertThat(new CaseQueries(store, null, 6).counts().values()).allMatch(v -> v == 0L);
    long notes = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(Long.class).one());
    assertThat(notes).isEqualTo(1L);
    applyAll(topics);
    assertThat(new CaseQueries(store, null, 6).counts()).containsEntry("cases", 2L);
  }

  private CaseStatus status(String caseId) {
    return store.jdbi().withHandle(h -> CaseStatus.of(h, caseId));
  }
}
