package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.io.TopicAdmin;
import java.util.Arrays;
import java.util.List;

/** Creates the simulator's input topics that do not exist yet, with the partition counts of {@code Topics}. */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Returns the names of the topics it created. */
  public static List<String> ensure(KafkaConnection kafka, String prefix) {
    List<Topic<?>> inputs = Arrays.stream(InputTopic.values()).<Topic<?>>map(InputTopic::topic).toList();
    return TopicAdmin.ensure(kafka, prefix, inputs);
  }
}
