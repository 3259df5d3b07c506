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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the simulator's input topics that do not exist yet, with the partition counts of {@code Topics}. */
public final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * Waits until every partition of the new topics has a leader: an idempotent producer that
   * writes into a partition still being set up can see its sequence numbers reset and its batches expire.
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean ready = true;
      try {
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
          for (TopicPartitionInfo p : d.partitions()) {
            ready &= p.leader() != null && !p.leader().isEmpty();
          }
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false;
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
      }
      Thread.sleep(100);
    }
  }

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
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another tool creating the same topics at the same moment is fine
          }
        }
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
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
