package com.creatormarket.integrity.backtest;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.common.io.EventTime;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * A simulator record file as a bounded stream, as fast as it can be read: one reader task decodes
 * the file (records are in event-time order) and emits a watermark every second of event time, in
 * band, so the job's event-time logic runs as it would on a live topic. The reader applies the
 * job's door rules as its Kafka source would: a record that breaks them is left out and counted in
 * the accumulator {@code rejected <topic>: <code>} (see {@link #rejections}).
 */
public final class RecordFileSource {

  /** Name prefix of the accumulators that count the records a reader left out. */
  static final String REJECTED = "rejected ";

  private RecordFileSource() {}

  public static <T extends SpecificRecord> DataStream<T> read(StreamExecutionEnvironment env, Path dir, Topic<T> topic,
      EventTime<T> eventTime, RecordCheck<T> check, String uid) {
    String file = RecordFiles.file(dir, topic).toAbsolutePath().toString();
    return env.fromSource(new NumberSequenceSource(0, 0), WatermarkStrategy.noWatermarks(), uid + "-trigger")
        .uid(uid + "-trigger").setParallelism(1)
        .flatMap(new FileReader<>(file, topic.codec(), topic.name(), check)).returns(topic.codec().type())
        .uid(uid + "-reader").name(uid + "-reader").setParallelism(1)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<T>forGenerator(c -> new EverySecond<>())
            .withTimestampAssigner((e, previous) -> eventTime.of(e)))
        .uid(uid + "-watermarks").name(uid + "-watermarks").setParallelism(1);
  }

  /** Records the readers of a finished run left out, per {@code <topic>: <code>}; empty when none. */
  public static Map<String, Long> rejections(JobExecutionResult result) {
    Map<String, Long> counts = new TreeMap<>();
    result.getAllAccumulatorResults().forEach((name, value) -> {
      if (name.startsWith(REJECTED)) {
        counts.put(name.substring(REJECTED.length()), ((Number) value).longValue());
      }
    });
    return counts;
  }

  static final class FileReader<T extends SpecificRecord> extends RichFlatMapFunction<Long, T> {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final AvroCodec<T> codec;
    private final String topic;
    private final RecordCheck<T> check;

    FileReader(String file, AvroCodec<T> codec, String topic, RecordCheck<T> check) {
      this.file = file;
      this.codec = codec;
      this.topic = topic;
      this.check = check;
    }

    @Override
    public void flatMap(Long ignored, Collector<T> out) throws Exception {
      Map<String, LongCounter> rejected = new HashMap<>();
      try (RecordFiles.Reader reader = new RecordFiles.Reader(Path.of(file))) {
        while (reader.next()) {
          T record = codec.decode(reader.value());
          Rejection rejection;
          try {
            rejection = check.problem(record);
          } catch (RuntimeException e) {
            rejection = Rejection.of("rule-error", e.toString()); // as at the Kafka door: the record's fault, not the run's
          }
          if (rejection == null) {
            out.collect(record);
          } else {
            rejected.computeIfAbsent(rejection.code(), code -> getRuntimeContext().getLongCounter(REJECTED + topic + ": " + code))
                .add(1L);
          }
        }
      }
    }
  }

  /** Punctuated: the reader holds its task for the whole file, so periodic watermarks would never come. */
  static final class EverySecond<T> implements WatermarkGenerator<T> {
    private long max = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      if (emitted == Long.MIN_VALUE || max - emitted >= 1000) {
        emitted = max - 1;
        output.emitWatermark(new Watermark(emitted));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Everything is emitted in onEvent.
    }
  }
}
