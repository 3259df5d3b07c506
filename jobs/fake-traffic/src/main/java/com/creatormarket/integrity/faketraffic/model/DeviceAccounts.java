package com.creatormarket.integrity.faketraffic.model;

/** The accounts one device was used by recently: up to {@link #MAX} account hashes with when each was last seen. A Flink POJO. */
public class DeviceAccounts {
  public static final int MAX = 8;

  public long[] accounts;
  public long[] lastSeen;
  public int count;
  /** Event time the device was first seen (since its state was last empty); 0 in state from before this field. */
  public long firstSeen;
  public long cleanupAt;

  public DeviceAccounts() {}

  public static DeviceAccounts empty() {
    DeviceAccounts d = new DeviceAccounts();
    d.accounts = new long[MAX];
    d.lastSeen = new long[MAX];
    return d;
  }
}
