package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoState.*;

/**
 * A video's counts since publication ({@link VideoState#totals}): what the since-publication
 * signals read, what a case's evidence shows, and how much a case's evidence has grown.
 */
public final class LifetimeTotals {

  private LifetimeTotals() {}

  public static void add(VideoState st, VideoPartial p) {
    long[] t = st.totals;
    t[T_EVENTS] += p.events;
    t[T_VIEWS] += p.views;
    t[T_LIKES] += p.likes;
    t[T_FOLLOWS] += p.follows;
    t[T_UNFOLLOWS] += p.unfollows;
    t[T_WITHDRAWN] += p.withdrawnFollows;
    t[T_FRESH] += p.freshEvents;
    t[T_SHARED] += p.sharedDeviceEvents;
  }

  public static long events(VideoState st) {
    return st.totals[T_EVENTS];
  }

  /** Copies the counts into the figures the signals read. */
  public static void fill(VideoState st, VideoWindow w) {
    long[] t = st.totals;
    w.cumViews = t[T_VIEWS];
    w.cumLikes = t[T_LIKES];
    w.cumFollows = t[T_FOLLOWS];
    w.cumUnfollows = t[T_UNFOLLOWS];
    w.cumWithdrawn = t[T_WITHDRAWN];
    w.cumEvents = t[T_EVENTS];
    w.cumFreshEvents = t[T_FRESH];
    w.cumSharedDeviceEvents = t[T_SHARED];
  }
}
