package com.creatormarket.integrity.common.io;

import java.io.Serializable;

/** Reads a record's event time in epoch milliseconds. */
@FunctionalInterface
public interface EventTime<T> extends Serializable {
  long of(T record);
}
