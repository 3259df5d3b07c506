package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.rules.ShadowComparison;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detection rules page's content from the store: each rule's status (in force, pending, turned
 * down by the job's door or gate, matched through its dead letters), the live and candidate rule
 * sets in force at the pipeline's time, and the candidate's comparison with live.
 */
class RuleQueriesTest {

  private static final Instant T0 = Sample.T0;
  private Store store;

  @BeforeEach
  void open() throws Exception {
    store = Store.open("jdbc:h2:mem:rules-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static DetectionRule rule(long version, String key, String value, Instant from) {
    return DetectionRule.newBuilder().setVersion(version).setSettingKey(key).setValue(value).setChangedBy("erin")
        .setReason("tuning").setEffectiveFrom(from).build();
  }

  private static FlaggedCase withRuleSet(FlaggedCase c, long ruleSet) {
    c.setRuleSetVersion(ruleSet);
    return c;
  }

  @Test
  void showsEachRulesStatusTheRuleSetInForceAndWhatTheCandidateChanges() {
    Instant from = T0.plus(Duration.ofHours(1));
    store.jdbi().useTransaction(h -> {
      List<DetectionRule> rules = List.of(rule(1, "score.review", "0.6", from), rule(2, "score.review", "1.5", from),
          rule(3, "score.review", "0.9", from), rule(4, "candidate.score.enforce", "0.6", from),
          rule(5, "score.enforce", "0.9", T0.plus(Duration.ofDays(10))));
      for (int i = 0; i < rules.size(); i++) {
        TopicIngest.apply(h, rules.get(i), "detection-rules", 0, i, new byte[0]);
      }
      // The job's door turned down rule 2 (it knows partition and offset), its gate rule 3 (it names the version).
      TopicIngest.apply(h, Sample.deadLetter("fake-traffic", "detection-rules", 0, 1,
          "invalid-value: detection rule version 2: bad value '1.5' for key 'score.review'"), "dead-letters", 0, 0, new byte[0]);
      TopicIngest.apply(h, Sample.deadLetter("fake-traffic", "detection-rules", -1, -1,
          "invalid-value: settings: 'score.review' (0.9) <= 'score.enforce' (0.85) must hold (rule version 3, score.review = 0.9, by erin)"),
          "dead-letters", 0, 1, new byte[0]);
      FlaggedCase live = Sample.flaggedCase("case-1", 1, "ord-1", "cr-1", "ag-1", ResponseLevel.REVIEW, 0.62, "fresh-accounts");
      TopicIngest.apply(h, withRuleSet(live, 1), "flagged-cases", 0, 0, Topics.FLAGGED_CASES.codec().encode(live));
      FlaggedCase shadowSame = withRuleSet(Sample.flaggedCase("case-1", 1, "ord-1", "cr-1", "ag-1", ResponseLevel.ENFORCE, 0.62,
          "fresh-accounts"), 4);
      FlaggedCase shadowNew = withRuleSet(Sample.flaggedCase("case-9", 1, "ord-9", "cr-2", null, ResponseLevel.REVIEW, 0.58,
          "velocity-burst"), 4);
      TopicIngest.applyShadowCase(h, shadowSame, Topics.SHADOW_CASES.codec().encode(shadowSame));
      TopicIngest.applyShadowCase(h, shadowNew, Topics.SHADOW_CASES.codec().encode(shadowNew));
      TopicIngest.advanceClock(h, T0.plus(Duration.ofHours(3)).toEpochMilli());
    });

    RuleQueries.Page page = new RuleQueries(store, new TopicNames("-")).page(null, null);

    assertThat(page.rules()).extracting(RuleQueries.RuleRow::version).containsExactly(5L, 4L, 3L, 2L, 1L);
    assertThat(page.rules()).extracting(RuleQueries.RuleRow::status).containsExactly(RuleQueries.Status.PENDING,
        RuleQueries.Status.IN_FORCE, RuleQueries.Status.TURNED_DOWN, RuleQueries.Status.TURNED_DOWN, RuleQueries.Status.IN_FORCE);
    assertThat(page.rules().get(2).turnedDownBecause()).contains("'score.enforce' (0.85)");
    assertThat(page.rules().get(3).turnedDownBecause()).contains("bad value '1.5'");
    assertThat(page.inForce().liveVersion()).isEqualTo(1);
    assertThat(page.inForce().live()).isEqualTo(Map.of("score.review", "0.6"));
    assertThat(page.inForce().candidate()).isEqualTo(Map.of("score.enforce", "0.6"));
    assertThat(page.inForce().candidateEpoch()).isEqualTo(4);

    assertThat(page.shadowVersions()).isEqualTo(2);
    assertThat(page.comparison().rows()).extracting(r -> r.level() + " " + r.change() + " " + r.orderId())
        .containsExactly("REVIEW ADDED ord-9", "ENFORCE ADDED ord-1");
    assertThat(page.comparison().rows()).allSatisfy(r -> assertThat(r.kind()).isEqualTo("unlabelled"));
    assertThat(page.liveCaseIds()).containsExactly("case-1");
    assertThat(page.comparison().rows().get(0).change()).isEqualTo(ShadowComparison.Change.ADDED);
  }

  @Test
  void withoutRulesTheStartUpSettingsAreInForceAndNothingIsCompared() {
    RuleQueries.Page page = new RuleQueries(store, new TopicNames("-")).page(null, null);
    assertThat(page.rules()).isEmpty();
    assertThat(page.inForce().liveVersion()).isZero();
    assertThat(page.comparison()).isNull();
  }
}
