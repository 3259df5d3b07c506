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
  void aTimeBoxedRunCountsUpToItsLastSample() {
    List<Sample> samples = List.of(
        new Sample(0, 0, 0),
        new Sample(2, 10, 3),       // warm-up: below 15% of the 400 read
        new Sample(4, 100, 6),      // first steady sample
        new Sample(9, 400, 14));    // cancelled here, input not drained
    Throughput tp = Throughput.ofTimeBoxed(samples, 0.15);
    assertThat(tp.eventsPerSecond()).isCloseTo(60, within(1e-9));
    assertThat(tp.cores()).isCloseTo(1.6, within(1e-9));
    assertThat(Throughput.of(samples, 1000, 0.15)).isNull();
  }

  @Test
  void noAnswerWithoutTwoSteadySamples() {
    List<Sample> samples = List.of(new Sample(0, 0, 0), new Sample(4, 500, 6), new Sample(9, 1000, 12));
    assertThat(Throughput.of(samples, 1000, 0.15)).isNull();
  }
}
