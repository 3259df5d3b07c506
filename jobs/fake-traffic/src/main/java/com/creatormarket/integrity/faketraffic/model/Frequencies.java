package com.creatormarket.integrity.faketraffic.model;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Event counts per key (account, device or network prefix) of one bucket of one video: exact while
 * the bucket has at most {@link #EXACT_KEYS} distinct keys, a frequent-items sketch beyond. Exact
 * counts add up to the same totals however the bucket's events were split into partials (by
 * parallel subtasks, by flushes before checkpoints) and in whatever order the partials merge; a
 * frequent-items sketch that fills up purges, so its result depends on both. The sketch the video
 * stage reads is made from the exact counts in key order, so it too depends on the events only.
 * Past {@code EXACT_KEYS} (a bucket with thousands of distinct accounts on one video) the partial
 * falls back to the sketch, and that bucket's evidence may differ by a few counts between runs.
 */
final class Frequencies {

  /** Distinct keys a partial counts exactly; beyond, it keeps a sketch. */
  static final int EXACT_KEYS = 4096;

  private final int mapSize;
  private Map<String, Long> exact = new HashMap<>();
  private ItemsSketch<String> sketch;

  Frequencies(int mapSize) {
    this.mapSize = mapSize;
  }

  void add(String key, long count) {
    if (sketch == null) {
      if (exact.size() < EXACT_KEYS || exact.containsKey(key)) {
        exact.merge(key, count, Long::sum);
        return;
      }
      overflow();
    }
    sketch.update(key, count);
  }

  /** Adds a partial's counts: its exact keys and counts, or its sketch (null arrays or bytes: none). */
  void add(String[] keys, long[] counts, byte[] sketchBytes) {
    if (keys != null) {
      for (int i = 0; i < keys.length; i++) {
        add(keys[i], counts[i]);
      }
    }
    if (sketchBytes != null) {
      if (sketch == null) {
        overflow();
      }
      Sketches.mergeInto(sketch, sketchBytes);
    }
  }

  private void overflow() {
    sketch = sketchOf(exact, mapSize);
    exact = null;
  }

  private static ItemsSketch<String> sketchOf(Map<String, Long> counts, int mapSize) {
    ItemsSketch<String> s = new ItemsSketch<>(mapSize);
    new TreeMap<>(counts).forEach(s::update);
    return s;
  }

  boolean exact() {
    return sketch == null;
  }

  /** The exact keys, ascending, and their counts aligned; null once past {@link #EXACT_KEYS}. */
  Exact exactCounts() {
    if (exact == null) {
      return null;
    }
    TreeMap<String, Long> sorted = new TreeMap<>(exact);
    return new Exact(sorted.keySet().toArray(new String[0]), sorted.values().stream().mapToLong(Long::longValue).toArray());
  }

  record Exact(String[] keys, long[] counts) {}

  /** The sketch, once past {@link #EXACT_KEYS}; else null (the exact counts say it all). */
  byte[] overflowSketch() {
    return sketch == null ? null : Sketches.bytes(sketch);
  }

  /** As a sketch for the readers of frequent items: made from the exact counts in key order while exact. */
  byte[] asSketch() {
    return Sketches.bytes(sketch != null ? sketch : sketchOf(exact, mapSize));
  }
}
