package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.CaseEvidence;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.Share;
import com.creatormarket.integrity.avro.SignalFiring;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one-paragraph summary of a cause's evidence that a penalty carries to the order system and to appeals. */
final class Evidence {

  private static final int MAX_SHARES = 3;

  private Evidence() {}

  static String of(RetentionViolation v, int missingDays) {
    return String.format(Locale.ROOT,
        "retention violation %s: video %s %s by %s at %s, published %s; %d natural days of retention to %s (%s), %d missing; hidings within retention: %d",
        v.getViolationId(), v.getVideoId(), v.getRemovalKind(), v.getActor(), v.getRemovedAt(), v.getPublishedAt(),
        v.getRetentionDays(), v.getRetentionEnd(), v.getTimeZone(), missingDays, v.getHideCount());
  }

  static String of(ContentFinding f) {
    return String.format(Locale.ROOT, "content finding %s by %s at %s: off-platform video %s, brand %s%s",
        f.getFindingId(), f.getSource(), f.getFoundAt(), orDash(f.getVideoId()), orDash(f.getBrand()),
        f.getEvidence() == null ? "" : "; " + f.getEvidence());
  }

  /** A fake-traffic case and, when a reviewer confirmed it, the decision. */
  static String of(FlaggedCase c, ReviewDecision confirmedBy) {
    CaseEvidence e = c.getEvidence();
    String signals = c.getSignals().stream().map(Evidence::signal).collect(Collectors.joining(", "));
    String how = confirmedBy == null
        ? "enforced automatically at level " + c.getLevel()
        : "confirmed by reviewer " + confirmedBy.getReviewerId() + " (decision " + confirmedBy.getDecisionId() + ")"
            + (confirmedBy.getNote() == null ? "" : ": " + confirmedBy.getNote());
    return String.format(Locale.ROOT,
        "flagged case %s v%d on order %s, video %s: risk %.2f, level %s; signals: %s; views %d, likes %d, follows %d, unique viewers %d; top devices %s; top network prefixes %s; suspect accounts %d; %s",
        c.getCaseId(), c.getVersion(), c.getOrderId(), c.getVideoId(), c.getRiskScore(), c.getLevel(),
        signals.isEmpty() ? "-" : signals, e.getViews(), e.getLikes(), e.getFollows(), e.getUniqueViewers(),
        shares(e.getTopDevices()), shares(e.getTopNetworkPrefixes()), e.getSuspectAccounts().size(), how);
  }

  private static String signal(SignalFiring s) {
    return String.format(Locale.ROOT, "%s=%.3g (threshold %.3g over %ds)", s.getSignal(), s.getValue(), s.getThreshold(),
        s.getWindowMillis() / 1000);
  }

  private static String shares(List<Share> shares) {
    if (shares.isEmpty()) {
      return "-";
    }
    return shares.stream().limit(MAX_SHARES)
        .map(s -> String.format(Locale.ROOT, "%s %.0f%%", s.getKey(), s.getShare() * 100))
        .collect(Collectors.joining(", "));
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
