package com.creatormarket.integrity.simulator.generate;

/**
 * The simulator's only source of randomness: xoshiro256** seeded through SplitMix64, written out
 * here so a seed means the same stream on every JVM. Every transcendental call goes through
 * {@link StrictMath}: {@code Math.log} may differ by an ulp between the interpreter and JIT-compiled
 * code, which would make runs with the same seed drift apart.
 */
public final class Rng {

  private long s0;
  private long s1;
  private long s2;
  private long s3;
  private double spareNormal;
  private boolean hasSpare;

  public Rng(long seed) {
    long x = seed;
    s0 = splitMix(x += 0x9E3779B97F4A7C15L);
    s1 = splitMix(x += 0x9E3779B97F4A7C15L);
    s2 = splitMix(x += 0x9E3779B97F4A7C15L);
    s3 = splitMix(x + 0x9E3779B97F4A7C15L);
  }

  /** An independent stream for one part of the simulation, so adding attacks does not reshuffle the organic world. */
  public static Rng stream(long seed, String part) {
    long h = 1125899906842597L;
    for (int i = 0; i < part.length(); i++) {
      h = 31 * h + part.charAt(i);
    }
    return new Rng(mix(seed ^ mix(h)));
  }

  /** The SplitMix64 finaliser: a bijection on 64-bit values, used also to make opaque ids. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static long splitMix(long x) {
    return mix(x);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in (0, 1]: safe under a logarithm. */
  public double nextOpenDouble() {
    return ((nextLong() >>> 11) + 1) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Lemire's multiply-shift; the tiny bias is irrelevant for simulation.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [from, to). */
  public long nextLong(long from, long to) {
    if (to <= from) {
      return from;
    }
    return from + (long) (nextDouble() * (to - from));
  }

  public boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Exponential with the given mean. */
  public double exponential(double mean) {
    return -mean * StrictMath.log(nextOpenDouble());
  }

  /** Standard normal (Marsaglia polar method). */
  public double normal() {
    if (hasSpare) {
      hasSpare = false;
      return spareNormal;
    }
    double u;
    double v;
    double s;
    do {
      u = nextDouble() * 2 - 1;
      v = nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spareNormal = v * f;
    hasSpare = true;
    return u * f;
  }

  /** Log-normal with the given median and log-space spread. */
  public double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * normal());
  }

  /** Beta(a, b) for a, b >= 1 via two gammas (Marsaglia-Tsang). */
  public double beta(double a, double b) {
    double x = gamma(a);
    double y = gamma(b);
    return x / (x + y);
  }

  private double gamma(double shape) {
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x = normal();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = nextOpenDouble();
      if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
        return d * v;
      }
    }
  }

  /** Picks an index by weights (linear scan; for small tables). */
  public int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
