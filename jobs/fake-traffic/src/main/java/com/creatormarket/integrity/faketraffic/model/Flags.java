package com.creatormarket.integrity.faketraffic.model;

/**
 * What the account-level stage found out about one event, as bits. The video stage counts events
 * per combination of the first {@link #MASKED} bits, so that when a signal fires it can tell how
 * many of the window's events that signal makes invalid without seeing the events themselves.
 */
public final class Flags {

  private Flags() {}

  /** The account was younger than {@code account.fresh-age} at event time. */
  public static final int FRESH = 1;
  /** A view of 0-2 s or of the full length: the two watch times bots produce. */
  public static final int EXTREME_WATCH = 1 << 1;
  /** The account viewed this video at least {@code repeat.min-views} times within {@code repeat.window}. */
  public static final int REPEAT = 1 << 2;
  /** A like or follow with no view of the video by the same account within {@code no-view.lookback}. */
  public static final int NO_VIEW = 1 << 3;
  /** The device was used by at least {@code device.shared-accounts} accounts within {@code device.window}. */
  public static final int SHARED_DEVICE = 1 << 4;
  /** Bits the video stage keeps counts per combination of. */
  public static final int MASKED = 5;
  public static final int MASKS = 1 << MASKED;

  /** An unfollow of a follow made within {@code follow-withdraw.within}. */
  public static final int WITHDRAWN = 1 << 5;
  /**
   * The account's first hit on this video while its recent hits ({@code account.history}) are spread
   * over at least {@code account.spread-videos} other videos: engagement the video received in
   * passing (a heavy viewer, or a farm's cover), not engagement aimed at it. Such events still count
   * as events, but not towards device or prefix concentration (issue #14, received versus bought).
   */
  public static final int SPREAD = 1 << 6;
  /**
   * The device stage has known the device for less than {@code signal.devices.shape-warm-up}: whether
   * it is shared is not settled yet (its third account may still come), so its events do not count
   * in a video's campaign shape, neither as the cohort's nor as the audience's (issue #14).
   */
  public static final int YOUNG_DEVICE = 1 << 7;
  /**
   * The account's first hit on this video in the epoch ({@code signal.epoch}, an hour; as far as its
   * history shows): the events so flagged count a video's distinct viewers of the hour, its reach,
   * which the lockstep significance reads (issue #14).
   */
  public static final int FIRST_ON_VIDEO = 1 << 8;
  /** The account's first event of the epoch: the events so flagged, over all videos, count the hour's active accounts. */
  public static final int FIRST_OF_ACCOUNT = 1 << 9;
  public static boolean has(int flags, int bit) {
    return (flags & bit) != 0;
  }
}
