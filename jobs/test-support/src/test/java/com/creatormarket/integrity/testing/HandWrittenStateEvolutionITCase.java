package com.creatormarket.integrity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.serializers.HandWrittenSerializer;
import com.creatormarket.integrity.common.serializers.HandWrittenTypeInfo;
import com.creatormarket.integrity.common.serializers.Layout;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoint upgrade of hand-written state (issue #19): a job keeps keyed RocksDB state whose class
 * gains a field between two builds. The first build (layout version 1) runs and stops with a
 * savepoint; the second (version 2) restores it, every key's state read back with its counts intact
 * and the new field at its default, and goes on; a third start from the second's savepoint reads
 * what the migration wrote in the new layout. The two builds are one class here, switched by
 * {@link #BUILD}: the MiniCluster runs in this JVM.
 */
class HandWrittenStateEvolutionITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;
  @TempDir Path savepoints;

  private static final int KEYS = 8;
  /** The build whose layout the serializer writes: 1 before the field was added, 2 after. */
  static volatile int BUILD = 1;
  static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());
  /** Numbers counted so far in this JVM: the first run stops once every key has state. */
  static final java.util.concurrent.atomic.AtomicLong COUNTED = new java.util.concurrent.atomic.AtomicLong();

  /** Per key: how many numbers and their sum; {@code note} came with build 2. */
  @TypeInfo(TallySerializer.Factory.class)
  public static class Tally {
    public long count;
    public long sum;
    public String note;
  }

  public static final class TallySerializer extends HandWrittenSerializer<Tally> {
    private static final long serialVersionUID = 1L;

    public TallySerializer() {
      super(Tally.class);
    }

    @Override
    public int version() {
      return BUILD;
    }

    @Override
    public String layout(int version) {
      // Build 1's class had no note; build 2 declares what build 1 wrote.
      return version == 1 ? "count:long,sum:long" : version == 2 && BUILD == 2 ? Layout.of(Tally.class) : null;
    }

    @Override
    protected void write(Tally v, DataOutputView out) throws IOException {
      out.writeLong(v.count);
      out.writeLong(v.sum);
      if (BUILD >= 2) {
        writeString(v.note, out);
      }
    }

    @Override
    protected Tally read(DataInputView in) throws IOException {
      return read(in, BUILD);
    }

    @Override
    protected Tally read(DataInputView in, int version) throws IOException {
      Tally t = new Tally();
      t.count = in.readLong();
      t.sum = in.readLong();
      t.note = version >= 2 ? readString(in) : "before the upgrade";
      return t;
    }

    public static final class Factory extends TypeInfoFactory<Tally> {
      @Override
      public TypeInformation<Tally> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new HandWrittenTypeInfo<>(Tally.class, TallySerializer.class);
      }
    }
  }

  /** Counts each key's numbers; once per key and run, reports the state it found (after the first run). */
  static final class Count extends KeyedProcessFunction<Long, Long, String> {
    private transient ValueState<Tally> tally;
    private transient ValueState<Boolean> reported;

    @Override
    public void open(OpenContext ctx) {
      tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", Tally.class));
      reported = getRuntimeContext().getState(new ValueStateDescriptor<>("reported-" + BUILD + "-" + RUN, Types.BOOLEAN));
    }

    @Override
    public void processElement(Long n, Context ctx, Collector<String> out) throws Exception {
      Tally t = tally.value();
      if (t == null) {
        t = new Tally();
        t.note = "new";
      }
      if (RUN > 1 && reported.value() == null) {
        out.collect(ctx.getCurrentKey() + " " + t.count + " " + t.sum + " " + t.note);
        reported.update(true);
      }
      t.count++;
      t.sum += n;
      if (BUILD >= 2) {
        t.note = "written by build 2";
      }
      tally.update(t);
      COUNTED.incrementAndGet();
    }
  }

  static volatile int RUN = 1;

  static final class Seen implements Sink<String> {
    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(String element, Context ctx) {
          SEEN.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  private String runAndStop(String savepoint, int build, int run) throws Exception {
    BUILD = build;
    RUN = run;
    Configuration extra = new Configuration();
    if (savepoint != null) {
      extra.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(1), extra);
    // Paced at the source (about a thousand a second per subtask), so no backlog holds up the savepoint's barrier.
    env.fromSequence(1, 1_000_000_000L).uid("numbers").name("numbers")
        .map(n -> {
          Thread.sleep(1);
          return n;
        }).returns(Types.LONG).uid("pace").name("pace")
        .keyBy(n -> n % KEYS, Types.LONG)
        .process(new Count()).returns(Types.STRING).uid("count").name("count")
        .sinkTo(new Seen()).uid("seen").name("seen");
    JobClient job = env.executeAsync("state-evolution-" + run);
    try {
      if (run == 1) {
        long from = COUNTED.get();
        Awaitility.await("every key counted").atMost(Duration.ofSeconds(60)).until(() -> COUNTED.get() - from >= 20L * KEYS);
      } else {
        Awaitility.await("every key's restored state reported").atMost(Duration.ofSeconds(60))
            .until(() -> SEEN.size() >= KEYS);
      }
      return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      job.cancel();
      throw e;
    }
  }

  @Test
  void stateWrittenBeforeAFieldWasAddedRestoresAfterIt() throws Exception {
    SEEN.clear();
    String first = runAndStop(null, 1, 1);

    String second = runAndStop(first, 2, 2);
    List<String[]> restored = SEEN.stream().map(s -> s.split(" ", 4)).toList();
    assertThat(restored).hasSize(KEYS);
    for (String[] r : restored) {
      assertThat(Long.parseLong(r[1])).as("count of key %s", r[0]).isPositive();
      assertThat(Long.parseLong(r[2])).as("sum of key %s", r[0]).isGreaterThanOrEqualTo(Long.parseLong(r[1]));
      assertThat(r[3]).as("the new field of key %s", r[0]).isEqualTo("before the upgrade");
    }

    SEEN.clear();
    runAndStop(second, 2, 3);
    assertThat(SEEN).hasSize(KEYS).allSatisfy(s -> assertThat(s).endsWith("written by build 2"));
    Map<String, Long> before = new java.util.HashMap<>();
    restored.forEach(r -> before.put(r[0], Long.parseLong(r[1])));
    for (String s : SEEN) {
      String[] r = s.split(" ", 4);
      assertThat(Long.parseLong(r[1])).as("key %s counts on from its restored state", r[0]).isGreaterThan(before.get(r[0]));
    }
  }
}
