package com.creatormarket.integrity.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The in-memory event-time ordering the fake-traffic stages run in: what a function sees depends on
 * its records' event times, not on their arrival; its timers interleave with its records by time;
 * records still waiting at a checkpoint come out after a restore, at another parallelism too.
 */
class EventTimeOrderedOperatorTest {

  private static final int MAX_PARALLELISM = 128;
  private static final TypeInformation<Tuple3<String, Long, String>> TYPE = Types.TUPLE(Types.STRING, Types.LONG, Types.STRING);

  /** Writes what it sees; a record labelled "timer" sets a timer 10 ms after its time. */
  static final class Recorder extends KeyedProcessFunction<String, Tuple3<String, Long, String>, String>
      implements EventTimeOrderedOperator.InEventTimeOrder<Tuple3<String, Long, String>> {

    @Override
    public void processElement(Tuple3<String, Long, String> r, Context ctx, Collector<String> out) {
      out.collect(r.f0 + ":" + r.f2 + "@" + r.f1);
      if (r.f2.startsWith("timer")) {
        ctx.timerService().registerEventTimeTimer(r.f1 + 10);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
      out.collect(ctx.getCurrentKey() + ":fired@" + timestamp);
    }

    @Override
    public long eventTime(Tuple3<String, Long, String> r) {
      return r.f1;
    }

    @Override
    public Comparator<? super Tuple3<String, Long, String>> sameTimeOrder() {
      return Comparator.comparing((Tuple3<String, Long, String> r) -> r.f0).thenComparing(r -> r.f2);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, Long, String>, String> harness(int parallelism, int subtask)
      throws Exception {
    return harness(parallelism, subtask, EventTimeOrderedOperator.DEFAULT_MAX_ON_HEAP);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, Long, String>, String> harness(int parallelism, int subtask,
      int maxOnHeap) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new EventTimeOrderedOperator<>("test", new Recorder(), TYPE, maxOnHeap),
        r -> r.f0, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
  }

  private static Tuple3<String, Long, String> record(String key, long time, String label) {
    return Tuple3.of(key, time, label);
  }

  private static List<String> drain(KeyedOneInputStreamOperatorTestHarness<String, Tuple3<String, Long, String>, String> h) {
    List<String> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof StreamRecord<?> r) {
        out.add((String) r.getValue());
      }
    }
    h.getOutput().clear();
    return out;
  }

  /** All records arrive, then the watermarks. */
  private static List<String> run(List<Tuple3<String, Long, String>> arrival, long... watermarks) throws Exception {
    return run(EventTimeOrderedOperator.DEFAULT_MAX_ON_HEAP, arrival, watermarks);
  }

  private static List<String> run(int maxOnHeap, List<Tuple3<String, Long, String>> arrival, long... watermarks) throws Exception {
    try (var h = harness(1, 0, maxOnHeap)) {
      h.open();
      for (Tuple3<String, Long, String> r : arrival) {
        h.processElement(r, r.f1);
      }
      for (long w : watermarks) {
        h.processWatermark(w);
      }
      return drain(h);
    }
  }

  @Test
  void recordsComeOutInEventTimeOrderWhateverTheirArrival() throws Exception {
    List<Tuple3<String, Long, String>> inOrder = List.of(record("a", 100, "x"), record("b", 100, "y"), record("a", 100, "z"),
        record("b", 150, "x"), record("a", 160, "x"), record("a", 300, "x"));
    List<Tuple3<String, Long, String>> shuffled = List.of(inOrder.get(4), inOrder.get(2), inOrder.get(5), inOrder.get(0),
        inOrder.get(3), inOrder.get(1));

    List<String> expected = List.of("a:x@100", "a:z@100", "b:y@100", "b:x@150", "a:x@160", "a:x@300");
    assertThat(run(inOrder, 200, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    assertThat(run(shuffled, 200, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    // Only what the watermark passed comes out.
    assertThat(run(shuffled, 200)).containsExactlyElementsOf(expected.subList(0, 5));
  }

  @Test
  void recordsBeyondTheHeapBudgetWaitInStateAndComeOutInTheSameOrder() throws Exception {
    List<Tuple3<String, Long, String>> arrival = List.of(record("a", 160, "x"), record("a", 100, "z"), record("a", 111, "timer"),
        record("a", 100, "x"), record("b", 150, "x"), record("b", 100, "y"), record("a", 121, "same"), record("a", 300, "x"));
    List<String> onHeap = run(arrival, 120, 200, Long.MAX_VALUE);

    assertThat(onHeap).containsExactly("a:x@100", "a:z@100", "b:y@100", "a:timer@111", "a:same@121", "a:fired@121", "b:x@150",
        "a:x@160", "a:x@300");
    assertThat(run(0, arrival, 120, 200, Long.MAX_VALUE)).containsExactlyElementsOf(onHeap);
    assertThat(run(3, arrival, 120, 200, Long.MAX_VALUE)).containsExactlyElementsOf(onHeap);
  }

  @Test
  void aCheckpointMovesWaitingRecordsToStateWhichTheyLeaveWhenReleased() throws Exception {
    try (var h = harness(1, 0)) {
      h.open();
      h.processElement(record("a", 100, "x"), 100);
      h.processElement(record("b", 100, "y"), 100);
      h.snapshot(1, 1);
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      // A record of a slot already in state joins it.
      h.processElement(record("a", 100, "w"), 100);
      h.snapshot(2, 2);
      h.processWatermark(100);
      assertThat(drain(h)).containsExactly("a:w@100", "a:x@100", "b:y@100");
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void aTimerFiresAfterTheRecordsOfItsTimeAndBeforeLaterOnes() throws Exception {
    // The timer of a@100 is at 110: after a's records at 110, before its record at 111, whatever one watermark covers.
    List<Tuple3<String, Long, String>> arrival = List.of(record("a", 111, "late"), record("a", 110, "same"),
        record("a", 100, "timer"), record("b", 105, "other"));

    assertThat(run(arrival, 1_000)).containsExactly("a:timer@100", "b:other@105", "a:same@110", "a:fired@110", "a:late@111");
  }

  @Test
  void recordsWaitingAtACheckpointComeOutAfterARestoreAtAnotherParallelism() throws Exception {
    List<Tuple3<String, Long, String>> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(record("k" + i, 1_000 + i, "timer" + i));
    }
    List<String> uninterrupted;
    try (var h = harness(1, 0)) {
      h.open();
      for (Tuple3<String, Long, String> r : records) {
        h.processElement(r, r.f1);
      }
      h.processWatermark(Long.MAX_VALUE);
      uninterrupted = drain(h);
    }

    OperatorSubtaskState snapshot;
    try (var h = harness(1, 0)) {
      h.open();
      for (Tuple3<String, Long, String> r : records.subList(0, 25)) {
        h.processElement(r, r.f1);
      }
      h.processWatermark(1_009);
      snapshot = h.snapshot(1, 1);
    }
    List<String> afterRestore = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask);
      try (var h = harness(2, subtask)) {
        h.initializeState(part);
        h.open();
        for (Tuple3<String, Long, String> r : records.subList(25, 40)) {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(r.f0, MAX_PARALLELISM, 2) == subtask) {
            h.processElement(r, r.f1);
          }
        }
        h.processWatermark(Long.MAX_VALUE);
        List<String> out = drain(h);
        // A subtask releases its own keys only, each once.
        assertThat(out).doesNotHaveDuplicates();
        afterRestore.addAll(out);
      }
    }
    // Records 0-9 and their timers (up to 1,019) were released before the checkpoint: not again.
    List<String> expectedAfter = uninterrupted.stream()
        .filter(s -> Long.parseLong(s.substring(s.indexOf('@') + 1)) > 1_009).toList();
    assertThat(afterRestore).containsExactlyInAnyOrderElementsOf(expectedAfter);
    assertThat(afterRestore).contains("k10:timer10@1010", "k24:timer24@1024", "k0:fired@1010");
  }

  @Test
  void recordsReleasedAfterACheckpointAreNotReleasedAgainAfterALaterOne() throws Exception {
    OperatorSubtaskState second;
    try (var h = harness(1, 0)) {
      h.open();
      h.processElement(record("a", 100, "x"), 100);
      h.processElement(record("b", 200, "y"), 200);
      h.snapshot(1, 1);
      h.processWatermark(150);
      h.processElement(record("a", 300, "z"), 300);
      second = h.snapshot(2, 2);
      assertThat(drain(h)).containsExactly("a:x@100");
    }
    try (var h = harness(1, 0)) {
      h.initializeState(second);
      h.open();
      h.processWatermark(Long.MAX_VALUE);
      assertThat(drain(h)).containsExactly("b:y@200", "a:z@300");
    }
  }

  /** The stage before this operator: the same function behind {@link EventTimeBuffer}, its state under the same name. */
  static final class BufferedRecorder extends KeyedProcessFunction<String, Tuple3<String, Long, String>, String> {
    private transient EventTimeBuffer<Tuple3<String, Long, String>> pending;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
      pending = new EventTimeBuffer<>(getRuntimeContext().getMapState(EventTimeBuffer.descriptor("test", TYPE)));
    }

    @Override
    public void processElement(Tuple3<String, Long, String> r, Context ctx, Collector<String> out) throws Exception {
      pending.add(r.f1, r, ctx.timerService());
    }
  }

  @Test
  void aSavepointOfTheKeyedStateBufferRestoresIntoThisOperator() throws Exception {
    OperatorSubtaskState old;
    try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new BufferedRecorder()), (Tuple3<String, Long, String> r) -> r.f0,
        Types.STRING, MAX_PARALLELISM, 1, 0)) {
      h.open();
      h.processElement(record("a", 100, "x"), 100);
      h.processElement(record("b", 50, "y"), 50);
      old = h.snapshot(1, 1);
    }
    try (var h = harness(1, 0)) {
      h.initializeState(old);
      h.open();
      h.processWatermark(Long.MAX_VALUE);
      // The old stage's release timers come along and fire after their records: a function's onTimer
      // must take a timer it did not set for nothing (the fake-traffic stages check what is due).
      assertThat(drain(h)).containsExactly("b:y@50", "b:fired@50", "a:x@100", "a:fired@100");
    }
  }
}
