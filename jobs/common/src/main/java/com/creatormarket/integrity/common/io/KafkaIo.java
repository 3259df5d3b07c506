package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka sources and exactly-once sinks for the pipeline's topics. */
public final class KafkaIo {

  private KafkaIo() {}

  /** Serializable key extractor for a sink. */
  @FunctionalInterface
  public interface KeyOf<T> extends java.io.Serializable {
    String of(T record);
  }

  /**
   * Reads a topic read-committed with per-partition watermarks, and triages it: records that are
   * too large, do not decode, break {@code check} or carry an incredible event time are set aside in
   * the source thread, before they could move a watermark; they and late records go to the
   * returned dead-letter stream.
   */
  public static <T extends SpecificRecord> Input<T> read(StreamExecutionEnvironment env, Settings settings, String job,
      Topic<T> topic, EventTime<T> eventTime, RecordCheck<T> check, String sourceUid, String triageUid) {
    return read(env, settings, job, topic, eventTime, check, sourceUid, triageUid, LateRecords.DEAD_LETTER);
  }

  /**
   * As {@link #read(StreamExecutionEnvironment, Settings, String, Topic, EventTime, RecordCheck, String, String)},
   * with a choice of what happens to a record later than {@code source.allowed-lateness}: a LATE
   * dead letter ({@link LateRecords#DEAD_LETTER}), or counted and passed on ({@link LateRecords#GO_ON}).
   */
  public static <T extends SpecificRecord> Input<T> read(StreamExecutionEnvironment env, Settings settings, String job,
      Topic<T> topic, EventTime<T> eventTime, RecordCheck<T> check, String sourceUid, String triageUid, LateRecords late) {
    AvroCodec<T> codec = topic.codec();
    String topicName = KafkaKnobs.topicName(settings, topic);
    KafkaConnection kafka = KafkaConnection.of(settings);
    KafkaSourceBuilder<SourceRecord<T>> builder = KafkaSource.<SourceRecord<T>>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topicName)
        .setGroupId(job)
        .setDeserializer(new SourceRecordDeserializer<>(new DoorChecks<>(codec, check, eventTime,
            settings.get(KafkaKnobs.MAX_RECORD_BYTES), settings.get(KafkaKnobs.MAX_EVENT_TIME_AHEAD)), SourceRecord.typeOf(codec)))
        .setStartingOffsets(OffsetsInitializer.committedOffsets(
            settings.get(KafkaKnobs.START_FROM) == KafkaKnobs.StartFrom.EARLIEST ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
        // Upstream jobs write transactionally: only committed records are facts.
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .setProperty("partition.discovery.interval.ms", "60000");
    kafka.security().forEach(builder::setProperty);
    if (settings.get(KafkaKnobs.BOUNDED)) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    // One bound for the watermark and for lateness: a record on time is never behind a watermark.
    Duration lateness = settings.get(KafkaKnobs.MAX_OUT_OF_ORDERNESS).plus(settings.get(KafkaKnobs.ALLOWED_LATENESS));
    SingleOutputStreamOperator<SourceRecord<T>> raw = env.fromSource(new EveryPartitionHoldsTime<>(builder.build(), SourceRecord.typeOf(codec),
                splitId -> SourceRecord.assignment(topicName, partitionOf(splitId))),
            ReadableWatermarks.strategy(lateness, settings.get(KafkaKnobs.IDLENESS)),
            sourceUid)
        .uid(sourceUid)
        .returns(SourceRecord.typeOf(codec));
    // A source subtask without a partition would hold back the job's watermark forever (no idleness):
    // never more subtasks than partitions.
    int parallelism = env.getParallelism();
    if (parallelism > topic.partitions()) {
      raw.setParallelism(topic.partitions());
    }
    SingleOutputStreamOperator<T> records = raw
        .transform(triageUid, TypeInformation.of(codec.type()),
            new TriageOperator<>(new InputTriage<>(job, codec, eventTime, lateness, late)))
        .uid(triageUid)
        .name(triageUid);
    if (parallelism > topic.partitions()) {
      records.setParallelism(topic.partitions());
    }
    return new Input<>(records, records.getSideOutput(DeadLetters.TAG));
  }

  /** The partition of a Kafka split, whose id is {@code topic-partition}. */
  static int partitionOf(String splitId) {
    return Integer.parseInt(splitId.substring(splitId.lastIndexOf('-') + 1));
  }

  /** An exactly-once (transactional) sink; its transactional ids start with {@code job-uid}. */
  public static <T extends SpecificRecord> KafkaSink<T> exactlyOnceSink(Settings settings, String job, String sinkUid,
      Topic<T> topic, KeyOf<T> key) {
    AvroCodec<T> codec = topic.codec();
    String name = KafkaKnobs.topicName(settings, topic);
    KafkaRecordSerializationSchema<T> serializer = (record, context, timestamp) ->
        new ProducerRecord<>(name, key.of(record).getBytes(StandardCharsets.UTF_8), codec.encode(record));
    return transactionalSink(settings, job + "-" + sinkUid, serializer);
  }

  private static <E> KafkaSink<E> transactionalSink(Settings settings, String transactionalIdPrefix,
      KafkaRecordSerializationSchema<E> serializer) {
    KafkaConnection kafka = KafkaConnection.of(settings);
    Properties producer = new Properties();
    producer.putAll(kafka.security());
    producer.setProperty("transaction.timeout.ms", Long.toString(settings.get(KafkaKnobs.TRANSACTION_TIMEOUT).toMillis()));
    producer.setProperty("enable.idempotence", "true");
    return KafkaSink.<E>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setKafkaProducerConfig(producer)
        .build();
  }

  /**
   * As {@link #sink}, for a topic another job reads: with {@code sink.heartbeat-every} above zero,
   * every partition also gets a heartbeat that often, at the watermark minus {@code decisionDelay}
   * (how far behind its watermark the job may still emit an output's event time), so the reader's
   * time moves on where this job writes nothing ({@link OutputHeartbeats}). One subtask writes the
   * topic: its watermark is the lowest of every upstream subtask's, and each upstream channel
   * delivers in order, so no record written after a heartbeat is older than the heartbeat claims.
   * With several writers a heartbeat would speak only for its own subtask's records. (Topics read by
   * another job carry decisions, not traffic: one writer is plenty.)
   */
  public static <T extends SpecificRecord> void sinkWithHeartbeats(DataStream<T> stream, Settings settings, String job,
      String sinkUid, Topic<T> topic, KeyOf<T> key, Duration decisionDelay) {
    long every = settings.get(KafkaKnobs.SINK_HEARTBEAT_EVERY).toMillis();
    if (every == 0) {
      sink(stream, settings, job, sinkUid, topic, key);
      return;
    }
    AvroCodec<T> codec = topic.codec();
    String name = KafkaKnobs.topicName(settings, topic);
    KafkaRecordSerializationSchema<Outgoing<T>> serializer = (out, context, timestamp) -> out.value == null
        ? Heartbeats.record(name, out.partition, out.heartbeatAt)
        : new ProducerRecord<>(name, key.of(out.value).getBytes(StandardCharsets.UTF_8), codec.encode(out.value));
    String heartbeatsUid = sinkUid + "-heartbeats";
    stream.transform(heartbeatsUid, Outgoing.typeOf(codec), new OutputHeartbeats<T>(topic.partitions(), every, decisionDelay.toMillis()))
        .uid(heartbeatsUid).setParallelism(1).setMaxParallelism(1)
        // Always heads its own chain: chained behind a parallelism-1 upstream it would take that
        // vertex's max parallelism (128) into the savepoint, and the job at parallelism 2 (where it
        // cannot chain) could not restore it (max parallelism mismatch).
        .startNewChain()
        .sinkTo(transactionalSink(settings, job + "-" + sinkUid, serializer)).uid(sinkUid).name(sinkUid).setParallelism(1);
  }

  /** Writes a stream to its topic exactly once, with the sink's uid and name. */
  public static <T extends SpecificRecord> void sink(DataStream<T> stream, Settings settings, String job, String sinkUid,
      Topic<T> topic, KeyOf<T> key) {
    stream.sinkTo(exactlyOnceSink(settings, job, sinkUid, topic, key)).uid(sinkUid).name(sinkUid);
  }
}
