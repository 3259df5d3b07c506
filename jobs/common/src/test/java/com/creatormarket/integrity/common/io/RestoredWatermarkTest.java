package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.common.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A job restored with its offsets at the end of its input must still reach the event time the
 * first run had reached: otherwise decisions due there wait for input newer than the scenario. The
 * triage emits the watermark its partitions' checkpointed clocks stand for, over the partitions
 * its source subtask says it reads.
 */
class RestoredWatermarkTest {

  private static final long T0 = Instant.parse("2026-03-04T08:00:00Z").toEpochMilli();
  private static final Duration BOUND = Duration.ofMinutes(5);
  private static final String TOPIC = "content-findings";
  /** {@link TriageOperator}'s emission interval. */
  private static final long EMIT_EVERY = 200;

  @Test
  void afterARestoreTheTriageEmitsTheWatermarkOfItsPartitionsClocksWithNoNewInput() throws Exception {
    OperatorSubtaskState snapshot;
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> first = harness()) {
      first.open();
      assign(first, 0, 1, 2);
      first.processElement(record(0, T0 + hours(5)), T0 + hours(5));
      first.processElement(record(1, T0 + hours(2)), T0 + hours(2));
      first.processElement(heartbeat(2, T0 + hours(3)), T0 + hours(3));
      first.processElement(heartbeat(1, T0 + hours(4)), T0 + hours(4));
      snapshot = first.snapshot(1, 1);
    }
    // The restored source's first act: it says which partitions it reads; they carry nothing new.
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restored = restore(snapshot, 0, 1, 2)) {

      // The lowest clock (partition 2's heartbeat) minus the bound, as the source's own watermark.
      long expected = T0 + hours(3) - BOUND.toMillis() - 1;
      assertThat(watermarks(restored)).containsExactly(expected);

      // The restarted source's first, lower watermarks are not forwarded; a higher one is.
      restored.processWatermark(Long.MIN_VALUE);
      restored.processWatermark(expected - hours(1));
      restored.processWatermark(expected + 1);
      assertThat(watermarks(restored)).containsExactly(expected, expected + 1);
    }
  }

  @Test
  void onlyThePartitionsAssignedToTheSubtaskCount() throws Exception {
    OperatorSubtaskState snapshot;
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> first = harness()) {
      first.open();
      assign(first, 0, 1, 2, 3);
      first.processElement(heartbeat(0, T0 + hours(1)), T0 + hours(1));
      first.processElement(heartbeat(1, T0 + hours(1)), T0 + hours(1));
      first.processElement(heartbeat(2, T0 + hours(6)), T0 + hours(6));
      first.processElement(heartbeat(3, T0 + hours(7)), T0 + hours(7));
      snapshot = first.snapshot(1, 1);
    }
    // Rescaled: another subtask reads partitions 0 and 1.
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restored = restore(snapshot, 2, 3)) {

      assertThat(watermarks(restored)).containsExactly(T0 + hours(6) - BOUND.toMillis() - 1);
    }
  }

  @Test
  void aPartitionThatHasNeverCarriedAnythingHoldsTheWatermarkBack() throws Exception {
    OperatorSubtaskState snapshot;
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> first = harness()) {
      first.open();
      assign(first, 0, 1, 2);
      first.processElement(record(0, T0 + hours(5)), T0 + hours(5));
      first.processElement(record(1, T0 + hours(2)), T0 + hours(2));
      first.setProcessingTime(EMIT_EVERY);
      assertThat(watermarks(first)).isEmpty();
      snapshot = first.snapshot(1, 1);
    }
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restored = restore(snapshot, 0, 1, 2)) {
      assertThat(watermarks(restored)).isEmpty();

      restored.processElement(heartbeat(2, T0 + hours(4)), T0 + hours(4));
      restored.setProcessingTime(2 * EMIT_EVERY);
      assertThat(watermarks(restored)).containsExactly(T0 + hours(2) - BOUND.toMillis() - 1);
    }
  }

  @Test
  void assignmentNoticesAreNeverPassedOnNorDeadLettered() throws Exception {
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> fresh = harness()) {
      fresh.open();
      assign(fresh, 0, 1);
      assertThat(fresh.extractOutputValues()).isEmpty();
      assertThat(fresh.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
    }
  }

  @Test
  void theSourcesSplitIdNamesThePartition() {
    assertThat(KafkaIo.partitionOf("itest-7-engagement-events-11")).isEqualTo(11);
  }

  private static List<Long> watermarks(OneInputStreamOperatorTestHarness<?, ?> harness) {
    return harness.getOutput().stream().filter(Watermark.class::isInstance).map(w -> ((Watermark) w).getTimestamp()).toList();
  }

  private static OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new TriageOperator<>(new InputTriage<>("enforcement",
        Topics.CONTENT_FINDINGS.codec(), f -> f.getFoundAt().toEpochMilli(), BOUND)));
  }

  /** A fresh triage restored from {@code snapshot}, told its partitions, after one emission interval. */
  private static OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restore(OperatorSubtaskState snapshot,
      int... partitions) throws Exception {
    OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    assign(restored, partitions);
    restored.setProcessingTime(EMIT_EVERY);
    return restored;
  }

  private static void assign(OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness,
      int... partitions) throws Exception {
    for (int p : partitions) {
      harness.processElement(SourceRecord.assignment(TOPIC, p), Long.MIN_VALUE);
    }
  }

  private static long hours(int n) {
    return Duration.ofHours(n).toMillis();
  }

  private static SourceRecord<ContentFinding> record(int partition, long time) {
    SourceRecord<ContentFinding> read = new SourceRecord<>();
    read.value = ContentFinding.newBuilder().setFindingId("f-" + partition + "-" + time).setCreatorId("creator-1")
        .setKind(FindingKind.PRIVATE_DEAL).setSource("brand-monitor").setFoundAt(Instant.ofEpochMilli(time)).build();
    read.topic = TOPIC;
    read.partition = partition;
    read.eventTime = time;
    return read;
  }

  private static SourceRecord<ContentFinding> heartbeat(int partition, long time) {
    SourceRecord<ContentFinding> beat = new SourceRecord<>();
    beat.heartbeat = true;
    beat.topic = TOPIC;
    beat.partition = partition;
    beat.eventTime = time;
    return beat;
  }
}
