package com.creatormarket.integrity.console;

import static com.creatormarket.integrity.console.Rows.insertIfAbsent;
import static com.creatormarket.integrity.console.Rows.millis;
import static com.creatormarket.integrity.console.Rows.row;
import static com.creatormarket.integrity.console.Rows.text;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.MetricsGranularity;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.SignalFiring;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.common.io.KafkaConnection;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's outputs (read committed) into the store. Each poll is applied in one
 * transaction together with the next offsets, so a restart goes on exactly where the store is;
 * every row is keyed by its record's stable id, so reading a topic again changes nothing.
 * A record that does not decode goes to dead-letters (job {@value #JOB}) and is skipped.
 */
public final class TopicIngest implements Runnable, AutoCloseable {

  static final String JOB = "review-console";
  private static final Logger LOG = LoggerFactory.getLogger(TopicIngest.class);

  /** What the console reads. */
  static final List<Topic<?>> TOPICS = List.of(Topics.ORDERS, Topics.FLAGGED_CASES, Topics.PENALTIES,
      Topics.PENALTY_REVERSALS, Topics.ORDER_TERMINATIONS, Topics.REFUNDS, Topics.RETENTION_VIOLATIONS,
      Topics.AGENCY_ALERTS, Topics.REVIEW_DEADLINES, Topics.VERIFIED_METRICS, Topics.REVIEW_DECISIONS,
      Topics.DEAD_LETTERS, Topics.DETECTION_RULES, Topics.SHADOW_CASES);

  private final Store store;
  private final KafkaConnection kafka;
  private final TopicNames names;
  private final Duration poll;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile Map<TopicPartition, Long> lag = Map.of();
  private volatile boolean assigned;
  private volatile Throwable failure;

  public TopicIngest(Store store, KafkaConnection kafka, TopicNames names, Duration poll) {
    this.store = store;
    this.kafka = kafka;
    this.names = names;
    this.poll = poll;
  }

  /** Records applied since start (heartbeats not counted). */
  public long applied() {
    return applied.get();
  }

  public long unreadable() {
    return unreadable.get();
  }

  /** True once every partition of every topic is read up to its last stable offset as of the last poll. */
  public boolean caughtUp() {
    return assigned && lag.values().stream().allMatch(l -> l == 0);
  }

  public Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    Properties props = kafka.properties();
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("max.poll.records", "2000");
    props.put("client.id", "review-console-ingest");
    // A stored offset past a partition's end (the topic was recreated): read it again from the start;
    // rows are keyed by stable ids, so what was read before is not doubled.
    props.put("auto.offset.reset", "earliest");
    Properties producerProps = kafka.properties();
    producerProps.put("enable.idempotence", "true");
    producerProps.put("acks", "all");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
         KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> partitions = waitForTopics(consumer);
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> stored = storedOffsets();
      for (TopicPartition p : partitions) {
        Long next = stored.get(p);
        if (next == null) {
          consumer.seekToBeginning(List.of(p));
        } else {
          consumer.seek(p, next);
        }
      }
      assigned = true;
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(poll);
        if (!records.isEmpty()) {
          List<DeadLetter> unreadableRecords = new ArrayList<>();
          store.jdbi().useTransaction(h -> {
            long newest = Long.MIN_VALUE;
            for (ConsumerRecord<byte[], byte[]> r : records) {
              newest = Math.max(newest, applyOne(h, r, unreadableRecords));
            }
            advanceClock(h, newest);
            for (TopicPartition p : records.partitions()) {
              List<ConsumerRecord<byte[], byte[]>> of = records.records(p);
              saveOffset(h, p, of.get(of.size() - 1).offset() + 1);
            }
          });
          for (DeadLetter d : unreadableRecords) {
            deadLetters.send(new ProducerRecord<>(names.of(Topics.DEAD_LETTERS), JOB.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Topics.DEAD_LETTERS.codec().encode(d)));
          }
        }
        // Positions may pass commit markers without records: save them so "caught up" holds after a restart too.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> nowLag = new HashMap<>();
        for (TopicPartition p : partitions) {
          nowLag.put(p, Math.max(0, end.get(p) - consumer.position(p)));
        }
        lag = nowLag;
      }
    } catch (RuntimeException e) {
      if (running.get()) {
        failure = e;
        LOG.error("ingest stopped", e);
      }
    }
  }

  private List<TopicPartition> waitForTopics(KafkaConsumer<byte[], byte[]> consumer) {
    while (running.get()) {
      List<TopicPartition> partitions = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(30));
      for (Topic<?> t : TOPICS) {
        List<PartitionInfo> infos = all.get(names.of(t));
        if (infos == null || infos.isEmpty()) {
          missing.add(names.of(t));
        } else {
          infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
      }
      if (missing.isEmpty()) {
        return partitions;
      }
      LOG.warn("waiting for topics to exist: {}", missing);
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private Map<TopicPartition, Long> storedOffsets() {
    return store.jdbi().withHandle(h -> h.createQuery("SELECT topic, part, next_offset FROM ingest_offsets")
        .map((rs, ctx) -> Map.entry(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3)))
        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  private static void saveOffset(Handle h, TopicPartition p, long next) {
    int updated = h.createUpdate("UPDATE ingest_offsets SET next_offset = :n WHERE topic = :t AND part = :p")
        .bind("n", next).bind("t", p.topic()).bind("p", p.partition()).execute();
    if (updated == 0) {
      Rows.insert(h, "ingest_offsets", row("topic", p.topic(), "part", p.partition(), "next_offset", next));
    }
  }

  /** Applies one record; returns the event time it shows the pipeline has reached (MIN_VALUE when none). */
  private long applyOne(Handle h, ConsumerRecord<byte[], byte[]> r, List<DeadLetter> unreadableRecords) {
    Long heartbeat = Heartbeats.eventTime(r);
    if (heartbeat != null) {
      // Review decisions are the console's own input to the pipeline, not its progress.
      return names.topicOf(r.topic()) == Topics.REVIEW_DECISIONS ? Long.MIN_VALUE : heartbeat;
    }
    Topic<?> topic = names.topicOf(r.topic());
    SpecificRecord value;
    try {
      if (r.value() == null) {
        throw new IOException("empty value");
      }
      value = topic.codec().decode(r.value());
    } catch (IOException | RuntimeException e) {
      unreadable.incrementAndGet();
      LOG.warn("unreadable record on {}-{} at offset {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      unreadableRecords.add(unreadableLetter(r, e));
      return Long.MIN_VALUE;
    }
    boolean shadow = topic == Topics.SHADOW_CASES;
    if (shadow) {
      applyShadowCase(h, (FlaggedCase) value, r.value());
    } else {
      apply(h, value, r.topic(), r.partition(), r.offset(), r.value());
    }
    applied.incrementAndGet();
    return value instanceof FlaggedCase c && !shadow ? c.getLastEventTime().toEpochMilli() : Long.MIN_VALUE;
  }

  static void advanceClock(Handle h, long eventTime) {
    if (eventTime == Long.MIN_VALUE) {
      return;
    }
    int moved = h.createUpdate("UPDATE pipeline_clock SET event_time = :t WHERE clock_id = 1 AND event_time < :t")
        .bind("t", eventTime).execute();
    if (moved == 0 && !Rows.exists(h, "pipeline_clock", "clock_id", 1)) {
      Rows.insert(h, "pipeline_clock", row("clock_id", 1, "event_time", eventTime));
    }
  }

  /** Applies one decoded record; public for the store's own tests. */
  static void apply(Handle h, SpecificRecord value, String topicName, int partition, long offset, byte[] raw) {
    if (value instanceof OrderEvent e) {
      applyOrderEvent(h, e);
    } else if (value instanceof FlaggedCase c) {
      applyCase(h, c, raw);
    } else if (value instanceof Penalty p) {
      insertIfAbsent(h, "penalties", "penalty_id", row("penalty_id", p.getPenaltyId(), "creator_id", p.getCreatorId(),
          "agency_id", p.getAgencyId(), "cause", text(p.getCause()), "cause_id", p.getCauseId(), "order_id", p.getOrderId(),
          "points", p.getPointsDeducted() + p.getRepeatExtraPoints(), "score_before", p.getScoreBefore(),
          "score_after", p.getScoreAfter(), "sanction", text(p.getSanction()), "suspended_until", millis(p.getSuspendedUntil()),
          "event_time", millis(p.getEventTime())));
    } else if (value instanceof PenaltyReversal v) {
      insertIfAbsent(h, "penalty_reversals", "reversal_id", row("reversal_id", v.getReversalId(), "penalty_id", v.getPenaltyId(),
          "creator_id", v.getCreatorId(), "decision_id", v.getDecisionId(), "points_restored", v.getPointsRestored(),
          "event_time", millis(v.getEventTime())));
    } else if (value instanceof OrderTermination t) {
      insertIfAbsent(h, "terminations", "termination_id", row("termination_id", t.getTerminationId(), "order_id", t.getOrderId(),
          "creator_id", t.getCreatorId(), "cause", text(t.getCause()), "cause_id", t.getCauseId(), "event_time", millis(t.getEventTime())));
    } else if (value instanceof Refund f) {
      insertIfAbsent(h, "refunds", "refund_id", row("refund_id", f.getRefundId(), "order_id", f.getOrderId(),
          "advertiser_id", f.getAdvertiserId(), "creator_id", f.getCreatorId(), "amount_minor", f.getAmountMinor(),
          "currency", f.getCurrency(), "cause", text(f.getCause()), "cause_id", f.getCauseId(), "event_time", millis(f.getEventTime())));
    } else if (value instanceof RetentionViolation v) {
      insertIfAbsent(h, "retention_violations", "violation_id", row("violation_id", v.getViolationId(), "order_id", v.getOrderId(),
          "creator_id", v.getCreatorId(), "agency_id", v.getAgencyId(), "outcome", text(v.getOutcome()),
          "removal_kind", text(v.getRemovalKind()), "removed_at", millis(v.getRemovedAt())));
    } else if (value instanceof AgencyAlert a) {
      insertIfAbsent(h, "agency_alerts", "alert_id", row("alert_id", a.getAlertId(), "agency_id", a.getAgencyId(),
          "level", text(a.getLevel()), "violation_count", a.getViolationCount(), "threshold", a.getThreshold(),
          "event_time", millis(a.getEventTime())));
    } else if (value instanceof ReviewDeadline d) {
      insertIfAbsent(h, "review_deadlines", "deadline_id", row("deadline_id", d.getDeadlineId(), "case_id", d.getCaseId(),
          "kind", text(d.getKind()), "deadline", millis(d.getDeadline()), "event_time", millis(d.getEventTime())));
    } else if (value instanceof VerifiedMetrics m) {
      if (m.getGranularity() == MetricsGranularity.HOUR) {
        insertIfAbsent(h, "order_metrics", "metrics_id", row("metrics_id", m.getMetricsId(), "order_id", m.getOrderId(),
            "window_start", millis(m.getWindowStart()), "raw_views", m.getRawViews(), "valid_views", m.getValidViews(),
            "raw_likes", m.getRawLikes(), "valid_likes", m.getValidLikes(), "raw_follows", m.getRawFollows(),
            "valid_follows", m.getValidFollows()));
      }
    } else if (value instanceof ReviewDecision d) {
      applyDecision(h, d, partition, offset);
    } else if (value instanceof DetectionRule r) {
      insertIfAbsent(h, "detection_rules", "rule_id", row("rule_id", partition + ":" + offset, "version", r.getVersion(),
          "setting_key", clip(r.getSettingKey(), 200), "rule_value", clip(r.getValue(), 200), "effective_from", millis(r.getEffectiveFrom()),
          "changed_by", clip(r.getChangedBy(), 200), "reason", r.getReason() == null ? null : clip(r.getReason(), 2000),
          "src_partition", partition, "src_offset", offset));
    } else if (value instanceof DeadLetter d) {
      insertIfAbsent(h, "dead_letters", "dl_key", row("dl_key", partition + ":" + offset, "dl_partition", partition, "dl_offset", offset,
          "job", d.getJob(), "source_topic", d.getTopic(), "source_partition", d.getPartition(), "source_offset", d.getOffset(),
          "kind", text(d.getKind()), "reason", clip(d.getReason(), 4000), "reason_group", reasonGroup(d.getReason()),
          "event_time", millis(d.getEventTime())));
    }
  }

  private static void applyOrderEvent(Handle h, OrderEvent e) {
    if (!insertIfAbsent(h, "order_events", "event_id", row("event_id", e.getEventId(), "order_id", e.getOrderId(),
        "kind", text(e.getKind()), "event_time", millis(e.getEventTime())))) {
      return;
    }
    if (!Rows.exists(h, "orders", "order_id", e.getOrderId())) {
      Rows.insert(h, "orders", row("order_id", e.getOrderId(), "advertiser_id", e.getAdvertiserId(), "creator_id", e.getCreatorId(),
          "agency_id", e.getAgencyId(), "status", "CREATED", "updated_at", millis(e.getEventTime())));
    }
    String set;
    Map<String, Object> values = new HashMap<>();
    switch (e.getKind()) {
      case CREATED -> {
        set = "price_minor = :price, prepaid_minor = :prepaid, currency = :currency, retention_days = COALESCE(:retention, retention_days, 60),"
            + " created_at = :at, video_id = COALESCE(:video, video_id)";
        values.put("price", e.getPriceMinor());
        values.put("prepaid", e.getPrepaidMinor());
        values.put("currency", e.getCurrency());
        values.put("retention", e.getRetentionDays());
        values.put("video", e.getVideoId());
      }
      case VIDEO_PUBLISHED -> {
        set = "video_id = COALESCE(:video, video_id), published_at = :published";
        values.put("video", e.getVideoId());
        values.put("published", millis(e.getPublishedAt() != null ? e.getPublishedAt() : e.getEventTime()));
      }
      case RETENTION_CHANGED -> {
        set = "retention_days = COALESCE(:retention, retention_days)";
        values.put("retention", e.getRetentionDays());
      }
      case COMPLETED, CANCELLED, TERMINATED -> {
        set = "status = :status";
        values.put("status", e.getKind().name());
      }
      default -> {
        return;
      }
    }
    var update = h.createUpdate("UPDATE orders SET " + set + ", updated_at = :at WHERE order_id = :order")
        .bind("order", e.getOrderId()).bind("at", millis(e.getEventTime()));
    values.forEach(update::bind);
    update.execute();
  }

  /** A candidate rule set's case version (shadow mode): kept apart, never in the queue. */
  static void applyShadowCase(Handle h, FlaggedCase c, byte[] raw) {
    insertIfAbsent(h, "shadow_cases", "case_version_id", row("case_version_id", c.getCaseVersionId(), "case_id", c.getCaseId(),
        "order_id", c.getOrderId(), "version", c.getVersion(), "level", text(c.getLevel()), "risk_score", c.getRiskScore(),
        "rule_set_version", c.getRuleSetVersion(), "last_event_time", millis(c.getLastEventTime()),
        "record_avro", Base64.getEncoder().encodeToString(raw)));
  }

  private static void applyCase(Handle h, FlaggedCase c, byte[] raw) {
    String signals = c.getSignals().stream().map(SignalFiring::getSignal).sorted().distinct().collect(Collectors.joining(","));
    if (!insertIfAbsent(h, "case_versions", "case_version_id", row("case_version_id", c.getCaseVersionId(), "case_id", c.getCaseId(),
        "version", c.getVersion(), "level", text(c.getLevel()), "risk_score", c.getRiskScore(), "signal_names", clip(signals, 2000),
        "last_event_time", millis(c.getLastEventTime()), "record_avro", Base64.getEncoder().encodeToString(raw),
        "rule_set_version", c.getRuleSetVersion()))) {
      return;
    }
    Map<String, Object> current = h.createQuery("SELECT version, max_level, review_since FROM cases WHERE case_id = :c")
        .bind("c", c.getCaseId()).mapToMap().findOne().orElse(null);
    Long reviewSince = c.getLevel() == ResponseLevel.REVIEW ? millis(c.getLastEventTime()) : null;
    if (current == null) {
      Rows.insert(h, "cases", row("case_id", c.getCaseId(), "version", c.getVersion(), "order_id", c.getOrderId(),
          "video_id", c.getVideoId(), "creator_id", c.getCreatorId(), "advertiser_id", c.getAdvertiserId(),
          "agency_id", c.getAgencyId(), "level", text(c.getLevel()), "max_level", text(c.getLevel()),
          "risk_score", c.getRiskScore(), "signal_names", clip(signals, 2000), "first_flagged_at", millis(c.getFirstFlaggedAt()),
          "review_since", reviewSince, "last_event_time", millis(c.getLastEventTime())));
      return;
    }
    ResponseLevel maxLevel = ResponseLevel.valueOf((String) current.get("max_level"));
    if (c.getLevel().ordinal() > maxLevel.ordinal() && c.getLevel() != ResponseLevel.UNKNOWN) {
      maxLevel = c.getLevel();
    }
    Long since = (Long) current.get("review_since");
    if (reviewSince != null && (since == null || reviewSince < since)) {
      since = reviewSince;
    }
    h.createUpdate("UPDATE cases SET max_level = :max, review_since = :since WHERE case_id = :c")
        .bind("max", maxLevel.name()).bind("since", since).bind("c", c.getCaseId()).execute();
    if (c.getVersion() > ((Number) current.get("version")).intValue()) {
      h.createUpdate("UPDATE cases SET version = :v, level = :level, risk_score = :score, signal_names = :signals,"
              + " last_event_time = :t, agency_id = :agency WHERE case_id = :c")
          .bind("v", c.getVersion()).bind("level", text(c.getLevel())).bind("score", c.getRiskScore())
          .bind("signals", clip(signals, 2000)).bind("t", millis(c.getLastEventTime())).bind("agency", c.getAgencyId())
          .bind("c", c.getCaseId()).execute();
    }
  }

  private static void applyDecision(Handle h, ReviewDecision d, int partition, long offset) {
    int updated = h.createUpdate("UPDATE decisions SET on_topic = TRUE, status = 'SENT', topic_partition = :p, topic_offset = :o"
            + " WHERE decision_id = :d")
        .bind("p", partition).bind("o", offset).bind("d", d.getDecisionId()).execute();
    if (updated == 0) {
      Rows.insert(h, "decisions", row("decision_id", d.getDecisionId(), "case_id", d.getCaseId(), "order_id", d.getOrderId(),
          "reviewer_id", d.getReviewerId(), "outcome", text(d.getDecision()), "note", clip(d.getNote(), 4000), "case_version", null,
          "decided_at", millis(d.getDecidedAt()), "status", "SENT", "on_topic", true, "made_here", false,
          "topic_partition", partition, "topic_offset", offset, "penalty_id", d.getPenaltyId(), "creator_id", d.getCreatorId(),
          "appealed_at", millis(d.getAppealedAt())));
    }
  }

  /** Dead-letter reasons start with a code or a short phrase; the rest names the record. */
  static String reasonGroup(String reason) {
    if (reason == null || reason.isBlank()) {
      return "(no reason)";
    }
    int cut = reason.length();
    for (char c : new char[] {':', '(', ';', ','}) {
      int i = reason.indexOf(c);
      if (i > 0 && i < cut) {
        cut = i;
      }
    }
    return clip(reason.substring(0, cut).trim(), 200);
  }

  static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static DeadLetter unreadableLetter(ConsumerRecord<byte[], byte[]> r, Exception e) {
    byte[] value = r.value();
    return DeadLetter.newBuilder()
        .setJob(JOB).setTopic(r.topic()).setPartition(r.partition()).setOffset(r.offset())
        .setKind(DeadLetterKind.UNREADABLE)
        .setReason(clip("unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage(), 2000))
        .setKey(null).setValue(null)
        .setRecordTimestamp(Instant.ofEpochMilli(Math.max(0, r.timestamp())))
        .setEventTime(null)
        .setKeyLength(r.key() == null ? null : (long) r.key().length)
        .setValueLength(value == null ? null : (long) value.length)
        .setValueSha256(value == null ? null : sha256(value))
        .setTruncated(false)
        .build();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    running.set(false);
  }
}
