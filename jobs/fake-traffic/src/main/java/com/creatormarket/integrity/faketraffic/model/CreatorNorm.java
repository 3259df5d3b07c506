package com.creatormarket.integrity.faketraffic.model;

/** A creator's decayed totals of views, likes and follows across the creator's videos. A Flink POJO. */
public class CreatorNorm {
  public double views;
  public double likes;
  public double follows;
  public long updatedAt;
  public long cleanupAt;

  public CreatorNorm() {}
}
