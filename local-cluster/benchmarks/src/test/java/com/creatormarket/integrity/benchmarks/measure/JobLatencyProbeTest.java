package com.creatormarket.integrity.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the job's watermark may pass a time: once the slowest input partition has a record past it. */
class JobLatencyProbeTest {

  // Two engagement partitions (0, 1) and one orders partition (heartbeats).
  private static final long[] TIMES = {100, 200, 300, 400, 500};
  private static final int[] PARTITIONS = {0, 1, 0, 1, 0};
  private static final long[] APPENDED = {1_000, 1_010, 1_020, 1_030, 1_040};

  private static List<long[]> heartbeats(long... eventTimes) {
    List<long[]> hb = new ArrayList<>();
    for (int i = 0; i < eventTimes.length; i++) {
      hb.add(new long[] {0, eventTimes[i], 2_000 + i});
    }
    return hb;
  }

  @Test
  void theLastPartitionToGetPastTheTimeDecides() {
    // Partition 0 first passes 250 at 300 (1,020), partition 1 at 400 (1,030), the orders heartbeat at 260 (2,001).
    assertThat(JobLatencyProbe.allowedAt(250, TIMES, PARTITIONS, APPENDED, heartbeats(150, 260), 2, 3)).isEqualTo(2_001);
    assertThat(JobLatencyProbe.allowedAt(250, TIMES, PARTITIONS, APPENDED, heartbeats(250, 900), 2, 3)).isEqualTo(2_000);
    assertThat(JobLatencyProbe.allowedAt(150, TIMES, PARTITIONS, APPENDED, heartbeats(100, 110, 120), 2, 3)).isZero();
  }

  @Test
  void noTimeWhileAPartitionHasNothingPastIt() {
    assertThat(JobLatencyProbe.allowedAt(450, TIMES, PARTITIONS, APPENDED, heartbeats(900), 2, 3)).isZero();
    assertThat(JobLatencyProbe.allowedAt(350, TIMES, PARTITIONS, APPENDED, heartbeats(900), 2, 3)).isEqualTo(2_000);
  }
}
