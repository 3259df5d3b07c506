package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.util.List;
import java.util.Map;

/**
 * Which job reads which input topic, as deployed. Each job that reads a bad record sets it aside
 * on its own, so a bad record on order-events must become three dead letters, one per job.
 * detection-rules is left out: no job reads it yet.
 */
public final class InputReaders {

  public static final String FAKE_TRAFFIC = "fake-traffic";
  public static final String RETENTION = "retention";
  public static final String ENFORCEMENT = "enforcement";

  /** The input topics some job reads, in the order of the README's topic table. */
  public static final List<Topic<?>> TOPICS = List.of(
      Topics.ENGAGEMENT, Topics.ORDERS, Topics.LIFECYCLE, Topics.REVIEW_DECISIONS, Topics.CONTENT_FINDINGS);

  private static final Map<String, List<String>> READERS = Map.of(
      Topics.ENGAGEMENT.name(), List.of(FAKE_TRAFFIC),
      Topics.ORDERS.name(), List.of(FAKE_TRAFFIC, RETENTION, ENFORCEMENT),
      Topics.LIFECYCLE.name(), List.of(RETENTION),
      Topics.REVIEW_DECISIONS.name(), List.of(ENFORCEMENT),
      Topics.CONTENT_FINDINGS.name(), List.of(ENFORCEMENT));

  private InputReaders() {}

  /** The jobs (by name) that read this input topic. */
  public static List<String> of(Topic<?> topic) {
    List<String> jobs = READERS.get(topic.name());
    if (jobs == null) {
      throw new IllegalArgumentException("no job reads " + topic.name() + "; inputs: " + TOPICS.stream().map(Topic::name).toList());
    }
    return jobs;
  }
}
