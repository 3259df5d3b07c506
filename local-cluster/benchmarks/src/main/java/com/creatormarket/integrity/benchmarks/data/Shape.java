package com.creatormarket.integrity.benchmarks.data;

/**
 * One benchmark data set, loaded once into its own topics (under {@link #prefix()}).
 *
 * @param prefix    topic prefix, e.g. {@code base.}
 * @param kind      engagement traffic (for the fake-traffic job and the baselines) or order flow (retention, enforcement)
 * @param events    engagement events (ENGAGEMENT) or orders (ORDER_FLOW)
 * @param videos    commissioned videos, one order each (ENGAGEMENT)
 * @param accounts  viewer accounts engagement is drawn from, uniformly
 * @param hotShare  share of all engagement that goes to one video (0 = videos drawn uniformly)
 * @param seed      the same seed gives the same records
 * @param spanMillis event time the engagement spans (evenly spaced events)
 */
public record Shape(String prefix, Kind kind, long events, int videos, int accounts, double hotShare, long seed, long spanMillis) {

  public enum Kind { ENGAGEMENT, ORDER_FLOW }

  public Shape {
    if (events <= 0 || videos <= 0 || accounts <= 0 || hotShare < 0 || hotShare >= 1 || spanMillis <= 0) {
      throw new IllegalArgumentException("bad shape " + prefix + ": events, videos, accounts, span > 0 and 0 <= hotShare < 1");
    }
  }

  public static Shape engagement(String prefix, long events, int videos, int accounts, double hotShare, long seed, long spanMillis) {
    return new Shape(prefix, Kind.ENGAGEMENT, events, videos, accounts, hotShare, seed, spanMillis);
  }

  public static Shape orderFlow(String prefix, long orders, long seed) {
    return new Shape(prefix, Kind.ORDER_FLOW, orders, (int) Math.min(Integer.MAX_VALUE, orders), 1, 0, seed, 30L * 86_400_000L);
  }

  /** Events per account per hour of event time: what decides an account's history and lockstep sets. */
  public double eventsPerAccountHour() {
    return events / (double) accounts / (spanMillis / 3_600_000.0);
  }

  /** Events per (uniformly drawn) video per minute of event time: what the combiner can merge. */
  public double eventsPerVideoMinute() {
    return events * (1 - hotShare) / videos / (spanMillis / 60_000.0);
  }
}
