package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;

/** The topics the simulator writes, with the file each one goes to in file output. */
public enum InputTopic {
  ENGAGEMENT(Topics.ENGAGEMENT),
  ORDERS(Topics.ORDERS),
  LIFECYCLE(Topics.LIFECYCLE),
  CONTENT_FINDINGS(Topics.CONTENT_FINDINGS);

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
