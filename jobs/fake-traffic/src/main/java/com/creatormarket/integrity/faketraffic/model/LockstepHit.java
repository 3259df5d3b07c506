package com.creatormarket.integrity.faketraffic.model;

/**
 * An account whose recent video set is large enough to look for a lockstep group: one record per
 * LSH band of the set's MinHash signature, keyed by {@link #bandKey}. A Flink POJO.
 */
public class LockstepHit {
  /** Band number and the band's hash values: accounts with (nearly) the same video set share it. */
  public String bandKey;
  public String accountId;
  /** The video of the event that produced this hit. */
  public String videoId;
  public byte kind;
  /** Hashes of the videos in the account's recent set, sorted. */
  public int[] videoSet;
  public long eventTime;

  public LockstepHit() {}
}
