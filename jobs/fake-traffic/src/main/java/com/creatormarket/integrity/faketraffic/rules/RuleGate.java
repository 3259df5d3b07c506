package com.creatormarket.integrity.faketraffic.rules;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Decides, in one place (parallelism 1), which run-time rules the job takes: input 1 carries no
 * records, only the video stage's watermark (its input, filtered to nothing); input 2 the rules
 * read from detection-rules. A rule is judged against that watermark ({@link RuleHistory#rejection}):
 * accepted ones go on, rejected ones to dead letters with the reason. Its output carries this
 * watermark too, and the video stage waits for it: a rule accepted here reaches every video subtask
 * before their watermark can pass the rule's time, so every subtask applies it from the same bucket.
 * The rules' own watermarks are ignored: a compacted topic with a change a month has no event time
 * to hold the job back with.
 *
 * <p>The accepted rules are operator state. A fresh start first reads the whole topic itself and
 * takes what it holds (before the job's first watermark, so none is late) and sends those on before
 * any watermark: a replay cannot read its traffic past a rule its source has not reached yet. The
 * source then reads them again; a rule taken already is passed over.
 */
public final class RuleGate extends AbstractStreamOperator<DetectionRule>
    implements TwoInputStreamOperator<VideoNotice, DetectionRule, DetectionRule> {

  private static final long serialVersionUID = 1L;

  /** Operator state name: never change it. */
  static final ListStateDescriptor<DetectionRule> ACCEPTED = new ListStateDescriptor<>("accepted-rules",
      TypeInformation.of(DetectionRule.class));

  private final String job;
  private final String topic;
  private final Settings reading;
  private final DetectionSettings startUp;
  private transient RuleHistory history;
  /** Rules taken from the topic at a fresh start, not sent on yet. */
  private transient List<DetectionRule> unsent;
  private transient ListState<DetectionRule> accepted;
  private transient long watermark;
  private transient Counter acceptedCount;
  private transient Counter rejectedCount;

  /** @param reading the job's settings, to read the rules topic with at a fresh start */
  public RuleGate(String job, Settings reading, DetectionSettings startUp) {
    this.job = job;
    this.topic = KafkaKnobs.topicName(reading, Topics.DETECTION_RULES);
    this.reading = reading;
    this.startUp = startUp;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    accepted = context.getOperatorStateStore().getListState(ACCEPTED);
    history = new RuleHistory(startUp);
    if (context.isRestored()) {
      for (DetectionRule r : accepted.get()) {
        history.accept(r);
      }
    } else {
      history = RuleTopic.accepted(startUp, RuleTopic.read(reading));
    }
    // Sent again after a restore: a checkpoint may have come between taking a rule and sending it;
    // the video stage passes over the rules it has.
    unsent = history.rules();
    watermark = Long.MIN_VALUE;
  }

  @Override
  public void open() throws Exception {
    super.open();
    acceptedCount = getMetricGroup().counter("rulesAccepted");
    rejectedCount = getMetricGroup().counter("rulesRejected");
    getMetricGroup().gauge("ruleSetVersion", () -> history.latestVersion());
  }

  @Override
  public void processElement1(StreamRecord<VideoNotice> element) {
    // The watermark feed carries no records.
  }

  private void sendTakenAtStart() {
    if (!unsent.isEmpty()) {
      for (DetectionRule r : unsent) {
        output.collect(new StreamRecord<>(r));
      }
      unsent = List.of();
    }
  }

  @Override
  public void processElement2(StreamRecord<DetectionRule> element) {
    sendTakenAtStart();
    DetectionRule rule = element.getValue();
    if (history.knows(rule)) {
      // Read again (a fresh start takes the topic's rules at submission, then reads them as well).
      return;
    }
    Rejection problem = history.rejection(rule, watermark);
    if (problem != null) {
      rejectedCount.inc();
      output.collect(DeadLetters.TAG, new StreamRecord<>(deadLetter(rule, problem)));
      return;
    }
    history.accept(rule);
    acceptedCount.inc();
    output.collect(new StreamRecord<>(rule));
  }

  private DeadLetter deadLetter(DetectionRule rule, Rejection problem) {
    DeadLetter.Builder b = DeadLetter.newBuilder()
        .setJob(job)
        .setTopic(topic)
        // The triage passed on the rule, not where it was read or when it was sent: -1 for partition and
        // offset, and the rule's own time for the record's; the reason names the version, the value holds the rule.
        .setPartition(-1)
        .setOffset(-1)
        .setKind(DeadLetterKind.INVALID)
        .setRecordTimestamp(rule.getEffectiveFrom())
        .setEventTime(rule.getEffectiveFrom());
    return DeadLetters.withReasonAndPayload(b, problem.reason() + " (rule version " + rule.getVersion() + ", "
            + rule.getSettingKey() + " = " + rule.getValue() + ", by " + rule.getChangedBy() + ")",
        rule.getSettingKey().getBytes(StandardCharsets.UTF_8), Topics.DETECTION_RULES.codec().encode(rule)).build();
  }

  /** Only the video stage's time counts. */
  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    sendTakenAtStart();
    watermark = Math.max(watermark, mark.getTimestamp());
    super.processWatermark(mark);
  }

  @Override
  public void processWatermark2(Watermark mark) {
    // A rule's time is when it applies, not how far the rules have come.
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    accepted.update(history.rules());
  }
}
