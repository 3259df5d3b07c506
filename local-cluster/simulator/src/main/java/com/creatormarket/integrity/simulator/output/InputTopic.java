package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;

/**
 * The topics the simulator writes, with the file each one goes to in file output. Review decisions
 * carry only the creators' appeals a scenario asks for (its {@code appeals:} section) besides
 * heartbeats: the simulator stands in for the review console, whose time must move on in the
 * enforcement job even while nobody decides anything.
 */
public enum InputTopic {
  ENGAGEMENT(Topics.ENGAGEMENT),
  ORDERS(Topics.ORDERS),
  LIFECYCLE(Topics.LIFECYCLE),
  CONTENT_FINDINGS(Topics.CONTENT_FINDINGS),
  REVIEW_DECISIONS(Topics.REVIEW_DECISIONS);

  public static final String FILE_SUFFIX = ".avro-records";

  private final Topic<?> topic;

  InputTopic(Topic<?> topic) {
    this.topic = topic;
  }

  public Topic<?> topic() {
    return topic;
  }

  /** e.g. {@code engagement-events.avro-records}. */
  public String fileName() {
    return topic.name() + FILE_SUFFIX;
  }
}
