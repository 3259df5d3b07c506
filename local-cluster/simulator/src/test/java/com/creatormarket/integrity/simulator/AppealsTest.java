package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.world.World;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creators' appeals against their penalties: the ids the jobs derive, the outcomes, and times the enforcement job accepts. */
class AppealsTest {

  private static final Duration APPEAL_WINDOW = Duration.ofDays(7);
  private static final Duration LAST_HOUR = Duration.ofHours(1);

  private static final String WORLD = """
      name: appeals
      start: 2025-03-03T00:00:00+08:00
      duration: 3d
      marketplace:
        advertisers: 5
        creators: 20
        orders: 40
        publishWindow: 12h
      traffic:
        accounts: 2000
        viewsPerVideo: 30
      retention:
        creatorEarlyDeletions: 4
        creatorEarlyHidings: 1
        moderationEarlyRemovals: 2
      appeals:
        deletions: 3
        attacks: 3
      attacks:
        - kind: bot_views
          orders: 2
          accounts: 20
          volume: 100
          duration: 20m
        - kind: click_farm
          accounts: 20
          volume: 100
          duration: 3h
        - kind: bought_likes
          accounts: 20
          volume: 20
      """;

  @Test
  void deletionAppealsNameTheViolationsPenaltyAndAlternateFromUpheld(@TempDir Path dir) throws Exception {
    Runs run = Runs.generate(ScenarioLoader.parse(WORLD, "appeals.yaml"), dir);
    TruthChecks.verify(run);
    List<GroundTruth.Appeal> appeals = run.truth().appeals().stream().filter(a -> a.kind().equals("EARLY_DELETION")).toList();
    assertThat(appeals).hasSize(3);
    assertThat(appeals).extracting(GroundTruth.Appeal::upheld).containsExactly(true, false, true);
    Instant lastDecision = run.truth().end().minus(LAST_HOUR);
    long previousRemoval = Long.MIN_VALUE;
    for (GroundTruth.Appeal a : appeals) {
      World.RetentionCase c = run.world().retentionCases.stream().filter(r -> r.order().id.equals(a.orderId())).findFirst().orElseThrow();
      assertThat(c.actor()).isEqualTo("CREATOR");
      assertThat(c.action()).isEqualTo("DELETED");
      assertThat(c.early()).isTrue();
      String cause = CauseIds.retentionViolation(c.order().id, c.order().video.id, c.atMs(), LifecycleKind.DELETED);
      assertThat(a.causeId()).isEqualTo(cause);
      assertThat(a.penaltyId()).isEqualTo(CauseIds.penalty(cause, c.order().creator.id));
      assertThat(a.creatorId()).isEqualTo(c.order().creator.id);
      // The penalty's event time is the removal instant.
      Instant penalty = Instant.ofEpochMilli(c.atMs());
      assertThat(a.appealedAt()).isBetween(penalty.plus(Duration.ofMinutes(10)), penalty.plus(Duration.ofHours(2)))
          .isBefore(penalty.plus(APPEAL_WINDOW));
      assertThat(a.decidedAt()).isAfter(a.appealedAt()).isBefore(lastDecision);
      // Taken in time order.
      assertThat(c.atMs()).isGreaterThan(previousRemoval);
      previousRemoval = c.atMs();
    }
    // A creator's deletion left out before the last one appealed could only be one decided too late.
    long latestSkippable = lastDecision.minus(Duration.ofHours(4)).toEpochMilli();
    for (World.RetentionCase c : run.world().retentionCases) {
      boolean appealed = appeals.stream().anyMatch(a -> a.orderId().equals(c.order().id));
      if (c.actor().equals("CREATOR") && c.action().equals("DELETED") && !appealed && c.atMs() < previousRemoval) {
        assertThat(c.atMs()).as("skipped deletion of " + c.order().id).isGreaterThanOrEqualTo(latestSkippable);
      }
    }
  }

  @Test
  void sabotageAppealsNameTheFlaggedCasesPenaltyAndAreUpheld(@TempDir Path dir) throws Exception {
    Runs run = Runs.generate(ScenarioLoader.parse(WORLD, "appeals.yaml"), dir);
    List<GroundTruth.Appeal> appeals = run.truth().appeals().stream().filter(a -> a.kind().equals("FAKE_TRAFFIC")).toList();
    assertThat(appeals).hasSize(3).allMatch(GroundTruth.Appeal::upheld);
    Instant lastDecision = run.truth().end().minus(LAST_HOUR);
    long previousStart = Long.MIN_VALUE;
    for (GroundTruth.Appeal a : appeals) {
      World.AttackPlan attack = run.world().attacks.stream().filter(p -> p.targets.get(0).order.id.equals(a.orderId()))
          .findFirst().orElseThrow();
      assertThat(attack.kind).isIn(AttackKind.BOT_VIEWS, AttackKind.CLICK_FARM);
      World.Video video = attack.targets.get(0);
      String cause = CauseIds.flaggedCase(video.order.id, video.id);
      assertThat(a.causeId()).isEqualTo(cause);
      assertThat(a.penaltyId()).isEqualTo(CauseIds.penalty(cause, video.creator.id));
      assertThat(a.creatorId()).isEqualTo(video.creator.id);
      // The case is enforced during the attack, at a time only the job knows: the appeal comes after the
      // attack's last event, and within the appeal window of its first (so of the enforcement too).
      GroundTruth.Attack truth = run.truth().attacks().stream().filter(t -> t.attackId().equals(attack.id)).findFirst().orElseThrow();
      Instant end = Instant.ofEpochMilli(attack.plannedEndMs);
      assertThat(truth.end()).isBeforeOrEqualTo(end);
      assertThat(a.appealedAt()).isBetween(end.plus(Duration.ofMinutes(10)), end.plus(Duration.ofHours(2)))
          .isBeforeOrEqualTo(truth.start().plus(APPEAL_WINDOW));
      assertThat(a.decidedAt()).isAfter(a.appealedAt()).isBefore(lastDecision);
      assertThat(attack.plannedStartMs).as("by attack start").isGreaterThanOrEqualTo(previousStart);
      previousStart = attack.plannedStartMs;
    }
  }

  @Test
  void aScenarioWithoutAppealsGeneratesWhatItDidBefore(@TempDir Path with, @TempDir Path without) throws Exception {
    String smoke;
    try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/smoke.yaml")) {
      smoke = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String noAppeals = smoke.replaceAll("(?m)^# Creators appeal.*\\n^appeals:\\n(^  .*\\n)+", "");
    assertThat(noAppeals).doesNotContain("appeals:").hasSizeLessThan(smoke.length());
    Runs appealed = Runs.generate(ScenarioLoader.parse(smoke, "smoke.yaml"), with);
    Runs plain = Runs.generate(ScenarioLoader.parse(noAppeals, "smoke.yaml"), without);

    assertThat(RecordFiles.readAll(without, Topics.REVIEW_DECISIONS)).isEmpty();
    assertThat(RecordFiles.readAll(with, Topics.REVIEW_DECISIONS)).hasSize(2);
    // Appeals have a random stream of their own: every other record is byte for byte the same.
    for (InputTopic t : InputTopic.values()) {
      if (t != InputTopic.REVIEW_DECISIONS) {
        assertThat(Files.readAllBytes(with.resolve(t.fileName()))).as(t.fileName())
            .isEqualTo(Files.readAllBytes(without.resolve(t.fileName())));
      }
    }
    // The truth without appeals has no appeals key at all; with them, only appeals and their count differ.
    ObjectNode plainTruth = truthJson(without);
    ObjectNode appealedTruth = truthJson(with);
    assertThat(plainTruth.has("appeals")).isFalse();
    assertThat(plain.truth().appeals()).isEmpty();
    assertThat(appealed.truth().appeals()).hasSize(2);
    appealedTruth.remove("appeals");
    ((ObjectNode) appealedTruth.get("eventCounts")).put(Topics.REVIEW_DECISIONS.name(), 0);
    assertThat(appealedTruth).isEqualTo(plainTruth);
  }

  private static ObjectNode truthJson(Path dir) throws IOException {
    return (ObjectNode) GroundTruth.mapper().readTree(dir.resolve("ground-truth.json").toFile());
  }
}
