package com.creatormarket.integrity.simulator;

import com.creatormarket.integrity.simulator.generate.TrafficGenerator;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.output.RecordSink;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Measures the generation rate on one thread: builds a scenario's world, then generates it into
 * record files (and, separately, into a sink that drops everything, to show what the disk costs).
 * Not a test: run it by hand, see the README.
 *
 * <pre>SimulatorBenchmark [--scenario heavy-attacks] [--seed N] [--runs 3] [--out-dir DIR]</pre>
 */
public final class SimulatorBenchmark {

  private SimulatorBenchmark() {}

  public static void main(String[] args) throws IOException {
    String scenarioName = "heavy-attacks";
    Long seed = null;
    int runs = 3;
    Path outDir = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--scenario" -> scenarioName = args[i + 1];
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--out-dir" -> outDir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: SimulatorBenchmark [--scenario NAME|FILE] [--seed N] [--runs N] [--out-dir DIR]");
      }
    }
    Scenario scenario = ScenarioLoader.load(scenarioName);
    long s = seed != null ? seed : scenario.seed();
    boolean temporary = outDir == null;
    Path dir = temporary ? Files.createTempDirectory("simulator-bench") : outDir;
    System.out.printf("scenario %s, seed %d, %d runs (the first warms the JIT up), files in %s%n", scenario.name(), s, runs, dir);
    double bestFiles = 0;
    double bestNull = 0;
    try {
      for (int run = 1; run <= runs; run++) {
        long t0 = System.nanoTime();
        World world = WorldBuilder.build(scenario, s);
        TrafficGenerator generator = new TrafficGenerator(world, s);
        long t1 = System.nanoTime();
        long events;
        long bytes;
        try (RecordFiles.Writer writer = new RecordFiles.Writer(dir)) {
          events = generator.run(writer, null).total();
        }
        long t2 = System.nanoTime();
        bytes = size(dir);
        double filesRate = events / ((t2 - t1) / 1e9);

        TrafficGenerator again = new TrafficGenerator(WorldBuilder.build(scenario, s), s);
        long t3 = System.nanoTime();
        long dropped = again.run(new DropSink(), null).total();
        long t4 = System.nanoTime();
        double nullRate = dropped / ((t4 - t3) / 1e9);
        System.out.printf("run %d: world %.2f s | to files: %,d events in %.2f s = %,.0f events/s (%,d MB) "
                + "| encode only: %,.0f events/s%n",
            run, (t1 - t0) / 1e9, events, (t2 - t1) / 1e9, filesRate, bytes >> 20, nullRate);
        if (run > 1 || runs == 1) {
          bestFiles = Math.max(bestFiles, filesRate);
          bestNull = Math.max(bestNull, nullRate);
        }
      }
      System.out.printf("generation rate (best after warm-up, one thread): %,.0f events/s to files, %,.0f events/s encode only%n",
          bestFiles, bestNull);
    } finally {
      if (temporary) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Encodes everything (the generator always does) and writes nothing. */
  private static final class DropSink implements RecordSink {
    @Override
    public void write(InputTopic topic, byte[] key, byte[] value, int length, long eventTimeMs) {}

    @Override
    public void close() {}
  }
}
