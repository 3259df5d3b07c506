package com.creatormarket.integrity.simulator.output;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The simulator's file format for replays and backtests: one file per topic, named
 * {@code <topic>.avro-records}, holding exactly the key and value bytes the topic would get.
 *
 * <pre>
 * file   := magic "CMSIMREC" (8 bytes ASCII) version (int32 = 1) topicNameLength (int32) topicName (UTF-8) record*
 * record := eventTimeMs (int64) keyLength (int32) key (UTF-8) valueLength (int32) value (Avro single-object encoding)
 * </pre>
 * All integers are big-endian. Records are in non-decreasing event time within a file.
 */
public final class RecordFiles {

  public static final byte[] MAGIC = "CMSIMREC".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;

  private RecordFiles() {}

  public static Path file(Path dir, Topic<?> topic) {
    return dir.resolve(topic.name() + InputTopic.FILE_SUFFIX);
  }

  /** Writes every simulated topic into its own file under a directory. */
  public static final class Writer implements RecordSink {
    private final Map<InputTopic, DataOutputStream> files = new EnumMap<>(InputTopic.class);
    private final long[] counts = new long[InputTopic.values().length];

    public Writer(Path dir) throws IOException {
      Files.createDirectories(dir);
      for (InputTopic t : InputTopic.values()) {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(t.fileName())), 1 << 20));
        out.write(MAGIC);
        out.writeInt(VERSION);
        byte[] name = t.topic().name().getBytes(StandardCharsets.UTF_8);
        out.writeInt(name.length);
        out.write(name);
        files.put(t, out);
      }
    }

    @Override
    public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) throws IOException {
      DataOutputStream out = files.get(topic);
      out.writeLong(eventTimeMs);
      out.writeInt(key.length);
      out.write(key);
      out.writeInt(length);
      out.write(value, 0, length);
      counts[topic.ordinal()]++;
    }

    public long count(InputTopic topic) {
      return counts[topic.ordinal()];
    }

    @Override
    public void flush() throws IOException {
      for (DataOutputStream out : files.values()) {
        out.flush();
      }
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (DataOutputStream out : files.values()) {
        try {
          out.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /** Reads one file record by record; the arrays returned are fresh for each record. */
  public static final class Reader implements AutoCloseable {
    private final DataInputStream in;
    private final String topicName;
    private final Path file;
    private long eventTimeMs;
    private byte[] key;
    private byte[] value;

    public Reader(Path file) throws IOException {
      this.file = file;
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
      this.in = new DataInputStream(raw);
      try {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
          throw new IOException(file + ": not a simulator record file (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
          throw new IOException(file + ": record file version " + version + ", this reader knows " + VERSION);
        }
        byte[] name = new byte[in.readInt()];
        in.readFully(name);
        this.topicName = new String(name, StandardCharsets.UTF_8);
      } catch (IOException e) {
        in.close();
        throw e instanceof EOFException ? new IOException(file + ": truncated header", e) : e;
      }
    }

    public String topicName() {
      return topicName;
    }

    /** Advances to the next record; false at the end of the file. */
    public boolean next() throws IOException {
      long time;
      try {
        time = in.readLong();
      } catch (EOFException end) {
        return false;
      }
      try {
        key = new byte[in.readInt()];
        in.readFully(key);
        value = new byte[in.readInt()];
        in.readFully(value);
      } catch (EOFException e) {
        throw new IOException(file + ": truncated record", e);
      }
      eventTimeMs = time;
      return true;
    }

    public long eventTimeMs() {
      return eventTimeMs;
    }

    public byte[] key() {
      return key;
    }

    public String keyText() {
      return new String(key, StandardCharsets.UTF_8);
    }

    public byte[] value() {
      return value;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Decodes every record of a topic's file under {@code dir}, in file order. */
  public static <T extends SpecificRecord> List<T> readAll(Path dir, Topic<T> topic) throws IOException {
    List<T> out = new ArrayList<>();
    forEach(dir, topic, out::add);
    return out;
  }

  /** Streams the decoded records of a topic's file under {@code dir}, in file order. */
  public static <T extends SpecificRecord> void forEach(Path dir, Topic<T> topic, Consumer<T> action) throws IOException {
    AvroCodec<T> codec = topic.codec();
    try (Reader reader = new Reader(file(dir, topic))) {
      while (reader.next()) {
        action.accept(codec.decode(reader.value()));
      }
    }
  }

  /**
   * Replays the files under {@code dir} into a sink (e.g. {@link KafkaSink}) merged in event-time order
   * across topics; ties go in topic order (engagement, orders, lifecycle, findings). Returns the records written.
   */
  public static long replay(Path dir, RecordSink sink) throws IOException {
    InputTopic[] topics = InputTopic.values();
    Reader[] readers = new Reader[topics.length];
    boolean[] live = new boolean[topics.length];
    long written = 0;
    try {
      for (int i = 0; i < topics.length; i++) {
        Path f = dir.resolve(topics[i].fileName());
        if (Files.exists(f)) {
          readers[i] = new Reader(f);
          live[i] = readers[i].next();
        }
      }
      while (true) {
        int best = -1;
        for (int i = 0; i < topics.length; i++) {
          if (live[i] && (best < 0 || readers[i].eventTimeMs() < readers[best].eventTimeMs())) {
            best = i;
          }
        }
        if (best < 0) {
          break;
        }
        Reader r = readers[best];
        sink.write(topics[best], r.key(), r.value(), r.value().length, r.eventTimeMs());
        written++;
        live[best] = r.next();
      }
      sink.flush();
    } finally {
      for (Reader r : readers) {
        if (r != null) {
          r.close();
        }
      }
    }
    return written;
  }
}
