package com.creatormarket.integrity.simulator.output;

import java.io.IOException;

/**
 * Where generated records go: files, Kafka, or both. Called from one thread, in event-time order
 * (a sink behind a {@link DeliverySink} gets them in delivery order instead).
 */
public interface RecordSink extends AutoCloseable {

  /** Writes one record; {@code value[0 .. length)} is only valid during the call. */
  void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException;

  /** Pushes out everything written so far. */
  default void flush() throws IOException {}

  @Override
  void close() throws IOException;
}
