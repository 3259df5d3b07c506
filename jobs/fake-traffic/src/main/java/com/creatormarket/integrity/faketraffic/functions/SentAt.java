package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Writes each notice's timestamp into it ({@link VideoNotice#sentAt}) on its way to the video stage,
 * which orders its input by the record alone: a lockstep finding counts from when it was sent.
 */
public final class SentAt extends ProcessFunction<VideoNotice, VideoNotice> {

  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(VideoNotice n, Context ctx, Collector<VideoNotice> out) {
    n.sentAt = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
    out.collect(n);
  }
}
