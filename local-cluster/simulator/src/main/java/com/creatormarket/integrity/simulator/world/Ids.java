package com.creatormarket.integrity.simulator.world;

import com.creatormarket.integrity.simulator.generate.Rng;

/**
 * Opaque ids: a prefix and 16 hex digits of a bijective scramble of a counter, so ids are unique,
 * say nothing about what made them (an attack account looks like any other), and depend only on
 * the seed.
 */
public final class Ids {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long salt;
  private final char[] buffer = new char[40];

  public Ids(long seed, String space) {
    this.salt = Rng.stream(seed, "ids/" + space).nextLong();
  }

  /** Writes the id as ASCII into {@code out} (at least prefix + 16 bytes) and returns its length: no String made. */
  public int nextBytes(byte[] prefix, long counter, byte[] out) {
    long v = Rng.mix(salt + counter);
    int n = prefix.length;
    System.arraycopy(prefix, 0, out, 0, n);
    for (int i = 15; i >= 0; i--) {
      out[n + i] = (byte) HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    return n + 16;
  }

  public String next(String prefix, long counter) {
    long v = Rng.mix(salt + counter);
    int n = prefix.length();
    prefix.getChars(0, n, buffer, 0);
    for (int i = 15; i >= 0; i--) {
      buffer[n + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    return new String(buffer, 0, n + 16);
  }
}
