package com.creatormarket.integrity.faketraffic.model;

/** How many of one partial's views (and their watch time), likes and follows are invalid. */
public record InvalidCounts(long views, long watchMillis, long likes, long follows) {

  public static final InvalidCounts NONE = new InvalidCounts(0, 0, 0, 0);
}
