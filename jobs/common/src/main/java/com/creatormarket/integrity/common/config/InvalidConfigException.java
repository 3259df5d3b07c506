package com.creatormarket.integrity.common.config;

/** A configuration value or file that cannot be used; the message names the key and what is allowed. */
public final class InvalidConfigException extends IllegalArgumentException {
  public InvalidConfigException(String message) {
    super(message);
  }
}
