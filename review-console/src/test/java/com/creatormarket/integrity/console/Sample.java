package com.creatormarket.integrity.console;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RefundBasis;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.Sanction;
import com.creatormarket.integrity.avro.Share;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.avro.ViolationKind;
import java.time.Instant;
import java.util.List;

/** Records as the pipeline writes them, for the console's tests. */
final class Sample {

  private Sample() {}

  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  static OrderEvent orderCreated(String orderId, String creator, String agency, long priceMinor) {
    return OrderEvent.newBuilder().setEventId("oe-" + orderId + "-created").setOrderId(orderId).setKind(OrderEventKind.CREATED)
        .setAdvertiserId("adv-1").setCreatorId(creator).setAgencyId(agency).setVideoId("vid-" + orderId)
        .setPriceMinor(priceMinor).setPrepaidMinor(priceMinor).setCurrency("CNY").setRetentionDays(60).setPublishedAt(null)
        .setEventTime(T0).build();
  }

  static OrderEvent published(String orderId, String creator) {
    return OrderEvent.newBuilder().setEventId("oe-" + orderId + "-published").setOrderId(orderId)
        .setKind(OrderEventKind.VIDEO_PUBLISHED).setAdvertiserId("adv-1").setCreatorId(creator).setAgencyId(null)
        .setVideoId("vid-" + orderId).setPriceMinor(null).setPrepaidMinor(null).setCurrency(null).setRetentionDays(null)
        .setPublishedAt(T0.plusSeconds(3600)).setEventTime(T0.plusSeconds(3600)).build();
  }

  static FlaggedCase flaggedCase(String caseId, int version, String orderId, String creator, String agency,
      ResponseLevel level, double risk, String... signals) {
    List<SignalFiring> firings = java.util.Arrays.stream(signals).map(s -> SignalFiring.newBuilder().setSignal(s)
        .setValue(0.62).setThreshold(0.35).setWindowMillis(1_800_000L).setWeight(0.4)
        .setDetail("top 5 devices carry 62% of the events").build()).toList();
    CaseEvidence evidence = CaseEvidence.newBuilder()
        .setTopAccounts(List.of(new Share("acct-17", 40L, 0.2), new Share("acct-18", 30L, 0.15)))
        .setTopDevices(List.of(new Share("dev-3", 120L, 0.6)))
        .setTopNetworkPrefixes(List.of(new Share("10.1.2.0/24", 150L, 0.75)))
        .setHourlyViews(List.of(3L, 5L, 4L, 90L, 120L, 6L))
        .setViews(228L).setLikes(12L).setFollows(3L).setUniqueViewers(60L).setInvalidViews(150L)
        .setFirstInvalidAt(T0.plusSeconds(3 * 3600))
        .setSuspectAccounts(List.of("acct-17", "acct-18")).build();
    return FlaggedCase.newBuilder().setCaseId(caseId).setVersion(version).setCaseVersionId(caseId + "-v" + version)
        .setOrderId(orderId).setVideoId("vid-" + orderId).setCreatorId(creator).setAdvertiserId("adv-1").setAgencyId(agency)
        .setLevel(level).setRiskScore(risk).setSignals(firings).setEvidence(evidence)
        .setFirstFlaggedAt(T0.plusSeconds(7200)).setLastEventTime(T0.plusSeconds(7200 + 600L * version)).build();
  }

  static Penalty penalty(String caseId, String creator, String orderId) {
    return Penalty.newBuilder().setPenaltyId("pen-" + caseId).setCreatorId(creator).setAgencyId(null)
        .setCause(ViolationKind.FAKE_TRAFFIC).setCauseId(caseId).setOrderId(orderId).setPointsDeducted(6)
        .setRepeatExtraPoints(0).setScoreBefore(12).setScoreAfter(6).setSanction(Sanction.ORDER_TAKING_SUSPENDED)
        .setSuspendedUntil(T0.plusSeconds(30L * 86400)).setPolicyVersion("2026-11-v1").setEvidence(null)
        .setEventTime(T0.plusSeconds(9000)).build();
  }

  static Refund refund(String caseId, String creator, String orderId, long amount) {
    return Refund.newBuilder().setRefundId("ref-" + caseId + "-" + orderId).setOrderId(orderId).setAdvertiserId("adv-1")
        .setCreatorId(creator).setAmountMinor(amount).setCurrency("CNY").setPrepaidMinor(amount).setBasis(RefundBasis.FULL)
        .setCause(ViolationKind.FAKE_TRAFFIC).setCauseId(caseId).setEventTime(T0.plusSeconds(9000)).build();
  }

  static VerifiedMetrics hour(String orderId, int hour, long raw, long valid) {
    Instant start = T0.plusSeconds(3600L * hour);
    return VerifiedMetrics.newBuilder().setMetricsId("m-" + orderId + "-" + hour).setOrderId(orderId).setVideoId("vid-" + orderId)
        .setGranularity(MetricsGranularity.HOUR).setWindowStart(start).setWindowEnd(start.plusSeconds(3600))
        .setRawViews(raw).setValidViews(valid).setRawLikes(raw / 20).setValidLikes(valid / 20).setRawFollows(raw / 50)
        .setValidFollows(valid / 50).setInvalidTrafficRate(raw == 0 ? 0 : (raw - valid) / (double) raw)
        .setUniqueViewers(raw / 2).setWatchTimeMillis(raw * 10_000).setValidWatchTimeMillis(valid * 10_000).build();
  }

  static DeadLetter deadLetter(String job, String topic, int partition, long offset, String reason) {
    return DeadLetter.newBuilder().setJob(job).setTopic(topic).setPartition(partition).setOffset(offset)
        .setKind(DeadLetterKind.INVALID).setReason(reason).setKey(null).setValue(null)
        .setRecordTimestamp(T0).setEventTime(null).setKeyLength(null).setValueLength(null).setValueSha256(null)
        .setTruncated(false).build();
  }
}
