package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.PartialBuilder;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * and exactly-once holds. A full buffer ({@code preaggregate.max-buffered}) is flushed early. What goes
 * into a partial is {@link PartialBuilder}'s business (the video stage merges partials with it too).
 */
public final class VideoBucketCombiner extends AbstractStreamOperator<VideoPartial>
    implements OneInputStreamOperator<AnnotatedEngagement, VideoPartial> {

  private static final long serialVersionUID = 1L;

  private final DetectionSettings settings;
  private transient Map<String, PartialBuilder> open;
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
    PartialBuilder b = open.get(key);
    if (b == null) {
      b = new PartialBuilder(e.videoId, e.creatorId, bucket, settings);
      open.put(key, b);
    }
    b.add(e);
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
    List<PartialBuilder> ready = new ArrayList<>();
    Iterator<PartialBuilder> it = open.values().iterator();
    while (it.hasNext()) {
      PartialBuilder b = it.next();
      if (watermark == Long.MAX_VALUE || b.bucketStart() + settings.bucketMillis - 1 <= watermark) {
        ready.add(b);
        it.remove();
      }
    }
    ready.sort((x, y) -> Long.compare(x.bucketStart(), y.bucketStart()));
    for (PartialBuilder b : ready) {
      VideoPartial p = b.build();
      partials.inc();
      output.collect(new StreamRecord<>(p, p.maxEventTime));
    }
  }
}
