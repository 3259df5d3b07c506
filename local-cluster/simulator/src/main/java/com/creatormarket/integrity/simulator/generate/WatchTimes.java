package com.creatormarket.integrity.simulator.generate;

/**
 * How long an ordinary viewer watches a video of a given length: many abandon within a second or
 * two, most stop part-way (fewer the further in), and a bump completes it, some of those looping.
 * Remembers the kind of the last view, since liking and following depend on it.
 */
public final class WatchTimes {

  public static final int SHORT = 0;
  public static final int PARTIAL = 1;
  public static final int COMPLETE = 2;

  private final double shortShare;
  private final double completionShare;
  private int lastKind;

  public WatchTimes(double shortShare, double completionShare) {
    this.shortShare = shortShare;
    this.completionShare = completionShare;
  }

  public long sample(Rng rng, long length) {
    double u = rng.nextDouble();
    if (u < shortShare) {
      lastKind = SHORT;
      return Math.min(length, 200 + (long) rng.exponential(1200));
    }
    if (u < shortShare + completionShare) {
      lastKind = COMPLETE;
      double r = rng.nextDouble();
      if (r < 0.5) {
        return length; // the player reports the full length
      }
      if (r < 0.92) {
        return length - (long) (rng.nextDouble() * 0.04 * length); // left during the end card
      }
      return length + (long) (rng.nextDouble() * length); // looped
    }
    lastKind = PARTIAL;
    // Density 2(1-x): a viewer is ever less likely to still be there further in.
    double x = 1 - StrictMath.sqrt(rng.nextDouble());
    long from = Math.min(1500, length / 3);
    long to = (long) (0.95 * length);
    return from + (long) (x * Math.max(0, to - from));
  }

  public int lastKind() {
    return lastKind;
  }

  public double shortShare() {
    return shortShare;
  }

  public double completionShare() {
    return completionShare;
  }
}
