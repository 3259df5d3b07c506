package com.creatormarket.integrity.simulator.generate;

/** Draws an index in O(1) with probability proportional to its weight (Walker's alias method). */
public final class AliasTable {

  private final double[] probability;
  private final int[] alias;

  public AliasTable(double[] weights) {
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException("no weights");
    }
    probability = new double[n];
    alias = new int[n];
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      probability[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    while (nl > 0) {
      probability[large[--nl]] = 1;
    }
    while (ns > 0) {
      probability[small[--ns]] = 1;
    }
  }

  public int draw(Rng rng) {
    int i = rng.nextInt(probability.length);
    return rng.nextDouble() < probability[i] ? i : alias[i];
  }

  public int size() {
    return probability.length;
  }
}
