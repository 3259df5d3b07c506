package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.SchemaHistory;
import com.creatormarket.integrity.common.io.CommittedRecords;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.schemas.SchemaCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records as a released version of the contracts reads them: each value decoded with its writer's
 * schema (found by fingerprint) into that release's schema of its type, so fields added since are
 * left out. Outputs of a build and of an earlier release then compare field for field: what an
 * upgrade may not change (issue #19) is everything the earlier release already wrote.
 */
public final class ReleasedView {

  private final String label;
  private final Map<String, Schema> schemas;

  private ReleasedView(String label, Map<String, Schema> schemas) {
    this.label = label;
    this.schemas = schemas;
  }

  /** The released contracts {@code label} (e.g. {@code v5}, a folder of {@code schemas/released/}). */
  public static ReleasedView of(String label) {
    return new ReleasedView(label, SchemaCatalog.allVersions().stream().filter(s -> s.label().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no released contracts " + label + " in schemas/released/")).records());
  }

  public String label() {
    return label;
  }

  /** A value of the topic in Avro's JSON form as the release reads it. */
  public String render(Topic<?> topic, byte[] value) throws IOException {
    Schema reader = schemas.get(topic.valueType().getSimpleName());
    if (reader == null) {
      throw new IllegalArgumentException(topic.name() + " carries " + topic.valueType().getSimpleName() + ", which release " + label
          + " does not have");
    }
    return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), reader, SchemaHistory.get()).decode(value).toString();
  }

  /**
   * Every committed record of {@code topicName} (which carries {@code topic}'s records, perhaps under
   * a prefix) as the release reads it, sorted; heartbeats left out. Two runs compare as multisets.
   */
  public List<String> committed(KafkaConnection kafka, String topicName, Topic<?> topic) {
    List<String> lines = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, topicName)) {
      if (Heartbeats.isHeartbeat(r)) {
        continue;
      }
      try {
        lines.add(render(topic, r.value()));
      } catch (IOException e) {
        throw new UncheckedIOException("a record of " + topicName + " at offset " + r.partition() + "/" + r.offset()
            + " does not decode as " + topic.valueType().getSimpleName(), e);
      }
    }
    lines.sort(null);
    return lines;
  }
}
