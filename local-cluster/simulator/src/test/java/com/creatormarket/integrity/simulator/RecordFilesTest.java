package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.output.RecordSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay file format: what is written is read back, merged in event-time order, and bad files are refused. */
class RecordFilesTest {

  @TempDir
  Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsBackWhatWasWrittenAndReplaysInEventTimeOrder() throws IOException {
    try (RecordFiles.Writer w = new RecordFiles.Writer(dir)) {
      w.write(InputTopic.ORDERS, b("o1"), b("created"), 7, 100);
      w.write(InputTopic.ENGAGEMENT, b("v1"), b("view-xx"), 4, 150);
      w.write(InputTopic.ORDERS, b("o1"), b("published"), 9, 200);
      w.write(InputTopic.LIFECYCLE, b("v1"), b("deleted"), 7, 200);
    }
    try (RecordFiles.Reader r = new RecordFiles.Reader(dir.resolve("order-events.avro-records"))) {
      assertThat(r.topicName()).isEqualTo("order-events");
      assertThat(r.next()).isTrue();
      assertThat(r.keyText()).isEqualTo("o1");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("created");
      assertThat(r.eventTimeMs()).isEqualTo(100);
      assertThat(r.next()).isTrue();
      assertThat(r.next()).isFalse();
    }
    List<String> replayed = new ArrayList<>();
    long n = RecordFiles.replay(dir, new RecordSink() {
      @Override
      public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) {
        replayed.add(eventTimeMs + " " + topic + " " + new String(value, 0, length, StandardCharsets.UTF_8));
      }

      @Override
      public void close() {}
    });
    assertThat(n).isEqualTo(4);
    assertThat(replayed).containsExactly("100 ORDERS created", "150 ENGAGEMENT view", "200 ORDERS published",
        "200 LIFECYCLE deleted");
  }

  @Test
  void refusesFilesThatAreNotRecordFiles() throws IOException {
    Path bad = dir.resolve("x.avro-records");
    Files.write(bad, b("PAR1 not ours at all"));
    assertThatThrownBy(() -> new RecordFiles.Reader(bad)).hasMessageContaining("not a simulator record file");
  }

  @Test
  void reportsATruncatedRecord() throws IOException {
    try (RecordFiles.Writer w = new RecordFiles.Writer(dir)) {
      w.write(InputTopic.ENGAGEMENT, b("v1"), b("abcdef"), 6, 1);
    }
    Path f = dir.resolve("engagement-events.avro-records");
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 2));
    try (RecordFiles.Reader r = new RecordFiles.Reader(f)) {
      assertThatThrownBy(r::next).hasMessageContaining("truncated record");
    }
  }
}
