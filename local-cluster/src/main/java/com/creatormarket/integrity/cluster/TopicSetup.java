package com.creatormarket.integrity.cluster;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.TopicAdmin;
import java.util.List;

/** Creates every pipeline topic that does not exist yet, with its partitions and clean-up policy. */
public final class TopicSetup {

  private TopicSetup() {}

  public static void main(String[] args) {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    String prefix = args.length > 1 ? args[1] : "";
    List<String> created = ensureTopics(bootstrap, prefix);
    System.out.println(created.isEmpty() ? "topics: all " + Topics.ALL.size() + " exist"
        : "topics: created " + String.join(", ", created));
  }

  public static List<String> ensureTopics(String bootstrap, String prefix) {
    return TopicAdmin.ensure(KafkaConnection.forTool(bootstrap), prefix, Topics.ALL);
  }
}
