package com.creatormarket.integrity.common.io;

import java.io.Serializable;

/** Business validation of a decoded record: returns why it is unusable, or null when it is fine. */
@FunctionalInterface
public interface RecordCheck<T> extends Serializable {
  String problem(T record);

  static <T> RecordCheck<T> none() {
    return record -> null;
  }
}
