package com.creatormarket.integrity.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  private static final AvroCodec<EngagementEvent> CODEC = AvroCodec.of(EngagementEvent.class);

  static EngagementEvent view() {
    return EngagementEvent.newBuilder().setEventId("e1").setKind(EngagementKind.VIEW).setVideoId("v1").setCreatorId("c1")
        .setAccountId("a1").setDeviceId("d1").setNetworkPrefix("10.1.2.0/24").setAccountCreatedAt(Instant.parse("2024-01-01T00:00:00Z"))
        .setCountry("CN").setClient("ios-1").setWatchTimeMillis(1500L).setVideoLengthMillis(30_000L)
        .setEventTime(Instant.parse("2026-03-01T08:00:00.123Z")).build();
  }

  @Test
  void roundTripsWithTheFingerprintInTheHeader() throws IOException {
    byte[] bytes = CODEC.encode(view());

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(EngagementEvent.getClassSchema()));
    assertThat(CODEC.decode(bytes)).isEqualTo(view());
  }

  @Test
  void historyKnowsEveryTopicsSchema() {
    for (Topic<?> topic : Topics.ALL) {
      long fp = SchemaNormalization.parsingFingerprint64(topic.codec().schema());
      assertThat(SchemaHistory.get().findByFingerprint(fp)).as(topic.name()).isNotNull();
    }
  }

  @Test
  void decodesARecordWrittenWithAnOlderSchema() throws IOException {
    // The older writer did not have videoLengthMillis yet; the reader fills the field's default.
    Schema current = EngagementEvent.getClassSchema();
    List<Schema.Field> olderFields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("videoLengthMillis")) {
        olderFields.add(new Schema.Field(f, f.schema()));
      }
    }
    Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, olderFields);
    GenericRecord old = new GenericData.Record(older);
    EngagementEvent v = view();
    for (Schema.Field f : older.getFields()) {
      Object value = v.get(f.name());
      if (value instanceof Instant i) {
        value = i.toEpochMilli();
      } else if (value instanceof Enum<?> e) {
        value = new GenericData.EnumSymbol(f.schema(), e.name());
      }
      old.put(f.name(), value);
    }
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();
    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(older);

    EngagementEvent decoded = AvroCodec.withWriterSchemas(EngagementEvent.class, store).decode(bytes);

    assertThat(decoded.getEventId()).isEqualTo("e1");
    assertThat(decoded.getWatchTimeMillis()).isEqualTo(1500L);
    assertThat(decoded.getVideoLengthMillis()).isNull();
    assertThat(decoded.getEventTime()).isEqualTo(v.getEventTime());
  }

  @Test
  void garbageAndUnknownSchemasAreIoErrorsNotCrashes() {
    assertThatThrownBy(() -> CODEC.decode("hello".getBytes())).isInstanceOf(IOException.class).hasMessageContaining("header");
    byte[] unknown = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    assertThatThrownBy(() -> CODEC.decode(unknown)).isInstanceOf(IOException.class);
    byte[] truncated = CODEC.encode(view());
    assertThatThrownBy(() -> CODEC.decode(java.util.Arrays.copyOf(truncated, 14))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CODEC.decode(null)).isInstanceOf(IOException.class).hasMessageContaining("tombstone");
  }
}
