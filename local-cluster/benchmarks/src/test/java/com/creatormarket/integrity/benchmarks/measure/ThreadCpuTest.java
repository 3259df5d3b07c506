package com.creatormarket.integrity.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void groupsSubtasksOfOneOperatorTogether() {
    String first = "4242 (video-judge -> ) S 1 2 3 4 5 6 7 8 9 10 300 200 0 0 20 0 1 0";
    String second = "4243 (video-judge -> ) S 1 2 3 4 5 6 7 8 9 10 100 100 0 0 20 0 1 0";
    assertThat(ThreadCpu.group(first)).isEqualTo(ThreadCpu.group(second)).isEqualTo("video-judge ->");
    assertThat(ThreadCpu.group("7 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 1 1 0 0")).isEqualTo("CN CompilerThre");
    assertThat(ThreadCpu.group("7 (rocksdb:low) S 1 2 3 4 5 6 7 8 9 10 1 1 0 0")).isEqualTo("rocksdb:low");
  }

  @Test
  void usesWhatEachGroupSpentBetweenSnapshotsLargestFirst() {
    ThreadCpu.Snapshot from = new ThreadCpu.Snapshot(10, Map.of("video-judge ->", 5.0, "rocksdb:low", 1.0, "idle", 2.0));
    ThreadCpu.Snapshot to = new ThreadCpu.Snapshot(20, Map.of("video-judge ->", 9.0, "rocksdb:low", 1.5, "idle", 2.0,
        "new thread", 0.25));
    Map<String, Double> used = ThreadCpu.between(from, to);
    assertThat(List.copyOf(used.keySet())).containsExactly("video-judge ->", "rocksdb:low", "new thread");
    assertThat(used.get("video-judge ->")).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void readsThisProcessThreads() {
    ThreadCpu.Snapshot s = ThreadCpu.snapshot(0, List.of(ProcCpu.self()));
    assertThat(s.cpuByGroup()).isNotEmpty();
    assertThat(s.cpuByGroup().values().stream().mapToDouble(Double::doubleValue).sum()).isPositive();
  }
}
