package com.creatormarket.integrity.retention.functions;

import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.retention.model.OrderTerms;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/** The early-removal rule in Flink's operator harness, with generic (Kryo) types disabled. */
final class RuleHarness implements AutoCloseable {

  final RetentionPolicy policy;
  final KeyedTwoInputStreamOperatorTestHarness<String, OrderTerms, VideoLifecycleEvent, RetentionViolation> harness;
  private int taken;

  RuleHarness(RetentionPolicy policy) throws Exception {
    this(policy, null);
  }

  RuleHarness(RetentionPolicy policy, OperatorSubtaskState restoreFrom) throws Exception {
    this.policy = policy;
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new EarlyRemovalRule(policy)),
        t -> t.videoId, VideoLifecycleEvent::getVideoId, Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
  }

  /** Order terms as the router forwards them, stamped with the time of the event that produced them. */
  RuleHarness order(OrderTerms terms, long at) throws Exception {
    harness.processElement1(terms, at);
    return this;
  }

  RuleHarness lifecycle(VideoLifecycleEvent event) throws Exception {
    harness.processElement2(event, event.getEventTime().toEpochMilli());
    return this;
  }

  RuleHarness watermark(long at) throws Exception {
    harness.processBothWatermarks(new Watermark(at));
    return this;
  }

  /** Moves the watermark to where the timeline point is decided. */
  RuleHarness decide(long timelinePoint) throws Exception {
    return watermark(policy.decisionTime(timelinePoint));
  }

  /** Violations emitted since the last call. */
  List<RetentionViolation> newViolations() {
    List<RetentionViolation> all = harness.extractOutputValues();
    List<RetentionViolation> fresh = new ArrayList<>(all.subList(taken, all.size()));
    taken = all.size();
    return fresh;
  }

  List<RetentionViolation> allViolations() {
    return harness.extractOutputValues();
  }

  int stateEntries() {
    return harness.numKeyedStateEntries();
  }

  int timers() {
    return harness.numEventTimeTimers();
  }

  OperatorSubtaskState snapshot() throws Exception {
    return harness.snapshot(1L, 1L);
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
