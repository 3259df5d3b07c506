package com.creatormarket.integrity.benchmarks;

import com.creatormarket.integrity.benchmarks.data.Shape;
import java.util.List;

/**
 * The data sets of one benchmark run, all derived from the event count N: the base traffic
 * (N events over 6 h of event time, 20 K videos, 100 K accounts, videos drawn uniformly), half-size
 * sets for the scaling (10 K vs 1 M accounts) and the hot video (half of all traffic on one video),
 * and an order flow (N/8 orders with their lifecycle) for the retention and enforcement jobs.
 *
 * <p>The derived sets keep the base set's events per account per hour and per video per minute of
 * event time (issue #16): their event-time span and video count follow from their size. Otherwise
 * 10 K accounts would each be five times busier than in the base set (more of them lockstep-eligible,
 * longer histories) and 1 M accounts twenty times quieter (none eligible): a change of behaviour, not
 * of scale. So the scaling pair differs only in how many accounts and videos are active, and the hot
 * set only in its one hot video.
 */
public record Plan(Shape base, Shape accounts10k, Shape accounts1m, Shape hot, Shape orders) {

  public static final int VIDEOS = 20_000;
  public static final int ACCOUNTS = 100_000;

  public static final long SPAN_MILLIS = 6 * 3_600_000L;

  public static Plan forEvents(long n) {
    long half = Math.max(1, n / 2);
    Shape base = Shape.engagement("base.", n, VIDEOS, ACCOUNTS, 0, 1, SPAN_MILLIS);
    return new Plan(base, like(base, "acc10k.", half, 10_000, 0, 2), like(base, "acc1m.", half, 1_000_000, 0, 3),
        like(base, "hot.", half, ACCOUNTS, 0.5, 4), Shape.orderFlow("orders.", Math.max(1, n / 8), 5));
  }

  /** A set of {@code events} over {@code accounts} as busy per account and per (uniform) video as {@code base}. */
  static Shape like(Shape base, String prefix, long events, int accounts, double hotShare, long seed) {
    long span = Math.max(60_000L, Math.round(events / (double) accounts / base.eventsPerAccountHour() * 3_600_000.0));
    int videos = (int) Math.max(1, Math.round(events * (1 - hotShare) / base.eventsPerVideoMinute() / (span / 60_000.0)));
    return Shape.engagement(prefix, events, videos, accounts, hotShare, seed, span);
  }

  public List<Shape> all() {
    return List.of(base, accounts10k, accounts1m, hot, orders);
  }
}
