package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.common.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Lateness is a property of a record's place in its own partition, not of how partitions happened
 * to interleave or of a restart: the triage's verdicts for one partition's records are the same
 * whatever other partitions send in between, and survive a restore from a snapshot.
 */
class PartitionLatenessTest {

  private static final long T0 = Instant.parse("2026-03-04T08:00:00Z").toEpochMilli();
  private static final Duration BOUND = Duration.ofMinutes(5);

  @Test
  void anotherPartitionRunningFarAheadMakesNoRecordLate() throws Exception {
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness = harness()) {
      // Partition 1 is a day ahead (its producer caught up in a burst); partition 0 goes on in order.
      harness.processElement(record(1, "f-ahead", T0 + Duration.ofDays(1).toMillis()), T0 + Duration.ofDays(1).toMillis());
      harness.processWatermark(T0 + Duration.ofDays(1).toMillis() - BOUND.toMillis());
      harness.processElement(record(0, "f-1", T0), T0);
      harness.processElement(record(0, "f-2", T0 + 60_000), T0 + 60_000);

      assertThat(harness.extractOutputValues()).extracting(ContentFinding::getFindingId).containsExactly("f-ahead", "f-1", "f-2");
      assertThat(harness.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
    }
  }

  @Test
  void aRecordBehindItsOwnPartitionByMoreThanTheBoundIsLateAndStaysLateAfterARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness = unopened()) {
      harness.open();
      harness.processElement(record(0, "f-new", T0 + Duration.ofHours(1).toMillis()), T0 + Duration.ofHours(1).toMillis());
      // Within the bound: on time.
      harness.processElement(record(0, "f-within", T0 + Duration.ofHours(1).minusMinutes(4).toMillis()), T0);
      snapshot = harness.snapshot(1, 1);
    }
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> restored = unopened()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(record(0, "f-late", T0), T0);
      restored.processElement(record(1, "f-other-partition", T0), T0);

      assertThat(restored.extractOutputValues()).extracting(ContentFinding::getFindingId).containsExactly("f-other-partition");
      List<DeadLetter> dead = restored.getSideOutput(DeadLetters.TAG).stream().map(r -> (DeadLetter) ((StreamRecord<?>) r).getValue()).toList();
      assertThat(dead).singleElement().satisfies(d -> {
        assertThat(d.getReason()).startsWith("late: event time " + T0 + " is 3600000 ms behind an earlier record of partition 0");
      });
    }
  }

  private static OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(new InputTriage<>("enforcement", Topics.CONTENT_FINDINGS.codec(),
        f -> f.getFoundAt().toEpochMilli(), BOUND));
  }

  private static OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> unopened() throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new InputTriage<>("enforcement",
        Topics.CONTENT_FINDINGS.codec(), f -> f.getFoundAt().toEpochMilli(), BOUND)));
  }

  private static SourceRecord<ContentFinding> record(int partition, String id, long time) {
    SourceRecord<ContentFinding> read = new SourceRecord<>();
    read.value = ContentFinding.newBuilder().setFindingId(id).setCreatorId("creator-1").setKind(FindingKind.PRIVATE_DEAL)
        .setSource("brand-monitor").setFoundAt(Instant.ofEpochMilli(time)).build();
    read.topic = "content-findings";
    read.partition = partition;
    read.eventTime = time;
    return read;
  }
}
