package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.common.Topics;
import java.time.Duration;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class InputTriageTest {

  @Test
  void aHeartbeatPassesNothingOnAndIsNoDeadLetter() throws Exception {
    InputTriage<ContentFinding> triage = new InputTriage<>("enforcement", Topics.CONTENT_FINDINGS.codec(),
        f -> f.getFoundAt().toEpochMilli(), Duration.ofMinutes(5));
    try (OneInputStreamOperatorTestHarness<SourceRecord<ContentFinding>, ContentFinding> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(triage)) {
      SourceRecord<ContentFinding> beat = new SourceRecord<>();
      beat.heartbeat = true;
      beat.eventTime = 1_000_000L;
      beat.topic = "content-findings";
      harness.processElement(beat, beat.eventTime);

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(harness.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
    }
  }
}
