package com.creatormarket.integrity.common.io;

import java.io.Serializable;

/**
 * Why a decoded record breaks a rule: a short reason code (kebab-case, stable: it names the
 * dead-letter reason's first word and the metric that counts it) and the details in words.
 */
public record Rejection(String code, String detail) implements Serializable {

  public Rejection {
    if (code == null || !code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("reason code must be kebab-case: " + code);
    }
  }

  public static Rejection of(String code, String detail) {
    return new Rejection(code, detail);
  }

  /** As written into a dead letter's reason: {@code code: detail}. */
  public String reason() {
    return code + ": " + detail;
  }

  @Override
  public String toString() {
    return reason();
  }
}
