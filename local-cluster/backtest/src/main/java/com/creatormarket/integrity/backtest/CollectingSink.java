package com.creatormarket.integrity.backtest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.Collections;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects a job's output into this JVM, for a local run (backtests, tests); one list per name. */
public final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> RESULTS = new ConcurrentHashMap<>();

  private final String name;

  public CollectingSink(String name) {
    this.name = name;
    RESULTS.put(name, Collections.synchronizedList(new ArrayList<>()));
  }

  @SuppressWarnings("unchecked")
  public static <T> List<T> results(String name) {
    return (List<T>) RESULTS.getOrDefault(name, List.of());
  }

  public static void forget(String name) {
    RESULTS.remove(name);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> into = RESULTS.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()));
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        into.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {
        // Nothing buffered.
      }

      @Override
      public void close() {
        // Nothing to release.
      }
    };
  }
}
