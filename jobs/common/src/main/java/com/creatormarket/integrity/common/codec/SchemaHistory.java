package com.creatormarket.integrity.common.codec;

import com.creatormarket.integrity.schemas.SchemaCatalog;
import com.creatormarket.integrity.schemas.SchemaSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Knows every released and current version of every contract by its single-object fingerprint,
 * so a reader can decode records written with an older (or newer, released) schema.
 */
public final class SchemaHistory implements SchemaStore {

  private static final SchemaHistory INSTANCE = new SchemaHistory();

  private final Map<Long, Schema> byFingerprint = new HashMap<>();

  private SchemaHistory() {
    for (SchemaSet set : SchemaCatalog.allVersions()) {
      for (Schema schema : set.records().values()) {
        byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), schema);
      }
    }
  }

  public static SchemaHistory get() {
    return INSTANCE;
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public int size() {
    return byFingerprint.size();
  }
}
