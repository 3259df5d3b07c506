package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Bad records for every input topic of the pipeline, each with the dead letter it must become:
 * every kind of unreadable value (random bytes, empty, truncated, unknown schema fingerprint, a
 * record of another topic, tombstones, a null key, a first string claiming 1.9 GB, a 1,048,400-byte
 * record), a record dated 2100, records that break one rule of their topic, and a large mix of
 * undecodable values. The same seed gives the same bytes. {@link #main} writes them to a running
 * cluster; tests and drills write them with {@link PoisonWriter} and find each one's dead letters
 * by topic, partition and offset.
 *
 * <p>Usage: {@code PoisonRecords BOOTSTRAP TOPIC_PREFIX COUNT SEED [LISTING_FILE [EVENT_TIME]]}:
 * TOPIC_PREFIX {@code -} for none, COUNT the size of the undecodable mix, LISTING_FILE (optional) a
 * TSV of every record written: topic, partition, offset, label, expected kind and reason code,
 * reading jobs; EVENT_TIME (ISO instant, default a minute ago) the time of the decodable ones.
 */
public final class PoisonRecords {

  /** What the 18-byte record's first string claims: 1.9 GB. */
  public static final long CLAIMED_STRING_BYTES = 1_900_000_000L;
  /** Just under the broker's default record limit (1 MiB + 12 bytes) with key and batch overhead, far over the jobs' 64 KiB. */
  public static final int OVERSIZED_RECORD_BYTES = 1_048_400;
  public static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");
  /** Size of the undecodable mix by default. */
  public static final int DEFAULT_MIX = 10_000;

  public static final String UNDECODABLE = "undecodable";
  public static final String TOMBSTONE = "tombstone";
  public static final String TOO_LARGE = "too-large";
  public static final String FUTURE_EVENT_TIME = "future-event-time";

  // Labels of the kinds every input topic gets.
  public static final String RANDOM_BYTES = "random-bytes";
  public static final String EMPTY_VALUE = "empty-value";
  public static final String TRUNCATED = "truncated";
  public static final String UNKNOWN_FINGERPRINT = "unknown-fingerprint";
  public static final String OTHER_TOPIC_RECORD = "other-topic-record";
  public static final String TOMBSTONE_RECORD = "tombstone";
  public static final String TOMBSTONE_NULL_KEY = "tombstone-null-key";
  public static final String NULL_KEY = "null-key";
  public static final String CLAIMS_GIGABYTES = "claims-1.9-GB-string";
  public static final String OVERSIZED = "oversized-1048400-bytes";
  public static final String DATED_2100 = "dated-2100";
  /** Label prefix of the undecodable mix. */
  public static final String MIX = "mix:";

  private static final long MIX_SALT = 0x5DEECE66DL;

  private PoisonRecords() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4 || args.length > 6) {
      System.err.println("usage: PoisonRecords BOOTSTRAP TOPIC_PREFIX COUNT SEED [LISTING_FILE [EVENT_TIME]]   (TOPIC_PREFIX '-' for none)");
      System.exit(2);
    }
    String bootstrap = args[0];
    String prefix = args[1].equals("-") ? "" : args[1];
    int count = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    // Decodable bad records are dated now, or inside the traffic they go with (a drill's scenario): were a
    // rule missing, they would land among its events.
    Instant eventTime = args.length == 6 ? Instant.parse(args[5]) : Instant.now().minus(Duration.ofMinutes(1));
    List<PoisonRecord> records = all(count, seed, eventTime);
    long began = System.nanoTime();
    List<WrittenPoison> written;
    try (PoisonWriter writer = new PoisonWriter(KafkaConnection.forTool(bootstrap), prefix)) {
      written = writer.write(records);
    }
    System.out.printf("poison: %,d bad records written to %s (prefix '%s', seed %d) in %.1f s%n", written.size(), bootstrap,
        prefix, seed, (System.nanoTime() - began) / 1e9);
    printSummary(written, System.out);
    if (args.length >= 5) {
      writeListing(written, Path.of(args[4]));
      System.out.println("poison: listing of every record in " + args[4]);
    }
  }

  /** Every kind of bad record for every input topic, then the undecodable mix of {@code mixCount}. */
  public static List<PoisonRecord> all(int mixCount, long seed, Instant eventTime) {
    List<PoisonRecord> all = new ArrayList<>(everyKind(seed, eventTime));
    all.addAll(undecodableMix(mixCount, seed));
    return all;
  }

  /**
   * For each input topic, one record of every kind: unreadable values, a record dated 2100, and the
   * topic's rule breakers. Decodable ones other than the 2100 record are dated {@code eventTime};
   * ids start with {@code poison-}.
   */
  public static List<PoisonRecord> everyKind(long seed, Instant eventTime) {
    Random rng = new Random(seed);
    String run = "poison-" + Long.toUnsignedString(seed, 36);
    List<PoisonRecord> out = new ArrayList<>();
    List<Topic<?>> topics = InputReaders.TOPICS;
    for (int i = 0; i < topics.size(); i++) {
      Topic<?> topic = topics.get(i);
      Topic<?> other = topics.get((i + 1) % topics.size());
      String id = run + "-" + i;
      SpecificRecord good = WellFormedRecords.of(topic, id, eventTime);
      byte[] wellFormed = WellFormedRecords.encode(topic, good);
      byte[] key = WellFormedRecords.key(topic, good);
      out.add(unreadable(topic, RANDOM_BYTES, key, UndecodableValues.randomBytes(rng, 200), UNDECODABLE));
      out.add(unreadable(topic, EMPTY_VALUE, key, new byte[0], UNDECODABLE));
      out.add(unreadable(topic, TRUNCATED, key, UndecodableValues.truncated(wellFormed, rng), UNDECODABLE));
      out.add(unreadable(topic, UNKNOWN_FINGERPRINT, key, UndecodableValues.unknownFingerprint(wellFormed, rng), UNDECODABLE));
      out.add(unreadable(topic, OTHER_TOPIC_RECORD, key,
          WellFormedRecords.encode(other, WellFormedRecords.of(other, id + "-other", eventTime)), UNDECODABLE));
      out.add(unreadable(topic, TOMBSTONE_RECORD, key, null, TOMBSTONE));
      out.add(unreadable(topic, TOMBSTONE_NULL_KEY, null, null, TOMBSTONE));
      out.add(unreadable(topic, NULL_KEY, null, UndecodableValues.randomBytes(rng, 200), UNDECODABLE));
      out.add(unreadable(topic, CLAIMS_GIGABYTES, key,
          UndecodableValues.claimsHugeString(good.getSchema(), CLAIMED_STRING_BYTES), UNDECODABLE));
      out.add(unreadable(topic, OVERSIZED, key, WellFormedRecords.ofSize(topic, id + "-big", eventTime, OVERSIZED_RECORD_BYTES),
          TOO_LARGE));
      SpecificRecord future = WellFormedRecords.of(topic, id + "-2100", YEAR_2100);
      out.add(new PoisonRecord(topic, DATED_2100, WellFormedRecords.key(topic, future), WellFormedRecords.encode(topic, future),
          DeadLetterKind.INVALID, FUTURE_EVENT_TIME));
      for (RuleBreakers.Breach b : RuleBreakers.of(topic, id, eventTime)) {
        out.add(new PoisonRecord(topic, b.label(), b.key(), WellFormedRecords.encode(topic, b.value()), DeadLetterKind.INVALID, b.code()));
      }
    }
    return out;
  }

  /**
   * {@code count} undecodable values spread at random over the input topics: random bytes, empty
   * values, truncated records, unknown fingerprints, strings claiming more bytes than there are
   * (up to 2 GB, or a negative length), and records of another topic; one key in ten is null.
   */
  public static List<PoisonRecord> undecodableMix(int count, long seed) {
    Random rng = new Random(seed ^ MIX_SALT);
    List<Topic<?>> topics = InputReaders.TOPICS;
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    List<PoisonRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Topic<?> topic = topics.get(rng.nextInt(topics.size()));
      byte[] key = rng.nextInt(10) == 0 ? null : ("mix-" + i).getBytes(StandardCharsets.UTF_8);
      String id = "poison-mix-" + i;
      byte[] value;
      String kind;
      switch (rng.nextInt(6)) {
        case 0 -> {
          kind = RANDOM_BYTES;
          value = UndecodableValues.randomBytes(rng, 300);
        }
        case 1 -> {
          kind = EMPTY_VALUE;
          value = new byte[0];
        }
        case 2 -> {
          kind = TRUNCATED;
          value = UndecodableValues.truncated(WellFormedRecords.encode(topic, WellFormedRecords.of(topic, id, at)), rng);
        }
        case 3 -> {
          kind = UNKNOWN_FINGERPRINT;
          value = UndecodableValues.unknownFingerprint(WellFormedRecords.encode(topic, WellFormedRecords.of(topic, id, at)), rng);
        }
        case 4 -> {
          kind = "claims-too-long-string";
          long claim = rng.nextInt(8) == 0 ? -(1 + rng.nextInt(Integer.MAX_VALUE)) : 1_000 + rng.nextInt(Integer.MAX_VALUE - 1_000);
          value = UndecodableValues.claimsHugeString(WellFormedRecords.of(topic, id, at).getSchema(), claim);
        }
        default -> {
          kind = OTHER_TOPIC_RECORD;
          Topic<?> other = topics.get((topics.indexOf(topic) + 1 + rng.nextInt(topics.size() - 1)) % topics.size());
          value = WellFormedRecords.encode(other, WellFormedRecords.of(other, id, at));
        }
      }
      out.add(unreadable(topic, MIX + kind, key, value, UNDECODABLE));
    }
    return out;
  }

  /** Dead letters the records must become, per job: one per reading job and record. */
  public static Map<String, Long> expectedDeadLettersPerJob(List<WrittenPoison> written) {
    Map<String, Long> perJob = new TreeMap<>();
    for (WrittenPoison w : written) {
      for (String job : w.record().readers()) {
        perJob.merge(job, 1L, Long::sum);
      }
    }
    return perJob;
  }

  /** Counts per topic and label, with the expected kind and code, and the dead letters each job must write. */
  public static void printSummary(List<WrittenPoison> written, PrintStream out) {
    Map<String, Map<String, Integer>> perTopic = new TreeMap<>();
    for (WrittenPoison w : written) {
      String label = w.record().label() + " -> " + w.record().kind() + " " + w.record().code();
      perTopic.computeIfAbsent(w.topicName(), t -> new TreeMap<>()).merge(label, 1, Integer::sum);
    }
    perTopic.forEach((topic, labels) -> {
      out.printf("  %s: %,d records%n", topic, labels.values().stream().mapToInt(Integer::intValue).sum());
      labels.forEach((label, n) -> out.printf("    %6d  %s%n", n, label));
    });
    out.println("  dead letters expected per job: " + expectedDeadLettersPerJob(written));
  }

  /** One line per record written: topic, partition, offset, label, kind, code, reading jobs. */
  public static void writeListing(List<WrittenPoison> written, Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.write(file, listing(written), StandardCharsets.UTF_8);
  }

  /** The listing's lines: a header, then per record its topic, partition, offset, label, kind, code and reading jobs. */
  static List<String> listing(List<WrittenPoison> written) {
    List<String> lines = new ArrayList<>();
    lines.add("topic\tpartition\toffset\tlabel\tkind\tcode\treaders");
    for (WrittenPoison p : written) {
      lines.add(String.join("\t", p.topicName(), Integer.toString(p.partition()), Long.toString(p.offset()), p.record().label(),
          p.record().kind().name(), p.record().code(), String.join(",", p.record().readers())));
    }
    return lines;
  }

  private static PoisonRecord unreadable(Topic<?> topic, String label, byte[] key, byte[] value, String code) {
    return new PoisonRecord(topic, label, key, value, DeadLetterKind.UNREADABLE, code);
  }

  /** The records in a seeded random order: how a drill interleaves kinds and topics. */
  public static List<PoisonRecord> shuffled(List<PoisonRecord> records, long seed) {
    List<PoisonRecord> copy = new ArrayList<>(records);
    Collections.shuffle(copy, new Random(seed));
    return copy;
  }
}
