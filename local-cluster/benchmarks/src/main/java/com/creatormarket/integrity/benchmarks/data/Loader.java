package com.creatormarket.integrity.benchmarks.data;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates a data set's topics and writes its records once, as fast as the broker takes them. */
public final class Loader {

  private final String bootstrap;

  public Loader(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Creates every pipeline topic under the prefix (the jobs write their outputs there too), plus extras. */
  public void createTopics(String prefix, Map<String, String> engagementConfig, List<Topic<?>> extra) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    List<Topic<?>> all = new ArrayList<>(Topics.ALL);
    all.addAll(extra);
    for (Topic<?> t : all) {
      NewTopic nt = new NewTopic(prefix + t.name(), t.partitions(), (short) 1);
      Map<String, String> config = new HashMap<>();
      if (t.compacted()) {
        config.put("cleanup.policy", "compact");
      }
      if (t.equals(Topics.ENGAGEMENT)) {
        config.putAll(engagementConfig);
      }
      topics.add(nt.configs(config));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Producer settings shared by the loader and the latency probe: batched, lz4, idempotent. */
  public static Properties producerConfig(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L << 20));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: on this one-node broker an idempotent producer writing to just-created topics
    // was seen resetting its sequence numbers (OutOfOrderSequenceException until the batch expired).
    // Retries could then duplicate a batch; every run compares the events read with those written.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    return p;
  }

  /** Writes the shape's records under its prefix and returns what was written. */
  public Synthetic.Stats load(Shape shape, List<Topic<?>> extraTopics) throws Exception {
    createTopics(shape.prefix(), Map.of(), extraTopics);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Map<Class<?>, AvroCodec<?>> codecs = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
      for (Topic<?> t : Topics.ALL) {
        producer.partitionsFor(shape.prefix() + t.name()); // waits until the new topics' metadata is known
      }
      Synthetic.Stats stats = Synthetic.generate(shape, new Synthetic.Out() {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends SpecificRecord> void send(Topic<T> topic, String key, T value) {
          AvroCodec<T> codec = (AvroCodec<T>) codecs.computeIfAbsent(topic.valueType(), c -> topic.codec());
          producer.send(new ProducerRecord<>(shape.prefix() + topic.name(), key.getBytes(StandardCharsets.UTF_8),
              codec.encode(value)), (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
        }
      });
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("loading " + shape.prefix() + " failed: " + failure.get(), failure.get());
      }
      return stats;
    }
  }
}
