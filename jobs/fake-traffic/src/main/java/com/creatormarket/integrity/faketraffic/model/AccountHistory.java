package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the account stage remembers of one account: its last hits as a ring (video hash, event time,
 * kind) and its recent follows (creator hash, time). Bounded by {@code account.history} and four
 * follows. Serialized by {@link AccountHistorySerializer}.
 */
@TypeInfo(AccountHistorySerializer.Factory.class)
public class AccountHistory {
  public static final int FOLLOWS = 4;

  public int[] video;
  public long[] at;
  public byte[] kind;
  /** Hits held (up to the ring's length) and the ring position the next hit goes to. */
  public int size;
  public int next;
  public int[] followCreator;
  public long[] followAt;
  /** Event time after which nothing here matters any more; the cleanup timer is set for it. */
  public long cleanupAt;

  public AccountHistory() {}

  public static AccountHistory empty(int capacity) {
    AccountHistory h = new AccountHistory();
    h.video = new int[capacity];
    h.at = new long[capacity];
    h.kind = new byte[capacity];
    h.followCreator = new int[FOLLOWS];
    h.followAt = new long[FOLLOWS];
    return h;
  }

  public void add(int videoHash, long time, byte k) {
    if (video.length == 0) {
      return;
    }
    video[next] = videoHash;
    at[next] = time;
    kind[next] = k;
    next = (next + 1) % video.length;
    size = Math.min(size + 1, video.length);
  }
}
