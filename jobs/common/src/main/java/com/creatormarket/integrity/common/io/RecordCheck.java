package com.creatormarket.integrity.common.io;

import java.io.Serializable;

/** Business validation of a decoded record: why it is unusable, or null when it is fine. */
@FunctionalInterface
public interface RecordCheck<T> extends Serializable {
  Rejection problem(T record);

  static <T> RecordCheck<T> none() {
    return record -> null;
  }

  /** This check, then the other: the first rejection wins. */
  default RecordCheck<T> and(RecordCheck<T> other) {
    return record -> {
      Rejection first = problem(record);
      return first != null ? first : other.problem(record);
    };
  }
}
