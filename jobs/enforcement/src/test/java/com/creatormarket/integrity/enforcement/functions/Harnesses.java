package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.common.io.DeadLetters;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/** Opens Flink's keyed operator harness around a function and reads what it emitted. */
final class Harnesses {

  private Harnesses() {}

  static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyed(KeyedProcessFunction<String, IN, OUT> fn,
      KeySelector<IN, String> key) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, key, Types.STRING);
  }

  /** Main output so far, and cleared, so each step of a test sees only what that step emitted. */
  static <OUT> List<OUT> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, OUT> harness) {
    List<OUT> out = harness.extractOutputValues();
    harness.getOutput().clear();
    return out;
  }

  static <X> List<X> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, OutputTag<X> tag) {
    var side = harness.getSideOutput(tag);
    if (side == null) {
      return List.of();
    }
    List<X> out = side.stream().map(StreamRecord::getValue).toList();
    side.clear();
    return out;
  }

  static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness) {
    return drain(harness, DeadLetters.TAG);
  }
}
