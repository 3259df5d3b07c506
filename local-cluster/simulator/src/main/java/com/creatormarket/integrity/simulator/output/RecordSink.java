package com.creatormarket.integrity.simulator.output;

import java.io.IOException;

/**
 * Where generated records go: files, Kafka, or both. Called from one thread, in event-time order
 * (a sink behind a {@link DeliverySink} gets them in delivery order instead).
 */
public interface RecordSink extends AutoCloseable {

  /** Writes one record; {@code value[0 .. length)} is only valid during the call. */
  void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException;

  /**
   * Event time on one partition of a topic has reached {@code eventTimeMs}: every record of it with
   * an earlier event time has been written. Only Kafka output carries it (as a heartbeat record).
   */
  default void heartbeat(InputTopic topic, int partition, long eventTimeMs) throws IOException {}

  /** Pushes out everything written so far. */
  default void flush() throws IOException {}

  @Override
  void close() throws IOException;
}
