package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.codec.AvroCodec;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seed is a run: the same seed gives byte-identical files, another seed another run. */
class DeterminismTest {

  @TempDir
  Path root;

  private List<String> files() {
    List<String> names = new ArrayList<>();
    for (InputTopic t : InputTopic.values()) {
      names.add(t.fileName());
    }
    names.add("ground-truth.json");
    return names;
  }

  @Test
  void sameSeedGivesByteIdenticalFiles() throws Exception {
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--seed", "99", "--out-dir",
        root.resolve("a").toString(), "--quiet"}), System.err);
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--seed", "99", "--out-dir",
        root.resolve("b").toString(), "--quiet"}), System.err);
    for (String name : files()) {
      byte[] a = Files.readAllBytes(root.resolve("a").resolve(name));
      byte[] b = Files.readAllBytes(root.resolve("b").resolve(name));
      assertThat(a).as(name).isNotEmpty().isEqualTo(b);
    }
  }

  @Test
  void anotherSeedGivesAnotherRun() throws Exception {
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--seed", "1", "--out-dir",
        root.resolve("a").toString(), "--quiet"}), System.err);
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--seed", "2", "--out-dir",
        root.resolve("b").toString(), "--quiet"}), System.err);
    String file = InputTopic.ENGAGEMENT.fileName();
    assertThat(Files.readAllBytes(root.resolve("a").resolve(file))).isNotEqualTo(Files.readAllBytes(root.resolve("b").resolve(file)));
  }

  @Test
  void valuesAreTheBytesThePipelinesCodecWrites() throws Exception {
    Path dir = root.resolve("c");
    Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", "smoke", "--out-dir", dir.toString(), "--quiet"}),
        System.err);
    AvroCodec<EngagementEvent> codec = Topics.ENGAGEMENT.codec();
    int checked = 0;
    try (RecordFiles.Reader reader = new RecordFiles.Reader(RecordFiles.file(dir, Topics.ENGAGEMENT))) {
      while (reader.next() && checked < 2000) {
        EngagementEvent e = codec.decode(reader.value());
        assertThat(codec.encode(e)).isEqualTo(reader.value());
        assertThat(reader.keyText()).isEqualTo(e.getVideoId());
        assertThat(reader.eventTimeMs()).isEqualTo(e.getEventTime().toEpochMilli());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2000);
  }
}
