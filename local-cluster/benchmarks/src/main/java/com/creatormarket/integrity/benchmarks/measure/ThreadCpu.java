package com.creatormarket.integrity.benchmarks.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds per kind of thread of some processes, from /proc/PID/task/TID/stat: the operator
 * chains' task threads, RocksDB's compaction and flush threads, the JIT compilers, GC. Threads are
 * grouped by name (the kernel keeps 15 characters of it) with digits folded, so the two subtasks of
 * an operator count together. Threads that ended between two snapshots lose their last slice.
 */
public final class ThreadCpu {

  /** CPU seconds per thread group at one moment, {@code seconds} after the run began. */
  public record Snapshot(double seconds, Map<String, Double> cpuByGroup) {}

  private ThreadCpu() {}

  public static Snapshot snapshot(double seconds, List<Long> pids) {
    Map<String, Double> groups = new HashMap<>();
    for (long pid : pids) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException gone) {
            continue; // the thread ended while we listed
          }
          groups.merge(group(stat), ProcCpu.ticksFromStat(stat) / ProcCpu.TICKS_PER_SECOND, Double::sum);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list the threads of process " + pid + ": " + e.getMessage(), e);
      }
    }
    return new Snapshot(seconds, groups);
  }

  /** The thread's name from a stat line, digits folded to N and trailing blanks dropped. */
  static String group(String stat) {
    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return name.replaceAll("\\d+", "N").strip();
  }

  /** CPU seconds per group between two snapshots, largest first; groups that used none left out. */
  public static Map<String, Double> between(Snapshot from, Snapshot to) {
    Map<String, Double> used = new HashMap<>();
    to.cpuByGroup().forEach((g, v) -> {
      double d = v - from.cpuByGroup().getOrDefault(g, 0.0);
      if (d > 0) {
        used.put(g, d);
      }
    });
    Map<String, Double> sorted = new LinkedHashMap<>();
    used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
