package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.avro.EngagementEvent;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Writes an engagement event's Avro single-object encoding straight from pre-encoded UTF-8 parts:
 * the hot path of the simulator, with no record object, no String and no boxing per event. It
 * writes the same bytes as {@code AvroCodec.encode} (a test compares them) for the schema it was
 * written against; {@link #matchesSchema()} tells the generator when the contract has moved on, so
 * it can fall back to the generic writer instead of writing wrong bytes.
 */
public final class EngagementEncoder {

  /** The fields, in order, this encoder writes: name and Avro type as in EngagementEvent.avsc. */
  private static final List<String> LAYOUT = List.of(
      "eventId:STRING", "kind:ENUM", "videoId:STRING", "creatorId:STRING", "accountId:STRING", "deviceId:STRING",
      "networkPrefix:STRING", "accountCreatedAt:LONG", "country:STRING", "client:STRING", "watchTimeMillis:UNION",
      "videoLengthMillis:UNION", "eventTime:LONG");

  private final byte[] header = new byte[10];
  private final boolean matches;
  private byte[] buf = new byte[512];
  private int pos;

  public EngagementEncoder() {
    Schema schema = EngagementEvent.getClassSchema();
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    List<String> actual = schema.getFields().stream().map(f -> f.name() + ":" + f.schema().getType()).toList();
    matches = actual.equals(LAYOUT) && unionOfNullAndLong(schema.getField("watchTimeMillis").schema())
        && unionOfNullAndLong(schema.getField("videoLengthMillis").schema());
  }

  private static boolean unionOfNullAndLong(Schema union) {
    return union.getTypes().size() == 2 && union.getTypes().get(0).getType() == Schema.Type.NULL
        && union.getTypes().get(1).getType() == Schema.Type.LONG;
  }

  public boolean matchesSchema() {
    return matches;
  }

  /** Encodes one event; {@code watchTime} below 0 means a non-view (both union fields null). Returns the length. */
  public int encode(byte[] eventId, int eventIdLength, int kindIndex, byte[] videoId, byte[] creatorId, byte[] accountId,
      byte[] deviceId, byte[] networkPrefix, long accountCreatedMs, byte[] country, byte[] client, long watchTime,
      long videoLength, long eventTimeMs) {
    pos = 0;
    ensure(10 + 12 * 10 + eventIdLength + videoId.length + creatorId.length + accountId.length + deviceId.length
        + networkPrefix.length + country.length + client.length);
    System.arraycopy(header, 0, buf, 0, header.length);
    pos = header.length;
    string(eventId, eventIdLength);
    varLong(kindIndex);
    string(videoId, videoId.length);
    string(creatorId, creatorId.length);
    string(accountId, accountId.length);
    string(deviceId, deviceId.length);
    string(networkPrefix, networkPrefix.length);
    varLong(accountCreatedMs);
    string(country, country.length);
    string(client, client.length);
    if (watchTime >= 0) {
      varLong(1);
      varLong(watchTime);
      varLong(1);
      varLong(videoLength);
    } else {
      varLong(0);
      varLong(0);
    }
    varLong(eventTimeMs);
    return pos;
  }

  public byte[] buffer() {
    return buf;
  }

  private void string(byte[] bytes, int length) {
    varLong(length);
    System.arraycopy(bytes, 0, buf, pos, length);
    pos += length;
  }

  /** Avro's zig-zag variable-length long. */
  private void varLong(long value) {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buf[pos++] = (byte) n;
  }

  private void ensure(int size) {
    if (size > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size, buf.length * 2));
    }
  }
}
