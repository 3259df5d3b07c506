package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.RecordCheck;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** The engagement input exactly as the pipeline jobs read it: KafkaIo.read (read-committed, decode, watermarks, triage). */
final class BaselineInput {

  private BaselineInput() {}

  static Input<EngagementEvent> engagement(StreamExecutionEnvironment env, Settings settings) {
    Input<EngagementEvent> input = KafkaIo.read(env, settings, settings.get(BaselineOptions.NAME), Topics.ENGAGEMENT,
        e -> e.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.ENGAGEMENT_SOURCE, Uids.ENGAGEMENT_TRIAGE);
    // The benchmark data has no bad records; dead letters are discarded rather than written.
    input.deadLetters().sinkTo(new DiscardingSink<>()).uid(Uids.DEAD_LETTER_DISCARD).name(Uids.DEAD_LETTER_DISCARD);
    return input;
  }
}
