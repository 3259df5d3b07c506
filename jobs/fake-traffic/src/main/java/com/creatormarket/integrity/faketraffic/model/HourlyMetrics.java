package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoState.*;

import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.StableIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides a video's verified metrics: raw and valid counts of the open event-time hour
 * ({@link VideoState#hour}, {@link VideoState#hourViewers}) and since publication
 * ({@link VideoState#life}, {@link VideoState#viewers}), and, when an hour closes, one HOUR and one
 * CUMULATIVE record per order live in that hour. When an hour closes is the caller's business:
 * its timer, once the watermark passed the hour and the hour's buckets were judged.
 */
public final class HourlyMetrics {

  private static final long HOUR = 3_600_000L;

  private HourlyMetrics() {}

  /** Start of the event-time hour a bucket belongs to. */
  public static long hourOf(long bucketStart) {
    return Math.floorDiv(bucketStart, HOUR) * HOUR;
  }

  /** Opens the bucket's hour when none is open. */
  public static void open(VideoState st, long bucketStart) {
    if (st.hourStart == Long.MIN_VALUE) {
      st.hourStart = hourOf(bucketStart);
    }
  }

  /** The last millisecond of the open hour: when its timer fires. */
  public static long lastMillisOfOpenHour(VideoState st) {
    return st.hourStart + HOUR - 1;
  }

  /** Adds a partial to the open hour's and the lifetime's counts, {@code invalid} of its events judged invalid. */
  public static void add(VideoState st, VideoPartial p, InvalidCounts invalid) {
    if (invalid.views() + invalid.likes() + invalid.follows() > 0) {
      noteInvalid(st, p.bucketStart);
    }
    for (long[] m : new long[][] {st.hour, st.life}) {
      m[M_EVENTS] += p.events;
      m[M_INVALID] += invalid.views() + invalid.likes() + invalid.follows();
      m[M_VIEWS] += p.views;
      m[M_VALID_VIEWS] += p.views - invalid.views();
      m[M_LIKES] += p.likes;
      m[M_INVALID_LIKES] += invalid.likes();
      m[M_UNLIKES] += p.unlikes;
      m[M_FOLLOWS] += p.follows;
      m[M_INVALID_FOLLOWS] += invalid.follows();
      m[M_UNFOLLOWS] += p.unfollows;
      m[M_WATCH] += p.watchMillis;
      m[M_VALID_WATCH] += p.watchMillis - invalid.watchMillis();
    }
  }

  /**
   * Makes a lockstep group's newly reported views, likes and follows invalid in the open hour and
   * the lifetime, at most what is still valid there (watch time at the average per view); {@code at}
   * is the finding's event time.
   */
  public static void invalidate(VideoState st, long dViews, long dLikes, long dFollows, long at) {
    if (Math.min(dViews, st.life[M_VALID_VIEWS]) + Math.min(dLikes, st.life[M_LIKES] - st.life[M_INVALID_LIKES])
        + Math.min(dFollows, st.life[M_FOLLOWS] - st.life[M_INVALID_FOLLOWS]) > 0) {
      noteInvalid(st, at);
    }
    for (long[] m : new long[][] {st.hour, st.life}) {
      long views = Math.min(dViews, m[M_VALID_VIEWS]);
      long likes = Math.min(dLikes, m[M_LIKES] - m[M_INVALID_LIKES]);
      long follows = Math.min(dFollows, m[M_FOLLOWS] - m[M_INVALID_FOLLOWS]);
      long watchPerView = m[M_VIEWS] == 0 ? 0 : m[M_WATCH] / m[M_VIEWS];
      m[M_VALID_VIEWS] -= views;
      m[M_VALID_WATCH] = Math.max(0, m[M_VALID_WATCH] - views * watchPerView);
      m[M_INVALID_LIKES] += likes;
      m[M_INVALID_FOLLOWS] += follows;
      m[M_INVALID] += views + likes + follows;
    }
  }

  /** Keeps the first time engagement was judged invalid (not once it is unknown: it came before a restore from an older savepoint). */
  private static void noteInvalid(VideoState st, long at) {
    if (st.firstInvalidAt == NO_INVALID_YET || (st.firstInvalidAt != FIRST_INVALID_UNKNOWN && at < st.firstInvalidAt)) {
      st.firstInvalidAt = at;
    }
  }

  /** When engagement on the video was first judged invalid, for a case's evidence; null when never, or unknown. */
  public static Instant firstInvalidAt(VideoState st) {
    return st.firstInvalidAt == NO_INVALID_YET || st.firstInvalidAt == FIRST_INVALID_UNKNOWN ? null : Instant.ofEpochMilli(st.firstInvalidAt);
  }

  /**
   * Views judged invalid since the video's first traffic, the open hour included: the lifetime's raw
   * views minus the valid views its CUMULATIVE record reports ({@link #validViews}). What a case's
   * evidence shows as invalidViews, next to views counted over the same span.
   */
  public static long invalidViews(VideoState st) {
    return st.life[M_VIEWS] - validViews(st.life);
  }

  /** The valid views of an hour's or the lifetime's counts, as the verified metrics report them. */
  private static long validViews(long[] m) {
    return Math.max(0, m[M_VALID_VIEWS]);
  }

  /**
   * Closes the open hour: per order live in it, the hour's figures and those since publication
   * (none when the hour had no traffic); the hour's counts start again from zero.
   */
  public static List<VerifiedMetrics> close(VideoState st) {
    long start = st.hourStart;
    long end = start + HOUR;
    List<VerifiedMetrics> records = new ArrayList<>();
    if (st.hour[M_EVENTS] > 0) {
      for (OrderSlot o : st.orders) {
        if (o.publishedAt >= end || o.endsAt <= start) {
          continue;
        }
        records.add(metrics(st, o, MetricsGranularity.HOUR, start, end, st.hour, st.hourViewers));
        records.add(metrics(st, o, MetricsGranularity.CUMULATIVE, o.publishedAt, end, st.life, st.viewers));
      }
    }
    Arrays.fill(st.hour, 0);
    st.hourViewers = null;
    st.hourStart = Long.MIN_VALUE;
    return records;
  }

  private static VerifiedMetrics metrics(VideoState st, OrderSlot o, MetricsGranularity g, long start, long end, long[] m,
      byte[] viewers) {
    // An hour's figures have one id per window start; cumulative figures are one per hour end they were taken at.
    String id = g == MetricsGranularity.HOUR ? StableIds.of("metrics", o.orderId, g, start)
        : StableIds.of("metrics", o.orderId, g, start, end);
    long validViews = validViews(m);
    long rawLikes = m[M_LIKES] - m[M_UNLIKES];
    long rawFollows = m[M_FOLLOWS] - m[M_UNFOLLOWS];
    return VerifiedMetrics.newBuilder()
        .setMetricsId(id)
        .setOrderId(o.orderId)
        .setVideoId(st.videoId)
        .setGranularity(g)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(end))
        .setRawViews(m[M_VIEWS])
        .setValidViews(validViews)
        .setRawLikes(Math.max(0, rawLikes))
        .setValidLikes(Math.max(0, rawLikes - m[M_INVALID_LIKES]))
        .setRawFollows(Math.max(0, rawFollows))
        .setValidFollows(Math.max(0, rawFollows - m[M_INVALID_FOLLOWS]))
        .setInvalidTrafficRate(m[M_EVENTS] == 0 ? 0 : Math.min(1.0, (double) m[M_INVALID] / m[M_EVENTS]))
        .setUniqueViewers(Sketches.estimate(viewers))
        .setWatchTimeMillis(m[M_WATCH])
        .setValidWatchTimeMillis(Math.max(0, m[M_VALID_WATCH]))
        .build();
  }
}
