package com.creatormarket.integrity.benchmarks.micro;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-event decode every job pays (AvroCodec, single-object encoding, writer schema by fingerprint), and encode. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

  private final AvroCodec<EngagementEvent> codec = AvroCodec.of(EngagementEvent.class);
  private byte[][] encoded;
  private EngagementEvent[] events;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(1);
    events = new EngagementEvent[1024];
    encoded = new byte[events.length][];
    for (int i = 0; i < events.length; i++) {
      events[i] = Events.engagement(i, rnd);
      encoded[i] = codec.encode(events[i]);
    }
  }

  @Benchmark
  public EngagementEvent decodeEngagement() throws IOException {
    return codec.decode(encoded[next++ & 1023]);
  }

  @Benchmark
  public byte[] encodeEngagement() {
    return codec.encode(events[next++ & 1023]);
  }
}
