package com.creatormarket.integrity.enforcement.model;

import com.creatormarket.integrity.avro.ViolationKind;
import java.util.Arrays;

/**
 * What the ledger remembers of a penalty it took, so that it can be reversed: its points, its place
 * among the creator's penalties (to recompute the standing without it) and the money that followed
 * (orders terminated with what their creator would be compensated, refunds paid). A Flink POJO;
 * arrays rather than lists so it needs no Kryo.
 */
public class TakenPenalty {
  public String penaltyId;
  public ViolationKind kind;
  public String causeId;
  public String orderId;
  public String agencyId;
  /** The video of a fake-traffic penalty: later cases of the video within policy.campaign-window are the same campaign. */
  public String videoId;
  /** The act the penalty was taken for; null when the cause is its own act. */
  public String actId;
  /** Points the policy charged by kind and severity, before a repeat's extra and the floor at 0; the repeat's extra; what was deducted. */
  public int pointsDue;
  public int repeatExtra;
  public int pointsDeducted;
  /** Event time of the penalty. */
  public long time;
  /** Order in which the ledger decided the creator's penalties (the standing follows that order). */
  public long sequence;
  /** A score reset came after it: it no longer weighs on the standing. */
  public boolean beforeReset;
  /** Set once the penalty is reversed; a penalty is reversed at most once. */
  public String reversalId;
  /** The decision that reversed it. */
  public String reversedBy;
  public long forgetAt;
  public String[] terminatedOrderIds = new String[0];
  public String[] terminatedAdvertiserIds = new String[0];
  /** What the creator would be paid for each terminated order if the penalty were reversed, by the policy at termination. */
  public long[] compensationMinor = new long[0];
  public String[] compensationCurrencies = new String[0];
  public String[] refundIds = new String[0];
  /** Fake traffic: event times of the campaign's other cases, folded into this penalty (each extends the campaign's reach). */
  public long[] campaignCaseTimes = new long[0];

  public TakenPenalty() {}

  public boolean weighs() {
    return reversalId == null && !beforeReset;
  }

  public void addTermination(String orderId, String advertiserId, long compensation, String currency) {
    terminatedOrderIds = append(terminatedOrderIds, orderId);
    terminatedAdvertiserIds = append(terminatedAdvertiserIds, advertiserId);
    compensationMinor = Arrays.copyOf(compensationMinor, compensationMinor.length + 1);
    compensationMinor[compensationMinor.length - 1] = compensation;
    compensationCurrencies = append(compensationCurrencies, currency);
  }

  public void addCampaignCase(long time) {
    campaignCaseTimes = Arrays.copyOf(campaignCaseTimes, campaignCaseTimes.length + 1);
    campaignCaseTimes[campaignCaseTimes.length - 1] = time;
  }

  public void addRefund(String refundId) {
    refundIds = append(refundIds, refundId);
  }

  private static String[] append(String[] a, String s) {
    String[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = s;
    return b;
  }
}
