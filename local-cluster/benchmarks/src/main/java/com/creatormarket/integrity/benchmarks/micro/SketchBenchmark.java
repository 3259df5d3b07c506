package com.creatormarket.integrity.benchmarks.micro;

import java.util.concurrent.TimeUnit;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-event sketch updates of the kinds the fake-traffic job keeps per video (DataSketches 6.2,
 * the version it uses): distinct viewers (HLL) and top devices / network prefixes (frequent items),
 * one update each on a sketch that is already warm (holds 100 K keys). The job's own per-partial
 * fold of such sketches is {@link VideoStageBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SketchBenchmark {

  private String[] keys;
  private HllSketch hll;
  private ItemsSketch<String> frequent;
  private int next;

  @Setup
  public void setUp() {
    keys = new String[1 << 16];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "a" + (i * 2_654_435_761L % 1_000_000);
    }
    hll = new HllSketch(12);
    frequent = new ItemsSketch<>(64);
    for (int i = 0; i < 100_000; i++) {
      String k = keys[i & (keys.length - 1)];
      hll.update(k);
      frequent.update(k);
    }
  }

  @Benchmark
  public HllSketch hllDistinctViewers() {
    hll.update(keys[next++ & (keys.length - 1)]);
    return hll;
  }

  @Benchmark
  public ItemsSketch<String> frequentItemsTopDevices() {
    frequent.update(keys[next++ & (keys.length - 1)]);
    return frequent;
  }

  @Benchmark
  public byte[] hllSerialize() {
    return hll.toCompactByteArray();
  }
}
