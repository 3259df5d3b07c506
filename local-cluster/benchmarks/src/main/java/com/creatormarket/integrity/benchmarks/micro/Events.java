package com.creatormarket.integrity.benchmarks.micro;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.benchmarks.data.Synthetic;
import java.util.SplittableRandom;

/** Benchmark inputs: the same synthetic engagement events the cluster benchmark loads. */
final class Events {

  private Events() {}

  static EngagementEvent engagement(int i, SplittableRandom rnd) {
    return Synthetic.latencyEvent(i, rnd.nextInt(20_000), rnd.nextInt(100_000), Synthetic.START.toEpochMilli() + i, rnd);
  }
}
