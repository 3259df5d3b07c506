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
 */
public record Shape(String prefix, Kind kind, long events, int videos, int accounts, double hotShare, long seed) {

  public enum Kind { ENGAGEMENT, ORDER_FLOW }

  public Shape {
    if (events <= 0 || videos <= 0 || accounts <= 0 || hotShare < 0 || hotShare >= 1) {
      throw new IllegalArgumentException("bad shape " + prefix + ": events, videos, accounts > 0 and 0 <= hotShare < 1");
    }
  }

  public static Shape engagement(String prefix, long events, int videos, int accounts, double hotShare, long seed) {
    return new Shape(prefix, Kind.ENGAGEMENT, events, videos, accounts, hotShare, seed);
  }

  public static Shape orderFlow(String prefix, long orders, long seed) {
    return new Shape(prefix, Kind.ORDER_FLOW, orders, (int) Math.min(Integer.MAX_VALUE, orders), 1, 0, seed);
  }
}
