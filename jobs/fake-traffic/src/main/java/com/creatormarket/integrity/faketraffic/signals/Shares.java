package com.creatormarket.integrity.faketraffic.signals;

/**
 * The test every share signal uses: is {@code x} of {@code n} clearly above the baseline share
 * {@code p}? Clearly means both far enough in absolute terms (the excess knob) and beyond chance
 * for a sample of this size (a one-sided z-score), so small videos do not fire on noise and large
 * ones do not fire on a trivial shift.
 */
public final class Shares {

  private Shares() {}

  /** Share of x in n; 0 when n is 0. */
  public static double share(double x, double n) {
    return n <= 0 ? 0 : x / n;
  }

  /** One-sided z-score of x of n against baseline share p (p clamped away from 0 and 1). */
  public static double z(double x, double n, double p) {
    if (n <= 0) {
      return 0;
    }
    double q = Math.max(0.005, Math.min(0.995, p));
    return (x / n - q) / Math.sqrt(q * (1 - q) / n);
  }

  /** Excess of the observed share over the baseline, scaled to the room above the baseline: 0 at p, 1 at all. */
  public static double excess(double x, double n, double p) {
    if (n <= 0) {
      return 0;
    }
    double q = Math.max(0, Math.min(0.999, p));
    return (x / n - q) / (1 - q);
  }

  /**
   * How surprising {@code observed} is against a Poisson count expected at {@code expected}, in nats:
   * the log-likelihood ratio {@code observed ln(observed / expected) - (observed - expected)} when more
   * were observed than expected, else 0. The chance of seeing as many is at most {@code e^-surprise}
   * (the Chernoff bound).
   */
  public static double poissonSurprise(double observed, double expected) {
    if (!(observed > expected) || expected <= 0) {
      return expected <= 0 && observed > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return observed * Math.log(observed / expected) - (observed - expected);
  }
}
