package com.creatormarket.integrity.simulator.output;

import java.io.IOException;
import java.util.List;

/** Writes every record to several sinks, e.g. files and Kafka in one run. */
public final class TeeSink implements RecordSink {

  private final List<RecordSink> sinks;

  public TeeSink(List<RecordSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException {
    for (RecordSink s : sinks) {
      s.write(topic, key, value, length, eventTimeMs);
    }
  }

  @Override
  public void heartbeat(InputTopic topic, int partition, long eventTimeMs) throws IOException {
    for (RecordSink s : sinks) {
      s.heartbeat(topic, partition, eventTimeMs);
    }
  }

  @Override
  public void flush() throws IOException {
    for (RecordSink s : sinks) {
      s.flush();
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RecordSink s : sinks) {
      try {
        s.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
