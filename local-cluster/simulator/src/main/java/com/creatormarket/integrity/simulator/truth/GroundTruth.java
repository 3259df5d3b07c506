package com.creatormarket.integrity.simulator.truth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What really happened in a simulated run: every attack with its orders, accounts and event ids;
 * the honest viral bursts; the honest orders; every deletion or hiding with what the retention
 * rule should make of it; the agreed retention changes; the private deals; the creators' appeals; the
 * orders the order system terminated and the deletions after them that are no retention violation.
 * Written as JSON beside the event files; backtests and other modules' tests read it with {@link #read}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GroundTruth(
    int formatVersion,
    String scenario,
    long seed,
    Instant start,
    Instant end,
    String timeZone,
    Map<String, Long> eventCounts,
    List<Attack> attacks,
    List<AttackedOrder> attackedOrders,
    List<ViralVideo> viralVideos,
    List<String> honestOrders,
    List<RetentionCase> retentionCases,
    List<RetentionChange> retentionChanges,
    List<PrivateDeal> privateDeals,
    // Left out when empty, so the truth of a run without appeals is what it was before they existed.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Appeal> appeals,
    // Likewise: the truth of a run without terminations is what it was before they existed.
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Termination> terminations) {

  public static final int FORMAT_VERSION = 1;

  public GroundTruth {
    appeals = appeals == null ? List.of() : appeals; // a file without the key has none
    terminations = terminations == null ? List.of() : terminations;
  }

  /** An order attacked, and by what. */
  public record Target(String orderId, String videoId, String creatorId, String advertiserId, String agencyId) {}

  /**
   * One labelled attack. {@code start}/{@code end} are its first and last emitted event;
   * {@code eventIds} are its events on the target videos, {@code coverEventIds} the ordinary-looking
   * events its accounts left on honest videos (camouflage only).
   */
  public record Attack(
      String attackId,
      String kind,
      List<Target> targets,
      Instant plannedStart,
      Instant plannedEnd,
      Instant start,
      Instant end,
      List<String> accounts,
      int devices,
      int networkPrefixes,
      Map<String, Long> eventCounts,
      List<String> eventIds,
      List<String> coverEventIds) {}

  /** Index: each attacked order and the attack that hit it. */
  public record AttackedOrder(String orderId, String videoId, String attackId, String kind) {}

  /** An honest video that took off for real; a detector must not flag it. */
  public record ViralVideo(
      String orderId,
      String videoId,
      String creatorId,
      Instant burstStart,
      Instant burstEnd,
      double expectedBurstViews,
      long burstViews,
      long burstAccounts) {}

  /**
   * A deletion or hiding. {@code early}: before the retention end in natural days; {@code violation}:
   * what the retention rule decides at its defaults: early, done by the creator (moderation is not
   * the creator's fault), and for a hiding, not restored within the 24 h grace that ends before the
   * retention end.
   */
  public record RetentionCase(
      String orderId,
      String videoId,
      String creatorId,
      String action,
      String actor,
      Instant at,
      Instant publishedAt,
      int retentionDays,
      Instant retentionEnd,
      boolean early,
      Instant restoredAt,
      boolean violation) {}

  /** An agreed change of retention days; {@code fromDays} null means the platform default. */
  public record RetentionChange(String orderId, Instant at, Integer fromDays, int toDays) {}

  /** A private deal found off the marketplace, sent on the content-findings topic. */
  public record PrivateDeal(String findingId, String creatorId, String brand, Instant foundAt) {}

  /**
   * A creator's appeal against a penalty and its decision, sent on the review-decisions topic keyed
   * by {@code causeId}. {@code kind}: EARLY_DELETION or FAKE_TRAFFIC; {@code upheld}: the penalty is
   * reversed (UPHOLD_APPEAL), else it stands (REJECT_APPEAL).
   */
  public record Appeal(
      String decisionId,
      String penaltyId,
      String causeId,
      String creatorId,
      String orderId,
      String kind,
      boolean upheld,
      Instant appealedAt,
      Instant decidedAt) {}

  /**
   * The order system's answer to a termination (an order hit by fast-detected fake traffic, which the
   * enforcement job terminated minutes into the attack): its TERMINATED order event, and the creator's
   * deletion of the video after it. An expected outcome: {@code violation} is always false, the
   * deletion (before the retention end, after the order ended) is no retention violation, so the
   * retention job emits no EARLY_DELETION for it and the enforcement job takes no penalty for it.
   * {@code attackEnd}: the attack's planned end (its last event is no later); {@code deletionEventId}
   * and {@code deletedAt} are null when no deletion fits (past the span or the retention end).
   * {@code retentionDays} and {@code retentionEnd}: the period in force at the deletion (without one, at
   * the TERMINATED). Such a deletion is not among {@code retentionCases}; no COMPLETED follows a TERMINATED.
   */
  public record Termination(
      String orderId,
      String videoId,
      String creatorId,
      String advertiserId,
      String agencyId,
      String attackId,
      String attackKind,
      Instant attackEnd,
      String terminationEventId,
      Instant terminatedAt,
      String deletionEventId,
      Instant deletedAt,
      int retentionDays,
      Instant retentionEnd,
      boolean violation) {}

  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper().writeValue(file.toFile(), this);
  }

  public static GroundTruth read(Path file) throws IOException {
    return mapper().readValue(file.toFile(), GroundTruth.class);
  }
}
