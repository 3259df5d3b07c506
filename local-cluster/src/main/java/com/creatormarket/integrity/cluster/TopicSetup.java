package com.creatormarket.integrity.cluster;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every pipeline topic that does not exist yet, with its partitions and clean-up policy. */
public final class TopicSetup {

  private TopicSetup() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
    String prefix = args.length > 1 ? args[1] : "";
    List<String> created = ensureTopics(bootstrap, prefix);
    System.out.println(created.isEmpty() ? "topics: all " + Topics.ALL.size() + " exist"
        : "topics: created " + String.join(", ", created));
  }

  public static List<String> ensureTopics(String bootstrap, String prefix) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "15000"))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?> topic : Topics.ALL) {
        String name = prefix + topic.name();
        if (!existing.contains(name)) {
          NewTopic t = new NewTopic(name, topic.partitions(), (short) 1);
          if (topic.compacted()) {
            t.configs(Map.of("cleanup.policy", "compact"));
          }
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      return missing.stream().map(NewTopic::name).toList();
    }
  }
}
