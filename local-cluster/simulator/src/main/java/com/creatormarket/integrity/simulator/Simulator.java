package com.creatormarket.integrity.simulator;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.simulator.generate.TrafficGenerator;
import com.creatormarket.integrity.simulator.output.DeliverySink;
import com.creatormarket.integrity.simulator.output.KafkaSink;
import com.creatormarket.integrity.simulator.output.KafkaTopics;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.output.RecordSink;
import com.creatormarket.integrity.simulator.output.TeeSink;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.truth.TruthRecorder;
import com.creatormarket.integrity.simulator.world.World;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Command-line traffic simulator: generates a scenario's marketplace into files and/or Kafka and
 * writes the ground truth. See {@link SimulatorOptions#USAGE} and the module README.
 */
public final class Simulator {

  private Simulator() {}

  public static void main(String[] args) {
    try {
      SimulatorOptions options = SimulatorOptions.parse(args);
      if (options.list()) {
        ScenarioLoader.SHIPPED.forEach(name -> System.out.println(name + ": " + ScenarioLoader.load(name).description()));
        return;
      }
      Result r = run(options, System.err);
      System.err.printf("simulator: done: %,d events in %.1f s%s%n", r.events(), r.seconds(),
          options.truth() == null ? "" : ", truth in " + options.truth());
    } catch (InvalidConfigException e) {
      System.err.println("simulator: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("simulator: failed: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /** What a run produced. */
  public record Result(GroundTruth truth, long events, double seconds) {}

  public static Result run(SimulatorOptions options, PrintStream progressOut) throws IOException {
    Scenario scenario = ScenarioLoader.load(options.scenario());
    long seed = options.seed() != null ? options.seed() : scenario.seed();
    long began = System.nanoTime();
    World world = WorldBuilder.build(scenario, seed);
    TrafficGenerator generator = new TrafficGenerator(world, seed);
    List<RecordSink> sinks = new ArrayList<>();
    TruthRecorder recorder;
    try {
      if (options.outDir() != null) {
        sinks.add(new RecordFiles.Writer(options.outDir()));
      }
      if (options.kafka() != null) {
        if (options.createTopics()) {
          List<String> created = KafkaTopics.ensure(KafkaConnection.forTool(options.kafka()), options.topicPrefix());
          if (!created.isEmpty() && !options.quiet()) {
            progressOut.println("simulator: created topics " + created);
          }
        }
        KafkaSink kafka = new KafkaSink(KafkaConnection.forTool(options.kafka()), options.topicPrefix());
        // Delivery is how producers send to Kafka; files keep event-time order.
        sinks.add(scenario.delivery().plain() ? kafka : new DeliverySink(kafka, scenario.delivery(), seed));
      }
      Progress progress = new Progress(options, scenario, options.quiet() ? null : progressOut);
      try (RecordSink sink = new TeeSink(sinks)) {
        recorder = generator.run(sink, progress);
      }
    } catch (IOException | RuntimeException e) {
      for (RecordSink s : sinks) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
    GroundTruth truth = recorder.build(seed);
    if (options.truth() != null) {
      truth.write(options.truth());
    }
    return new Result(truth, recorder.total(), (System.nanoTime() - began) / 1e9);
  }

  /** Paces the run (--rate, --speed) and prints a progress line at most once a second. */
  static final class Progress implements TrafficGenerator.Pacer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final double rate;
    private final double speed;
    private final PrintStream out;
    private final long simStart;
    private final long simEnd;
    private final ZoneId zone;
    private final long startNanos = System.nanoTime();
    private long lastPrint = startNanos;
    private long lastEvents;

    Progress(SimulatorOptions options, Scenario scenario, PrintStream out) {
      this.rate = options.rate();
      this.speed = options.speed();
      this.out = out;
      this.simStart = scenario.start().toEpochMilli();
      this.simEnd = scenario.end().toEpochMilli();
      this.zone = scenario.timeZone();
    }

    @Override
    public void tick(long events, long simulatedMs) {
      long now = System.nanoTime();
      long due = now;
      if (rate > 0) {
        due = Math.max(due, startNanos + (long) (events * 1e9 / rate));
      }
      if (speed > 0) {
        due = Math.max(due, startNanos + (long) ((simulatedMs - simStart) * 1e6 / speed));
      }
      while (due > now) {
        // Pacing a producer is this tool's job; parking is how it waits.
        LockSupport.parkNanos(due - now);
        now = System.nanoTime();
      }
      if (out != null && (now - lastPrint >= 1_000_000_000L || simulatedMs >= simEnd)) {
        double seconds = (now - lastPrint) / 1e9;
        double perSecond = seconds > 0 ? (events - lastEvents) / seconds : 0;
        long done = simulatedMs - simStart;
        out.printf("simulator: %,d events | %,.0f events/s | simulated %s (+%s, %d%%)%n", events, perSecond,
            TIME.format(Instant.ofEpochMilli(Math.min(simulatedMs, simEnd)).atZone(zone)), span(done),
            Math.min(100, (int) (100.0 * done / Math.max(1, simEnd - simStart))));
        lastPrint = now;
        lastEvents = events;
      }
    }

    private static String span(long ms) {
      long minutes = Math.max(0, ms) / 60_000;
      long days = minutes / 1440;
      long hours = (minutes % 1440) / 60;
      long mins = minutes % 60;
      return days > 0 ? String.format("%dd%02dh%02dm", days, hours, mins) : String.format("%dh%02dm", hours, mins);
    }
  }
}
