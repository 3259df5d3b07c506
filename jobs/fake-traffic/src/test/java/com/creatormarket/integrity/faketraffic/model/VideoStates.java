package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.signals.RiskScore;

/** Small builders of video-stage state and partials for the plain-class tests. */
public final class VideoStates {

  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  /** 2025-03-03T00:00:00Z, an hour boundary. */
  public static final long T0 = 1_740_960_000_000L;

  private VideoStates() {}

  public static VideoState video() {
    return VideoState.create("vid-1", "cr-1", 6, RiskScore.COUNT);
  }

  public static OrderSlot order(String orderId, long publishedAt, long endsAt) {
    OrderSlot o = new OrderSlot();
    o.orderId = orderId;
    o.creatorId = "cr-1";
    o.advertiserId = "adv-1";
    o.publishedAt = publishedAt;
    o.endsAt = endsAt;
    return o;
  }

  public static VideoState withOrders(OrderSlot... orders) {
    VideoState st = video();
    st.orders = orders;
    return st;
  }

  /** A partial of {@code views} plain views (no flags) and {@code likes} likes, 10 s of watch time per view. */
  public static VideoPartial partial(long bucketStart, long views, long likes) {
    VideoPartial p = VideoPartial.empty("vid-1", "cr-1", bucketStart);
    p.views = views;
    p.likes = likes;
    p.events = views + likes;
    p.watchMillis = views * 10_000L;
    p.masks = new byte[] {0};
    p.maskViews = new long[] {views};
    p.maskWatch = new long[] {p.watchMillis};
    p.maskLikes = new long[] {likes};
    p.maskFollows = new long[] {0};
    return p;
  }

  /** Adds {@code views} views (and their 10 s each) with the given flags to a partial. */
  public static VideoPartial flagged(VideoPartial p, int mask, long views, long likes, long follows) {
    int n = p.masks.length;
    p.masks = java.util.Arrays.copyOf(p.masks, n + 1);
    p.maskViews = java.util.Arrays.copyOf(p.maskViews, n + 1);
    p.maskWatch = java.util.Arrays.copyOf(p.maskWatch, n + 1);
    p.maskLikes = java.util.Arrays.copyOf(p.maskLikes, n + 1);
    p.maskFollows = java.util.Arrays.copyOf(p.maskFollows, n + 1);
    p.masks[n] = (byte) mask;
    p.maskViews[n] = views;
    p.maskWatch[n] = views * 10_000L;
    p.maskLikes[n] = likes;
    p.maskFollows[n] = follows;
    p.views += views;
    p.likes += likes;
    p.follows += follows;
    p.events += views + likes + follows;
    p.watchMillis += views * 10_000L;
    return p;
  }
}
