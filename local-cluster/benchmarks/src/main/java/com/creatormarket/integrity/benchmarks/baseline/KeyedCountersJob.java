package com.creatormarket.integrity.benchmarks.baseline;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.common.config.Settings;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * L2: L1 plus the smallest keyed work a real job does: a shuffle by video and one by account,
 * each into one RocksDB counter per key. Measures the cost of keyBy + state access, and the
 * state bytes one key costs at the least.
 */
public final class KeyedCountersJob {

  private KeyedCountersJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = BaselineOptions.fromArgs(args);
    StreamExecutionEnvironment env = BaselineOptions.environment(settings);
    build(env, settings);
    env.execute(settings.get(BaselineOptions.NAME));
  }

  public static void build(StreamExecutionEnvironment env, Settings settings) {
    DataStream<EngagementEvent> events = BaselineInput.engagement(env, settings).records();
    DataStream<Long> perVideo = events.keyBy(EngagementEvent::getVideoId, Types.STRING)
        .process(new CountPerKey()).returns(Types.LONG).uid(Uids.VIDEO_COUNTER).name(Uids.VIDEO_COUNTER);
    DataStream<Long> perAccount = events.keyBy(EngagementEvent::getAccountId, Types.STRING)
        .process(new CountPerKey()).returns(Types.LONG).uid(Uids.ACCOUNT_COUNTER).name(Uids.ACCOUNT_COUNTER);
    perVideo.union(perAccount).sinkTo(new DiscardingSink<>()).uid(Uids.COUNTER_DISCARD).name(Uids.COUNTER_DISCARD);
  }

  /** Counts events per key in one RocksDB value; emits nothing (the discard would drop it anyway). */
  static final class CountPerKey extends KeyedProcessFunction<String, EngagementEvent, Long> {
    private static final long serialVersionUID = 1L;
    static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Types.LONG);

    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext openContext) {
      count = getRuntimeContext().getState(COUNT);
    }

    @Override
    public void processElement(EngagementEvent event, Context ctx, Collector<Long> out) throws Exception {
      Long c = count.value();
      count.update(c == null ? 1L : c + 1);
    }
  }
}
