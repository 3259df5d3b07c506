package com.creatormarket.integrity.retention.model;

import com.creatormarket.integrity.avro.OrderEvent;
import java.util.Arrays;
import java.util.Objects;

/**
 * What is known about one order's retention duty: the parties, the video and its publication, the
 * retention days agreed over time, and a cancellation or termination. Decides which retention is in force at an
 * instant and when the duty ends.
 *
 * <p>A Flink POJO (public fields, no-arg constructor, primitive arrays instead of collections) so
 * it is serialized without Kryo. Merging is by event time, so facts arriving in any order give the
 * same terms.
 */
public class OrderTerms {

  public String orderId;
  /** Null until the order's VIDEO_PUBLISHED (or a later event carrying it) is seen. */
  public String videoId;
  public String advertiserId;
  public String creatorId;
  public String agencyId;
  /** Epoch millis; null until VIDEO_PUBLISHED. */
  public Long publishedAt;
  /** Days stated on CREATED; null means the platform default. Applies from before publication. */
  public Integer baseDays;
  /** Event times (epoch millis, ascending) of agreed retention changes. */
  public long[] changeAt = new long[0];
  /** The agreed days of each change, parallel to {@link #changeAt}. */
  public int[] changeDays = new int[0];
  /** Event time of the order's cancellation; null when not cancelled. */
  public Long cancelledAt;
  /**
   * Event time the platform terminated the order (the order system's TERMINATED, its answer to an
   * order termination); null when not terminated. The creator owes the order no retention after it.
   */
  public Long terminatedAt;

  public OrderTerms() {}

  /** The facts one order event states; null for kinds that do not bear on retention. */
  public static OrderTerms from(OrderEvent event) {
    OrderTerms t = new OrderTerms();
    t.orderId = event.getOrderId();
    t.videoId = event.getVideoId();
    t.advertiserId = event.getAdvertiserId();
    t.creatorId = event.getCreatorId();
    t.agencyId = event.getAgencyId();
    long at = event.getEventTime().toEpochMilli();
    switch (event.getKind()) {
      case CREATED -> t.baseDays = event.getRetentionDays();
      case VIDEO_PUBLISHED -> t.publishedAt = event.getPublishedAt().toEpochMilli();
      case RETENTION_CHANGED -> {
        t.changeAt = new long[] {at};
        t.changeDays = new int[] {event.getRetentionDays()};
      }
      case CANCELLED -> t.cancelledAt = at;
      case TERMINATED -> t.terminatedAt = at;
      default -> {
        return null;
      }
    }
    return t;
  }

  public boolean published() {
    return videoId != null && publishedAt != null;
  }

  /**
   * These terms with another statement about the same order added. Identity fields keep the first
   * value known; changes are a union ordered by event time; the earliest cancellation counts.
   */
  public OrderTerms merge(OrderTerms other) {
    OrderTerms m = new OrderTerms();
    m.orderId = orderId != null ? orderId : other.orderId;
    m.videoId = videoId != null ? videoId : other.videoId;
    m.advertiserId = advertiserId != null ? advertiserId : other.advertiserId;
    m.creatorId = creatorId != null ? creatorId : other.creatorId;
    m.agencyId = agencyId != null ? agencyId : other.agencyId;
    m.publishedAt = publishedAt != null ? publishedAt : other.publishedAt;
    m.baseDays = baseDays != null ? baseDays : other.baseDays;
    m.cancelledAt = earliest(cancelledAt, other.cancelledAt);
    m.terminatedAt = earliest(terminatedAt, other.terminatedAt);
    // Union of (at, days), sorted by time then days, duplicates dropped: order of arrival does not matter.
    long[][] pairs = new long[changeAt.length + other.changeAt.length][];
    int n = 0;
    for (int i = 0; i < changeAt.length; i++) {
      pairs[n++] = new long[] {changeAt[i], changeDays[i]};
    }
    for (int i = 0; i < other.changeAt.length; i++) {
      pairs[n++] = new long[] {other.changeAt[i], other.changeDays[i]};
    }
    Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long[] at = new long[n];
    int[] days = new int[n];
    int k = 0;
    for (long[] p : pairs) {
      if (k > 0 && at[k - 1] == p[0] && days[k - 1] == p[1]) {
        continue;
      }
      at[k] = p[0];
      days[k] = (int) p[1];
      k++;
    }
    m.changeAt = Arrays.copyOf(at, k);
    m.changeDays = Arrays.copyOf(days, k);
    return m;
  }

  private static Long earliest(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  /** Retention days in force at an instant: the last change agreed at or before it, else CREATED's, else the default. */
  public int daysAt(long instant, int defaultDays) {
    int days = baseDays != null ? baseDays : defaultDays;
    for (int i = 0; i < changeAt.length && changeAt[i] <= instant; i++) {
      days = changeDays[i];
    }
    return days;
  }

  /** The retention end in force at an instant. Requires the publication. */
  public long endAt(long instant, RetentionPolicy policy) {
    return policy.calendar().end(publishedAt, daysAt(instant, policy.defaultDays()));
  }

  /**
   * The first instant at which the duty is over: the retention end in force at that instant has
   * come (an agreed change that moves the end before itself ends the duty at the change), or the
   * order was cancelled or terminated. Requires the publication.
   */
  public long closesAt(RetentionPolicy policy) {
    RetentionCalendar calendar = policy.calendar();
    long close = Long.MAX_VALUE;
    int n = changeAt.length;
    for (int i = 0; i <= n; i++) {
      int days = i == 0 ? (baseDays != null ? baseDays : policy.defaultDays()) : changeDays[i - 1];
      long from = i == 0 ? Long.MIN_VALUE : changeAt[i - 1];
      long until = i < n ? changeAt[i] : Long.MAX_VALUE;
      long end = Math.max(from, calendar.end(publishedAt, days));
      if (end < until) {
        close = end;
        break;
      }
    }
    Long endedByParty = earliest(cancelledAt, terminatedAt);
    return endedByParty == null ? close : Math.min(close, endedByParty);
  }

  /** Whether the duty covers an instant: published by then and not yet over. */
  public boolean covers(long instant, RetentionPolicy policy) {
    return publishedAt != null && publishedAt <= instant && instant < closesAt(policy);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OrderTerms t)) {
      return false;
    }
    return Objects.equals(orderId, t.orderId) && Objects.equals(videoId, t.videoId)
        && Objects.equals(advertiserId, t.advertiserId) && Objects.equals(creatorId, t.creatorId)
        && Objects.equals(agencyId, t.agencyId) && Objects.equals(publishedAt, t.publishedAt)
        && Objects.equals(baseDays, t.baseDays) && Arrays.equals(changeAt, t.changeAt)
        && Arrays.equals(changeDays, t.changeDays) && Objects.equals(cancelledAt, t.cancelledAt)
        && Objects.equals(terminatedAt, t.terminatedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(orderId, videoId, publishedAt, cancelledAt, terminatedAt, Arrays.hashCode(changeAt));
  }

  @Override
  public String toString() {
    return "OrderTerms{" + orderId + " video=" + videoId + " publishedAt=" + publishedAt + " baseDays=" + baseDays
        + " changes=" + Arrays.toString(changeAt) + "->" + Arrays.toString(changeDays) + " cancelledAt=" + cancelledAt + " terminatedAt=" + terminatedAt + "}";
  }
}
