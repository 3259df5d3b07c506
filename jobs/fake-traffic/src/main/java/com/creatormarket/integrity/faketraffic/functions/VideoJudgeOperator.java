package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.common.time.EventTimeOrderedOperator;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.rules.RuleHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The video stage's operator ({@link VideoJudge} in event-time order) with run-time rules on a
 * second, broadcast input: the rules the job's rule gate accepted. Each is added to the stage's
 * {@link RuleHistory} and counts from its own event time. The gate holds its output's watermark at
 * the stage's own input watermark, so a rule always arrives before this operator's watermark passes
 * the rule's time. The accepted rules are broadcast state: a restore (or a rescale) keeps the rule
 * set, whatever the rules topic holds by then.
 */
public final class VideoJudgeOperator extends EventTimeOrderedOperator<String, VideoNotice, FlaggedCase>
    implements TwoInputStreamOperator<VideoNotice, DetectionRule, FlaggedCase> {

  private static final long serialVersionUID = 1L;

  /** Broadcast state name: never change it. */
  static final MapStateDescriptor<Long, DetectionRule> RULES = new MapStateDescriptor<>("detection-rules", Types.LONG,
      TypeInformation.of(DetectionRule.class));

  private transient BroadcastState<Long, DetectionRule> accepted;

  VideoJudgeOperator(VideoJudge judge, TypeInformation<VideoNotice> type, int maxOnHeap) {
    super("video-input-pending", judge, type, maxOnHeap);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    accepted = context.getOperatorStateStore().getBroadcastState(RULES);
    RuleHistory built = userFunction().rules();
    if (context.isRestored()) {
      // The restored rule set replaces the one the job was built with.
      List<DetectionRule> rules = new ArrayList<>();
      for (Map.Entry<Long, DetectionRule> e : accepted.entries()) {
        rules.add(e.getValue());
      }
      userFunction().rules(new RuleHistory(built.startUp(), rules));
    } else {
      for (DetectionRule r : built.rules()) {
        accepted.put(r.getVersion(), r);
      }
    }
  }

  private VideoJudge userFunction() {
    return (VideoJudge) getUserFunction();
  }

  @Override
  public void processElement1(StreamRecord<VideoNotice> element) throws Exception {
    processElement(element);
  }

  @Override
  public void processElement2(StreamRecord<DetectionRule> element) throws Exception {
    DetectionRule rule = element.getValue();
    RuleHistory rules = userFunction().rules();
    if (rules.knows(rule)) {
      return;
    }
    rules.accept(rule);
    accepted.put(rule.getVersion(), rule);
    // Settings built for the old rule set are dropped: a bucket after the rule's time needs the new ones.
    userFunction().rules(rules);
  }
}
