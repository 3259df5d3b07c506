package com.creatormarket.integrity.enforcement;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.ReviewOutcome;
import com.creatormarket.integrity.common.StableIds;
import com.creatormarket.integrity.avro.Share;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.common.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Input records for tests, valid by the input checks, with only what a test cares about as parameters. */
public final class Fixtures {

  private Fixtures() {}

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** 2026-03-01 00:00 in the marketplace's time zone. */
  public static final Instant T0 = LocalDate.of(2026, 3, 1).atStartOfDay(ZONE).toInstant();

  public static Instant at(Duration sinceT0) {
    return T0.plus(sinceT0);
  }

  public static long ms(Duration sinceT0) {
    return at(sinceT0).toEpochMilli();
  }

  public static Settings settings(Map<String, String> overrides) {
    return Settings.defaults(EnforcementOptions.KNOBS).with(overrides);
  }

  public static OrderEvent created(String orderId, String creatorId, String advertiserId, String agencyId, long prepaidMinor, Instant at) {
    return order(orderId, OrderEventKind.CREATED, creatorId, at).setAdvertiserId(advertiserId).setAgencyId(agencyId)
        .setPriceMinor(prepaidMinor).setPrepaidMinor(prepaidMinor).setCurrency("CNY").setRetentionDays(60).build();
  }

  public static OrderEvent published(String orderId, String creatorId, Instant at) {
    return order(orderId, OrderEventKind.VIDEO_PUBLISHED, creatorId, at).setVideoId("video-" + orderId).setPublishedAt(at).build();
  }

  public static OrderEvent completed(String orderId, String creatorId, Instant at) {
    return order(orderId, OrderEventKind.COMPLETED, creatorId, at).build();
  }

  public static OrderEvent retentionChanged(String orderId, String creatorId, int retentionDays, Instant at) {
    return order(orderId, OrderEventKind.RETENTION_CHANGED, creatorId, at).setRetentionDays(retentionDays).build();
  }

  public static OrderEvent cancelled(String orderId, String creatorId, Instant at) {
    return order(orderId, OrderEventKind.CANCELLED, creatorId, at).build();
  }

  private static OrderEvent.Builder order(String orderId, OrderEventKind kind, String creatorId, Instant at) {
    return OrderEvent.newBuilder().setEventId(orderId + "-" + kind).setOrderId(orderId).setKind(kind)
        .setAdvertiserId("adv-" + orderId).setCreatorId(creatorId).setEventTime(at);
  }

  /** A retention violation of a video published at {@code publishedAt} with 60 natural days, removed at {@code removedAt}. */
  public static RetentionViolation violation(String id, RetentionOutcome outcome, String orderId, String creatorId, String agencyId,
      Instant publishedAt, Instant removedAt) {
    LocalDate publishedOn = publishedAt.atZone(ZONE).toLocalDate();
    return RetentionViolation.newBuilder().setViolationId(id).setOrderId(orderId).setVideoId("video-" + orderId)
        .setCreatorId(creatorId).setAdvertiserId("adv-" + orderId).setAgencyId(agencyId).setOutcome(outcome)
        .setRemovalKind(hiding(outcome) ? LifecycleKind.HIDDEN : LifecycleKind.DELETED)
        .setActor(outcome == RetentionOutcome.PLATFORM_REMOVAL ? Actor.PLATFORM_MODERATION : Actor.CREATOR)
        .setPublishedAt(publishedAt).setRetentionDays(60)
        .setRetentionEnd(publishedOn.plusDays(60).atStartOfDay(ZONE).toInstant())
        .setRemovedAt(removedAt).setDecidedAt(removedAt).setHideCount(hiding(outcome) ? 1 : 0)
        .setTimeZone(ZONE.getId()).build();
  }

  private static boolean hiding(RetentionOutcome outcome) {
    return outcome == RetentionOutcome.EARLY_HIDING || outcome == RetentionOutcome.HIDING_ENDED;
  }

  public static OrderEvent terminated(String orderId, String creatorId, Instant at) {
    return order(orderId, OrderEventKind.TERMINATED, creatorId, at).build();
  }

  public static FlaggedCase flagged(String caseId, int version, ResponseLevel level, String orderId, String creatorId,
      String agencyId, Instant lastEventTime) {
    return FlaggedCase.newBuilder().setCaseId(caseId).setVersion(version).setCaseVersionId(caseId + "/v" + version)
        .setOrderId(orderId).setVideoId("video-" + orderId).setCreatorId(creatorId).setAdvertiserId("adv-" + orderId)
        .setAgencyId(agencyId).setLevel(level).setRiskScore(0.9)
        .setSignals(List.of(SignalFiring.newBuilder().setSignal("device-concentration").setValue(0.8).setThreshold(0.5)
            .setWindowMillis(3_600_000).setWeight(0.4).setDetail("80% of views from 3 devices").build()))
        .setEvidence(CaseEvidence.newBuilder()
            .setTopAccounts(List.of(Share.newBuilder().setKey("acct-1").setCount(500).setShare(0.5).build()))
            .setTopDevices(List.of(Share.newBuilder().setKey("dev-1").setCount(800).setShare(0.8).build()))
            .setTopNetworkPrefixes(List.of(Share.newBuilder().setKey("10.1.2.0/24").setCount(900).setShare(0.9).build()))
            .setHourlyViews(List.of(0L, 10L, 900L)).setViews(1000).setLikes(50).setFollows(5).setUniqueViewers(20)
            .setSuspectAccounts(List.of("acct-1", "acct-2")).build())
        .setFirstFlaggedAt(lastEventTime).setLastEventTime(lastEventTime).build();
  }

  public static ReviewDecision decision(String decisionId, String caseId, ReviewOutcome outcome, Instant at) {
    return ReviewDecision.newBuilder().setDecisionId(decisionId).setCaseId(caseId).setOrderId("order-of-" + caseId)
        .setReviewerId("reviewer-1").setDecision(outcome).setNote("looked at the devices").setDecidedAt(at).build();
  }

  /** A reviewer's decision on a creator's appeal against a penalty (caseId: the penalty's cause). */
  public static ReviewDecision appeal(String decisionId, String creatorId, String causeId, ReviewOutcome outcome, Instant appealedAt,
      Instant decidedAt) {
    return ReviewDecision.newBuilder().setDecisionId(decisionId).setCaseId(causeId).setOrderId("").setReviewerId("reviewer-2")
        .setDecision(outcome).setNote("appeal: the creator shows the audience was real").setDecidedAt(decidedAt)
        .setCreatorId(creatorId).setPenaltyId(StableIds.of("penalty", causeId, creatorId)).setAppealedAt(appealedAt).build();
  }

  public static ContentFinding privateDeal(String findingId, String creatorId, Instant at) {
    return ContentFinding.newBuilder().setFindingId(findingId).setCreatorId(creatorId).setKind(FindingKind.PRIVATE_DEAL)
        .setVideoId("offsite-" + findingId).setBrand("brand-x").setSource("brand-safety-crawler")
        .setEvidence("sponsored post outside the marketplace").setFoundAt(at).build();
  }
}
