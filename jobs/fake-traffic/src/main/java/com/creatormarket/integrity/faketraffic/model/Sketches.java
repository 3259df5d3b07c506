package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.avro.Share;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * DataSketches in state and in records: always as bytes (HLL compact form, frequent-items
 * serialization), so Flink never needs Kryo for them. Null bytes mean an empty sketch.
 */
public final class Sketches {

  private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

  private Sketches() {}

  public static HllSketch hll(byte[] bytes, int lgK) {
    return bytes == null ? new HllSketch(lgK, TgtHllType.HLL_4) : HllSketch.heapify(bytes);
  }

  public static byte[] bytes(HllSketch sketch) {
    return sketch.isEmpty() ? null : sketch.toCompactByteArray();
  }

  /** Union of two serialized HLL sketches, at most {@code lgK}. */
  public static byte[] mergeHll(byte[] into, byte[] other, int lgK) {
    if (other == null) {
      return into;
    }
    Union union = new Union(lgK);
    if (into != null) {
      union.update(HllSketch.heapify(into));
    }
    union.update(HllSketch.heapify(other));
    return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
  }

  /**
   * Distinct count of a serialized HLL sketch, by the composite estimator: it reads the registers
   * only, which are the same however the sketch was put together (one stream, or a union of
   * partials split by parallelism or checkpoints). The default (HIP) estimate of a sketch updated
   * directly depends on the update history, so a bucket merged from two partials and the same
   * bucket as one partial gave counts one or two apart.
   */
  public static long estimate(byte[] hll) {
    return hll == null ? 0 : Math.round(HllSketch.heapify(hll).getCompositeEstimate());
  }

  public static ItemsSketch<String> items(byte[] bytes, int mapSize) {
    return bytes == null ? new ItemsSketch<>(mapSize) : ItemsSketch.getInstance(Memory.wrap(bytes), STRINGS);
  }

  public static byte[] bytes(ItemsSketch<String> sketch) {
    return sketch.isEmpty() ? null : sketch.toByteArray(STRINGS);
  }

  /** Merges a serialized frequent-items sketch into another, keeping the target's map size. */
  public static byte[] mergeItems(byte[] into, byte[] other, int mapSize) {
    if (other == null) {
      return into;
    }
    ItemsSketch<String> target = items(into, mapSize);
    mergeInto(target, other);
    return bytes(target);
  }

  /** Merges a serialized frequent-items sketch (null: empty) into a live one. */
  public static void mergeInto(ItemsSketch<String> target, byte[] other) {
    if (other != null) {
      target.merge(items(other, 8));
    }
  }

  /**
   * Share of {@code total} from the top {@code k} items that have at least {@code minCount} events,
   * counted by their lower bounds: an under-estimate, never an over-estimate.
   */
  public static double topShare(ItemsSketch<String> items, int k, long minCount, long total) {
    if (items.isEmpty() || total <= 0) {
      return 0;
    }
    ItemsSketch.Row<String>[] rows = items.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
    long sum = 0;
    int taken = 0;
    for (ItemsSketch.Row<String> row : rows) {
      if (taken == k) {
        break;
      }
      long lower = row.getLowerBound();
      if (lower >= minCount) {
        sum += lower;
        taken++;
      }
    }
    return Math.min(1.0, (double) sum / total);
  }

  /** The items with at least {@code minCount} events (lower bound), heaviest first, at most {@code k}. */
  public static List<String> heavy(byte[] items, int k, long minCount) {
    List<String> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (ItemsSketch.Row<String> row : items(items, 8).getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      if (out.size() == k) {
        break;
      }
      if (row.getLowerBound() >= minCount) {
        out.add(row.getItem());
      }
    }
    return out;
  }

  /** Estimated events of the given items in a serialized sketch. */
  public static long countOf(byte[] items, List<String> keys) {
    if (items == null || keys.isEmpty()) {
      return 0;
    }
    ItemsSketch<String> sketch = items(items, 8);
    long sum = 0;
    for (String key : keys) {
      sum += sketch.getEstimate(key);
    }
    return sum;
  }

  /** The top items as evidence shares of {@code total}. */
  public static List<Share> shares(byte[] items, int k, long total) {
    List<Share> out = new ArrayList<>();
    if (items == null || total <= 0) {
      return out;
    }
    for (ItemsSketch.Row<String> row : items(items, 8).getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
      if (out.size() == k) {
        break;
      }
      if (row.getLowerBound() <= 0) {
        continue; // only the sketch's error margin: not evidence
      }
      out.add(new Share(row.getItem(), row.getEstimate(), Math.min(1.0, (double) row.getEstimate() / total)));
    }
    return out;
  }
}
