package com.creatormarket.integrity.benchmarks.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time of processes from /proc/PID/stat (user + system, all threads), not from Flink's own
 * metric: the kernel's count includes GC, RocksDB's native threads and Kafka client threads.
 */
public final class ProcCpu {

  /** Clock ticks per second of /proc's counters; 100 on Linux (getconf CLK_TCK). */
  public static final double TICKS_PER_SECOND = Double.parseDouble(System.getProperty("benchmark.clk-tck", "100"));

  private ProcCpu() {}

  /** utime + stime in ticks, parsed from one /proc/PID/stat line; the command name may hold spaces and parentheses. */
  public static long ticksFromStat(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
    }
    String[] fields = stat.substring(close + 2).trim().split("\\s+");
    // After "pid (comm) ": state is field 3 of the man page, utime 14, stime 15 -> indexes 11 and 12 here.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** CPU seconds used so far by a process; fails when it is gone (a measurement must not silently skip it). */
  public static double seconds(long pid) {
    try {
      return ticksFromStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CPU time of process " + pid + ": " + e.getMessage(), e);
    }
  }

  public static double seconds(List<Long> pids) {
    double total = 0;
    for (long pid : pids) {
      total += seconds(pid);
    }
    return total;
  }

  /** Busy CPU seconds of the whole machine so far (all cores: /proc/stat's first line minus idle and iowait). */
  public static double machineBusySeconds() {
    try {
      return busyTicksFromProcStat(Files.readAllLines(Path.of("/proc/stat")).get(0)) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
    }
  }

  /** user + nice + system + irq + softirq + steal of a "cpu ..." line of /proc/stat, in ticks. */
  public static long busyTicksFromProcStat(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long busy = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      busy += i < f.length ? Long.parseLong(f[i]) : 0;
    }
    return busy;
  }

  public static long self() {
    return ProcessHandle.current().pid();
  }
}
