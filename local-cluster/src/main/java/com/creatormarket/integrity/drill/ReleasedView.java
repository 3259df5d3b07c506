package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.SchemaHistory;
import com.creatormarket.integrity.schemas.SchemaCatalog;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;

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
}
