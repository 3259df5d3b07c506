package com.creatormarket.integrity.benchmarks.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcCpuTest {

  @Test
  void addsUserAndSystemTicks() {
    String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 94731 0 4 0 1500 230 0 0 20 0 57 0 3183 5906022400 98234";
    assertThat(ProcCpu.ticksFromStat(stat)).isEqualTo(1730);
  }

  @Test
  void readsACommandNameWithSpacesAndParentheses() {
    String stat = "77 (Flink (task) 1) R 1 77 77 0 -1 4194560 10 0 0 0 12 3 0 0 20 0 1 0 1 1 1";
    assertThat(ProcCpu.ticksFromStat(stat)).isEqualTo(15);
  }

  @Test
  void rejectsSomethingElse() {
    assertThatThrownBy(() -> ProcCpu.ticksFromStat("no stat here")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void machineBusyLeavesOutIdleAndIowait() {
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    assertThat(ProcCpu.busyTicksFromProcStat("cpu  100 5 20 9000 300 1 2 3 0 0")).isEqualTo(131);
  }

  @Test
  void readsThisProcess() {
    assertThat(ProcCpu.seconds(ProcCpu.self())).isPositive();
  }
}
