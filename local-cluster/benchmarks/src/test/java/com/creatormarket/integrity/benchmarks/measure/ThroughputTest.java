package com.creatormarket.integrity.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputTest {

  @Test
  void measuresBetweenWarmupAndDrain() {
    List<Sample> samples = List.of(
        new Sample(0, 0, 0),
        new Sample(2, 100, 3),      // warm-up: below 15% of 1000
        new Sample(4, 300, 6),      // first steady sample
        new Sample(6, 700, 10),     // last sample before the input ran out
        new Sample(8, 1000, 12));   // drained
    Throughput tp = Throughput.of(samples, 1000, 0.15);
    assertThat(tp.eventsPerSecond()).isCloseTo(200, within(1e-9));
    assertThat(tp.eventsPerCoreSecond()).isCloseTo(100, within(1e-9));
    assertThat(tp.cores()).isCloseTo(2, within(1e-9));
    assertThat(tp.samples()).isEqualTo(2);
  }

  @Test
  void noAnswerWithoutTwoSteadySamples() {
    List<Sample> samples = List.of(new Sample(0, 0, 0), new Sample(4, 500, 6), new Sample(9, 1000, 12));
    assertThat(Throughput.of(samples, 1000, 0.15)).isNull();
  }
}
