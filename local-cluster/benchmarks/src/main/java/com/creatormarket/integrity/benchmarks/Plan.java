package com.creatormarket.integrity.benchmarks;

import com.creatormarket.integrity.benchmarks.data.Shape;
import java.util.List;

/**
 * The data sets of one benchmark run, all derived from the event count N: the base traffic
 * (N events, 20 K videos, 100 K accounts, videos drawn uniformly), half-size sets for the
 * scaling (10 K vs 1 M accounts) and the hot video (half of all traffic on one video), and an
 * order flow (N/8 orders with their lifecycle) for the retention and enforcement jobs.
 */
public record Plan(Shape base, Shape accounts10k, Shape accounts1m, Shape hot, Shape orders) {

  public static final int VIDEOS = 20_000;
  public static final int ACCOUNTS = 100_000;

  public static Plan forEvents(long n) {
    long half = Math.max(1, n / 2);
    return new Plan(
        Shape.engagement("base.", n, VIDEOS, ACCOUNTS, 0, 1),
        Shape.engagement("acc10k.", half, VIDEOS, 10_000, 0, 2),
        Shape.engagement("acc1m.", half, VIDEOS, 1_000_000, 0, 3),
        Shape.engagement("hot.", half, VIDEOS, ACCOUNTS, 0.5, 4),
        Shape.orderFlow("orders.", Math.max(1, n / 8), 5));
  }

  public List<Shape> all() {
    return List.of(base, accounts10k, accounts1m, hot, orders);
  }
}
