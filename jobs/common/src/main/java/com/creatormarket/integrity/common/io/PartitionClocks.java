package com.creatormarket.integrity.common.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple3;

/**
 * The newest event time seen so far on each partition of the topics a source reads, which is what
 * decides lateness: a record is late when its event time is more than {@code boundMillis} behind the
 * newest earlier record (or heartbeat) of its own partition. That depends on the partition's
 * content only, which its producer fixed, not on how partitions interleave, which subtask reads
 * them or how fast. The same bound sets each partition's watermark ({@link ReadableWatermarks}), so
 * a record on time is never behind any watermark of the job (with no idleness). Kept in operator
 * state ({@link #entries()}, {@link #restore}) so a restart judges the records after its offsets as
 * the first run did.
 */
final class PartitionClocks {

  private final long boundMillis;
  private final Map<String, Map<Integer, Long>> newest = new HashMap<>();

  PartitionClocks(long boundMillis) {
    this.boundMillis = boundMillis;
  }

  /**
   * How far (ms) an event at {@code eventTime} is behind the newest earlier event of its partition
   * (0 when it is the newest); then notes it as seen. One map lookup per record: it runs on every input record.
   */
  long behindThenSee(String topic, int partition, long eventTime) {
    Map<Integer, Long> byPartition = newest.computeIfAbsent(topic, t -> new HashMap<>());
    Long before = byPartition.get(partition);
    if (before == null || eventTime > before) {
      byPartition.put(partition, eventTime);
      return 0;
    }
    return before - eventTime;
  }

  /** Whether being {@code behind} ms behind its partition's newest event makes a record late. */
  boolean late(long behind) {
    return behind > boundMillis;
  }

  /**
   * The watermark a source reading just these partitions stands for: the lowest of their newest
   * event times minus the bound (minus 1, as Flink's bounded out-of-orderness), or
   * {@link Long#MIN_VALUE} when there are none or one has carried nothing yet. No record on time is
   * behind it ({@link #late}).
   */
  long watermark(Map<String, ? extends Collection<Integer>> partitions) {
    long lowest = Long.MAX_VALUE;
    for (Map.Entry<String, ? extends Collection<Integer>> topic : partitions.entrySet()) {
      Map<Integer, Long> byPartition = newest.getOrDefault(topic.getKey(), Map.of());
      for (int p : topic.getValue()) {
        Long t = byPartition.get(p);
        if (t == null) {
          return Long.MIN_VALUE;
        }
        lowest = Math.min(lowest, t);
      }
    }
    return lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest - boundMillis - 1;
  }

  List<Tuple3<String, Integer, Long>> entries() {
    List<Tuple3<String, Integer, Long>> out = new ArrayList<>();
    newest.forEach((topic, parts) -> parts.forEach((p, t) -> out.add(Tuple3.of(topic, p, t))));
    return out;
  }

  /** Merges restored entries; after rescaling a partition may come from several subtasks: the newest wins. */
  void restore(Iterable<Tuple3<String, Integer, Long>> entries) {
    for (Tuple3<String, Integer, Long> e : entries) {
      newest.computeIfAbsent(e.f0, t -> new HashMap<>()).merge(e.f1, e.f2, Math::max);
    }
  }
}
