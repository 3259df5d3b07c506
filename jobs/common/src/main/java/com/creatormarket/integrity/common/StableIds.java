package com.creatormarket.integrity.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic ids of output events: the same cause always yields the same id, so a replay or
 * a restart after failure re-emits the ids downstream has already seen.
 */
public final class StableIds {

  private StableIds() {}

  /** {@code kind-<first 128 bits of SHA-256 over the parts>}; parts are length-prefixed so no two tuples collide by concatenation. */
  public static String of(String kind, Object... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(kind.getBytes(StandardCharsets.UTF_8));
      for (Object part : parts) {
        byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 0);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
      }
      byte[] hash = digest.digest();
      return kind + "-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JVM spec", e);
    }
  }
}
