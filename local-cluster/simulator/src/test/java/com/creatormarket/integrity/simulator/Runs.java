package com.creatormarket.integrity.simulator;

import com.creatormarket.integrity.simulator.generate.TrafficGenerator;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test helper: a scenario generated to files under a directory, with its truth. */
record Runs(Scenario scenario, World world, GroundTruth truth, Path dir) {

  static Runs generate(String scenarioName, Path dir) throws IOException {
    return generate(ScenarioLoader.load(scenarioName), dir);
  }

  /** A scenario from the test resources' scenarios folder. */
  static Scenario testScenario(String name) {
    try (InputStream in = Runs.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
      return ScenarioLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name + ".yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Runs generate(Scenario scenario, Path dir) throws IOException {
    World world = WorldBuilder.build(scenario, scenario.seed());
    GroundTruth truth;
    try (RecordFiles.Writer writer = new RecordFiles.Writer(dir)) {
      truth = new TrafficGenerator(world, scenario.seed()).run(writer, null).build(scenario.seed());
    }
    truth.write(dir.resolve("ground-truth.json"));
    // Read back, as a backtest would: the file is the contract, not the in-memory object.
    return new Runs(scenario, world, GroundTruth.read(dir.resolve("ground-truth.json")), dir);
  }
}
