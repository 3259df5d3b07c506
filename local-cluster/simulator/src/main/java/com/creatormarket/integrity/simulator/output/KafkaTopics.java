package com.creatormarket.integrity.simulator.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the simulator's input topics that do not exist yet, with the partition counts of {@code Topics}. */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Returns the names of the topics it created. */
  public static List<String> ensure(String bootstrapServers, String prefix) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (InputTopic t : InputTopic.values()) {
        String name = prefix + t.topic().name();
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, Optional.of(t.topic().partitions()), Optional.empty()));
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to check the input topics: "
          + e.getMessage(), e);
    }
  }
}
