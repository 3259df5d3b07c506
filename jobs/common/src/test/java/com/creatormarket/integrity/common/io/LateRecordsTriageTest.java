package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.avro.FindingKind;
import java.time.Instant;
import java.time.Duration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The input triage's choice for late records: {@link LateRecords#GO_ON}, as the enforcement job reads
 * its five inputs (money facts are never dropped for being slow), next to every other job's default.
 */
class LateRecordsTriageTest {

  @ParameterizedTest
  @EnumSource(LateRecords.class)
  void aRecordAnHourBehindItsPartitionGoesOnOrToDeadLettersAsChosen(LateRecords late) throws Exception {
    InputTriage<ContentFinding> triage = new InputTriage<>("enforcement", Topics.CONTENT_FINDINGS.codec(),
        f -> f.getFoundAt().toEpochMilli(), Duration.ofMinutes(5), late);
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(triage)) {
      ContentFinding finding = ContentFinding.newBuilder().setFindingId("f-1").setCreatorId("creator-1")
          .setKind(FindingKind.PRIVATE_DEAL).setSource("brand-monitor").setFoundAt(Instant.parse("2026-03-04T08:00:00Z")).build();
      long time = finding.getFoundAt().toEpochMilli();
      // Its partition has already carried time an hour on (a heartbeat).
      SourceRecord<ContentFinding> beat = new SourceRecord<>();
      beat.heartbeat = true;
      beat.topic = "content-findings";
      beat.eventTime = time + Duration.ofHours(1).toMillis();
      harness.processElement(beat, beat.eventTime);
      SourceRecord<ContentFinding> read = new SourceRecord<>();
      read.value = finding;
      read.topic = "content-findings";
      read.offset = 7;
      read.eventTime = time;
      harness.processElement(read, time);

      var deadLetters = harness.getSideOutput(DeadLetters.TAG);
      if (late == LateRecords.GO_ON) {
        assertThat(harness.extractOutputValues()).containsExactly(finding);
        assertThat(deadLetters == null ? java.util.List.of() : deadLetters).isEmpty();
      } else {
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters).extracting(r -> ((StreamRecord<?>) r).getValue()).singleElement().satisfies(d -> {
          assertThat(((com.creatormarket.integrity.avro.DeadLetter) d).getKind()).isEqualTo(DeadLetterKind.LATE);
        });
      }
    }
  }
}
