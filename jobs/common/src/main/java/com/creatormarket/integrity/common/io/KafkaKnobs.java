package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import java.time.Duration;
import java.util.List;

/** Knobs every job has: where Kafka is, where to start reading, and the event-time tolerances. */
public final class KafkaKnobs {

  private KafkaKnobs() {}

  /** Where a job starts reading when its consumer group has no committed offsets. */
  public enum StartFrom { EARLIEST, LATEST }

  public static final Knob<String> BOOTSTRAP_SERVERS = Knob.text("kafka.bootstrap-servers", "127.0.0.1:9092",
      "Kafka brokers to read from and write to.");
  public static final Knob<String> CLIENT_CONFIG = Knob.text("kafka.client-config", "-",
      "Kafka client properties file with this principal's credentials (SASL/SCRAM over TLS); '-' means a plaintext broker"
          + " that asks no name. Read where each client is made, so it must exist on every TaskManager.");
  public static final Knob<String> TOPIC_PREFIX = Knob.text("kafka.topic-prefix", "-",
      "Prefix put before every topic name, to run several environments on one broker; '-' means none.");
  public static final Knob<StartFrom> START_FROM = Knob.choice("kafka.start-from", StartFrom.EARLIEST,
      "Where to start when the job's consumer group has no committed offsets.");
  public static final Knob<Boolean> BOUNDED = Knob.flag("kafka.bounded", false,
      "Stop at the offsets that are latest at start-up (backtests and replays) instead of running forever.");
  public static final Knob<Duration> TRANSACTION_TIMEOUT = Knob.duration("kafka.transaction-timeout",
      Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(15),
      "Kafka transaction timeout of the exactly-once sinks; must stay under the broker's transaction.max.timeout.ms (15m) and well above checkpoint interval plus restart time.");
  public static final Knob<Duration> MAX_OUT_OF_ORDERNESS = Knob.duration("source.max-out-of-orderness",
      Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1),
      "How far behind the newest event of a partition an event may arrive and still count as in order.");
  public static final Knob<Duration> IDLENESS = Knob.duration("source.idleness", Duration.ZERO,
      Duration.ZERO, Duration.ofHours(1),
      "0 (default): a partition never stops holding back the watermark; time moves on by producers' heartbeats, so outputs"
          + " depend on the input only. Otherwise a partition silent this long (wall clock) stops holding it back, and a record"
          + " it sends after that may turn late depending on timing.");
  public static final Knob<Duration> ALLOWED_LATENESS = Knob.duration("source.allowed-lateness", Duration.ofMinutes(5),
      Duration.ZERO, Duration.ofDays(1),
      "Added to source.max-out-of-orderness: each partition's watermark trails its newest event by both. An event further"
          + " behind the newest earlier event of its own partition than that is LATE: counted, and sent to dead letters"
          + " (or passed on where a job says so), the same on every run.");

  public static final Knob<Duration> SINK_HEARTBEAT_EVERY = Knob.duration("sink.heartbeat-every", Duration.ofMinutes(10),
      Duration.ZERO, Duration.ofDays(1),
      "How often (event time) a job writes a heartbeat to every partition of a topic another job reads, so that job's"
          + " time moves on where nothing is written; 0 turns them off (the reader then needs source.idleness).");
  public static final Knob<Integer> MAX_RECORD_BYTES = Knob.integer("source.max-record-bytes", 64 * 1024, 1024, 8 * 1024 * 1024,
      "Input records larger than this many bytes go to dead letters as UNREADABLE (too-large) without being decoded.");
  public static final Knob<Duration> MAX_EVENT_TIME_AHEAD = Knob.duration("source.max-event-time-ahead", Duration.ofHours(1),
      Duration.ZERO, Duration.ofDays(7),
      "An input record whose event time is more than this after its Kafka timestamp (when it was sent) goes to dead letters as INVALID (future-event-time) and never moves a watermark.");

  /** The topic's name in this environment. */
  public static String topicName(Settings settings, Topic<?> topic) {
    String prefix = settings.get(TOPIC_PREFIX);
    return prefix.equals("-") ? topic.name() : prefix + topic.name();
  }

  public static final List<Knob<?>> ALL = List.of(BOOTSTRAP_SERVERS, CLIENT_CONFIG, TOPIC_PREFIX, START_FROM, BOUNDED, TRANSACTION_TIMEOUT,
      MAX_OUT_OF_ORDERNESS, IDLENESS, ALLOWED_LATENESS, SINK_HEARTBEAT_EVERY, MAX_RECORD_BYTES, MAX_EVENT_TIME_AHEAD);
}
