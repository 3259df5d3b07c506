package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * An account whose recent video set is large enough to look for a lockstep group: one record per
 * LSH band of the set's MinHash signature, keyed by {@link #bandKey}. Serialized by {@link LockstepHitSerializer}.
 */
@TypeInfo(LockstepHitSerializer.Factory.class)
public class LockstepHit {
  /** Band number and the band's hash values: accounts with (nearly) the same video set share it. */
  public String bandKey;
  public String accountId;
  /** The video of the event that produced this hit. */
  public String videoId;
  public byte kind;
  /** Hash of the creator of {@link #videoId}: a creator's videos share an audience, so their co-viewers are no surprise. */
  public int creatorHash;
  /** Hashes of the videos in the account's recent set, sorted. */
  public int[] videoSet;
  public long eventTime;
  /**
   * Distinct videos in the account's whole recent history ({@code account.history} hits), at least
   * the set's size: how busy the account is. A heavy viewer's set shares a few videos with others by
   * chance; an account that hits little else is there for the set.
   */
  public int activity;

  public LockstepHit() {}
}
