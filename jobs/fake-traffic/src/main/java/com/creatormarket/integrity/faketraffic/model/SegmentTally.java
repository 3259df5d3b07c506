package com.creatormarket.integrity.faketraffic.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Events, shared-device events and fresh-account events per viewer segment ({@link Regions}), in
 * segment order: how partials, bucket totals and the population stage sum them. Sums, so the same
 * in any order. The arrays it takes and gives are aligned: segments ascending, counts by position.
 */
public final class SegmentTally {

  private final TreeMap<Character, long[]> counts = new TreeMap<>();

  /** The counts of one segment, {events, shared, fresh}, to add to. */
  public long[] of(char segment) {
    return counts.computeIfAbsent(segment, k -> new long[3]);
  }

  public void add(char segment, long events, long shared, long fresh) {
    long[] c = of(segment);
    c[0] += events;
    c[1] += shared;
    c[2] += fresh;
  }

  /** Adds aligned arrays (any may be empty; null segments add nothing). */
  public void addAll(char[] segments, long[] events, long[] shared, long[] fresh) {
    if (segments != null) {
      for (int i = 0; i < segments.length; i++) {
        add(segments[i], events[i], shared[i], fresh[i]);
      }
    }
  }

  public Iterable<Map.Entry<Character, long[]>> entries() {
    return counts.entrySet();
  }

  public char[] segments() {
    char[] s = new char[counts.size()];
    int i = 0;
    for (char c : counts.keySet()) {
      s[i++] = c;
    }
    return s;
  }

  /** Column {@code k} of the counts: 0 events, 1 shared-device events, 2 fresh-account events. */
  public long[] column(int k) {
    long[] a = new long[counts.size()];
    int i = 0;
    for (long[] c : counts.values()) {
      a[i++] = c[k];
    }
    return a;
  }
}
