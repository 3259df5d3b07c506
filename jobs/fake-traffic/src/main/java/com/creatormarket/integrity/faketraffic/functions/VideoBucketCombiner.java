package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.Sketches;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The local combiner in front of the video stage: merges each (video, event-time bucket) this
 * subtask sees into one {@link VideoPartial} and sends it on when the watermark passes the bucket's
 * end. A video carrying half of all traffic thus costs the video stage one partial per bucket per
 * subtask, not one record per event. Buffers live in memory only: they are flushed before every
 * checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so the operator has no state to restore
 * and exactly-once holds. A full buffer ({@code preaggregate.max-buffered}) is flushed early.
 */
public final class VideoBucketCombiner extends AbstractStreamOperator<VideoPartial>
    implements OneInputStreamOperator<AnnotatedEngagement, VideoPartial> {

  private static final long serialVersionUID = 1L;
  /** Distinct middle durations tracked per partial for the regularity count; enough for any honest bucket. */
  private static final int MAX_DURATIONS = 4096;

  private final DetectionSettings settings;
  private transient Map<String, Builder> open;
  private transient Counter partials;
  private transient Counter earlyFlushes;

  public VideoBucketCombiner(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open() throws Exception {
    super.open();
    open = new HashMap<>();
    partials = getRuntimeContext().getMetricGroup().counter("partials");
    earlyFlushes = getRuntimeContext().getMetricGroup().counter("earlyFlushes");
  }

  @Override
  public void processElement(StreamRecord<AnnotatedEngagement> record) {
    AnnotatedEngagement e = record.getValue();
    long bucket = Math.floorDiv(e.eventTime, settings.bucketMillis) * settings.bucketMillis;
    String key = e.videoId + '\u0000' + bucket;
    Builder b = open.get(key);
    if (b == null) {
      b = new Builder(VideoPartial.empty(e.videoId, e.creatorId, bucket), settings);
      open.put(key, b);
    }
    b.add(e, settings);
    if (open.size() > settings.maxBuffered) {
      earlyFlushes.inc();
      flush(Long.MAX_VALUE);
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush(mark.getTimestamp());
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush(Long.MAX_VALUE);
  }

  @Override
  public void finish() throws Exception {
    flush(Long.MAX_VALUE);
    super.finish();
  }

  /** Sends every partial whose bucket ends at or before {@code watermark}, oldest bucket first. */
  private void flush(long watermark) {
    if (open.isEmpty()) {
      return;
    }
    List<Builder> ready = new ArrayList<>();
    Iterator<Builder> it = open.values().iterator();
    while (it.hasNext()) {
      Builder b = it.next();
      if (watermark == Long.MAX_VALUE || b.partial.bucketStart + settings.bucketMillis - 1 <= watermark) {
        ready.add(b);
        it.remove();
      }
    }
    ready.sort((x, y) -> Long.compare(x.partial.bucketStart, y.partial.bucketStart));
    for (Builder b : ready) {
      VideoPartial p = b.build();
      partials.inc();
      output.collect(new StreamRecord<>(p, p.maxEventTime));
    }
  }

  /** One partial being built, with its sketches still live. */
  static final class Builder {
    final VideoPartial partial;
    final HllSketch viewers;
    final ItemsSketch<String> devices;
    final ItemsSketch<String> prefixes;
    final ItemsSketch<String> accounts;
    final long[] viewsByMask = new long[Flags.MASKS];
    final long[] watchByMask = new long[Flags.MASKS];
    final long[] likesByMask = new long[Flags.MASKS];
    final long[] followsByMask = new long[Flags.MASKS];
    final Map<Long, Integer> durations = new HashMap<>();
    int topDuration;

    Builder(VideoPartial partial, DetectionSettings s) {
      this.partial = partial;
      this.viewers = new HllSketch(s.hllLgK, TgtHllType.HLL_4);
      this.devices = new ItemsSketch<>(s.partialItemsMapSize);
      this.prefixes = new ItemsSketch<>(s.partialItemsMapSize);
      this.accounts = new ItemsSketch<>(s.partialItemsMapSize);
    }

    void add(AnnotatedEngagement e, DetectionSettings s) {
      VideoPartial p = partial;
      int mask = e.flags & (Flags.MASKS - 1);
      p.events++;
      p.maxEventTime = Math.max(p.maxEventTime, e.eventTime);
      if (Flags.has(e.flags, Flags.FRESH)) {
        p.freshEvents++;
      }
      if (Flags.has(e.flags, Flags.SHARED_DEVICE)) {
        p.sharedDeviceEvents++;
      }
      devices.update(e.deviceId);
      prefixes.update(e.networkPrefix);
      accounts.update(e.accountId);
      switch (e.kind) {
        case Kinds.VIEW -> {
          p.views++;
          p.watchMillis += e.watchMillis;
          viewsByMask[mask]++;
          watchByMask[mask] += e.watchMillis;
          viewers.update(e.accountId);
          boolean middle = !Flags.has(e.flags, Flags.EXTREME_WATCH);
          if (middle && (durations.size() < MAX_DURATIONS || durations.containsKey(e.watchMillis))) {
            int seen = durations.merge(e.watchMillis, 1, Integer::sum);
            topDuration = Math.max(topDuration, seen);
          }
        }
        case Kinds.LIKE -> {
          p.likes++;
          likesByMask[mask]++;
        }
        case Kinds.UNLIKE -> p.unlikes++;
        case Kinds.FOLLOW -> {
          p.follows++;
          followsByMask[mask]++;
        }
        case Kinds.UNFOLLOW -> {
          p.unfollows++;
          if (Flags.has(e.flags, Flags.WITHDRAWN)) {
            p.withdrawnFollows++;
          }
        }
        default -> { }
      }
    }

    VideoPartial build() {
      // Views at the partial's most common middle duration, beyond the first: people's durations are continuous.
      partial.regularViews = Math.max(0, topDuration - 1);
      int present = 0;
      for (int m = 0; m < Flags.MASKS; m++) {
        if ((viewsByMask[m] | likesByMask[m] | followsByMask[m]) != 0) {
          present++;
        }
      }
      partial.masks = new byte[present];
      partial.maskViews = new long[present];
      partial.maskWatch = new long[present];
      partial.maskLikes = new long[present];
      partial.maskFollows = new long[present];
      for (int m = 0, i = 0; m < Flags.MASKS; m++) {
        if ((viewsByMask[m] | likesByMask[m] | followsByMask[m]) != 0) {
          partial.masks[i] = (byte) m;
          partial.maskViews[i] = viewsByMask[m];
          partial.maskWatch[i] = watchByMask[m];
          partial.maskLikes[i] = likesByMask[m];
          partial.maskFollows[i] = followsByMask[m];
          i++;
        }
      }
      partial.viewers = Sketches.bytes(viewers);
      partial.devices = Sketches.bytes(devices);
      partial.prefixes = Sketches.bytes(prefixes);
      partial.accounts = Sketches.bytes(accounts);
      return partial;
    }
  }
}
