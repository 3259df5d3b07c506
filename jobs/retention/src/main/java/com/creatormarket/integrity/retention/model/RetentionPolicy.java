package com.creatormarket.integrity.retention.model;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.retention.RetentionOptions;
import java.io.Serializable;
import java.time.Duration;

/** The retention rule's parameters, read once from the job's knobs and shipped to the operators. */
public final class RetentionPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  private final RetentionCalendar calendar;
  private final int defaultDays;
  private final int maxDays;
  private final long hideGraceMillis;
  private final int toleratedHideCycles;
  private final long publicationWaitMillis;
  private final long allowedLatenessMillis;
  private final long unpublishedOrderTtlMillis;

  public RetentionPolicy(RetentionCalendar calendar, int defaultDays, int maxDays, Duration hideGrace,
      int toleratedHideCycles, Duration publicationWait, Duration allowedLateness, Duration unpublishedOrderTtl) {
    this.calendar = calendar;
    this.defaultDays = defaultDays;
    this.maxDays = maxDays;
    this.hideGraceMillis = hideGrace.toMillis();
    this.toleratedHideCycles = toleratedHideCycles;
    this.publicationWaitMillis = publicationWait.toMillis();
    this.allowedLatenessMillis = allowedLateness.toMillis();
    this.unpublishedOrderTtlMillis = unpublishedOrderTtl.toMillis();
  }

  /** The policy the settings describe; a contradiction between knobs stops start-up naming both keys. */
  public static RetentionPolicy from(Settings settings) {
    int defaultDays = settings.get(RetentionOptions.DEFAULT_DAYS);
    int maxDays = settings.get(RetentionOptions.MAX_DAYS);
    if (defaultDays > maxDays) {
      throw new InvalidConfigException(String.format("settings: '%s' (%d) must not exceed '%s' (%d)",
          RetentionOptions.DEFAULT_DAYS.key(), defaultDays, RetentionOptions.MAX_DAYS.key(), maxDays));
    }
    return new RetentionPolicy(
        new RetentionCalendar(settings.get(RetentionOptions.TIME_ZONE)),
        defaultDays,
        maxDays,
        settings.get(RetentionOptions.HIDE_GRACE),
        settings.get(RetentionOptions.TOLERATED_HIDE_CYCLES),
        settings.get(RetentionOptions.PUBLICATION_WAIT),
        settings.get(KafkaKnobs.ALLOWED_LATENESS),
        settings.get(RetentionOptions.UNPUBLISHED_ORDER_TTL));
  }

  public RetentionCalendar calendar() {
    return calendar;
  }

  public int defaultDays() {
    return defaultDays;
  }

  public int maxDays() {
    return maxDays;
  }

  public long hideGraceMillis() {
    return hideGraceMillis;
  }

  public int toleratedHideCycles() {
    return toleratedHideCycles;
  }

  public long unpublishedOrderTtlMillis() {
    return unpublishedOrderTtlMillis;
  }

  /**
   * How far behind the watermark decisions are taken. A lifecycle event is judged only once every
   * order fact that could still change its judgement has arrived: records up to the allowed lateness
   * behind the watermark still pass the input triage, and an order's VIDEO_PUBLISHED may lag the
   * video's publication by up to the publication wait.
   */
  public long decisionDelayMillis() {
    return publicationWaitMillis + allowedLatenessMillis;
  }

  /**
   * Safety net only (timers clear state): processing-time TTL longer than any retention, any
   * unpublished order's wait, and the decision delay.
   */
  public Duration stateTtl() {
    long longest = Math.max(Duration.ofDays(maxDays + 31L).toMillis(), unpublishedOrderTtlMillis + Duration.ofDays(1).toMillis());
    return Duration.ofMillis(longest + decisionDelayMillis());
  }

  /** The decision horizon for a watermark: everything at or before it is decided. */
  public long horizon(long watermark) {
    long delay = decisionDelayMillis();
    return watermark < Long.MIN_VALUE + delay ? Long.MIN_VALUE : watermark - delay;
  }

  /** The watermark at which a point of the timeline is decided. */
  public long decisionTime(long timelinePoint) {
    long delay = decisionDelayMillis();
    return timelinePoint > Long.MAX_VALUE - delay ? Long.MAX_VALUE : timelinePoint + delay;
  }
}
