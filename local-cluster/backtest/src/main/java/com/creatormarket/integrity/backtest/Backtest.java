package com.creatormarket.integrity.faketraffic.backtest;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.functions.InputChecks;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the fake-traffic topology over a simulator run (bounded, as fast as possible, in this JVM)
 * and prints, per attack kind, precision, recall and detection latency, and the false-positive
 * rate on honest orders (honest viral orders on their own line).
 *
 * <pre>
 * usage: Backtest --scenario NAME | --dir DIR [--parallelism N] [--verbose] [--&lt;knob&gt; VALUE ...]
 *   --scenario NAME  generate a shipped simulator scenario (smoke, mid-day, heavy-attacks) into a temporary folder
 *   --dir DIR        use a simulator run already written there (record files and ground-truth.json)
 *   --parallelism N  job parallelism (default 2)
 *   --verbose        also list every missed attacked order and every flagged honest order
 *   --dump FILE      write per order (with a case) its label and each signal's peak value, tab-separated, for tuning
 *   --KEY VALUE      any knob of the job (see the README), e.g. --score.review 0.6
 * </pre>
 */
public final class Backtest {

  private Backtest() {}

  /**
   * What one backtest produced; {@code rejected} counts the input records the job's door rules
   * ({@link InputChecks}) left out, per {@code <topic>: <code>} (empty when none).
   */
  public record Result(String scenario, GroundTruth truth, List<FlaggedCase> cases, List<VerifiedMetrics> metrics,
      Scorecard scorecard, long events, Map<String, Long> rejected, double generateSeconds, double runSeconds) {}

  public static void main(String[] args) throws Exception {
    String scenario = null;
    Path dir = null;
    int parallelism = 2;
    boolean verbose = false;
    Path dump = null;
    Map<String, String> knobs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scenario" -> scenario = value(args, ++i);
        case "--dir" -> dir = Path.of(value(args, ++i));
        case "--parallelism" -> parallelism = Integer.parseInt(value(args, ++i));
        case "--verbose" -> verbose = true;
        case "--dump" -> dump = Path.of(value(args, ++i));
        default -> {
          if (!args[i].startsWith("--")) {
            throw new InvalidConfigException("backtest: expected an option, got '" + args[i] + "'");
          }
          knobs.put(args[i].substring(2), value(args, ++i));
        }
      }
    }
    if ((scenario == null) == (dir == null)) {
      throw new InvalidConfigException("backtest: give exactly one of --scenario NAME or --dir DIR");
    }
    Settings settings = Settings.from(knobs, "command line", FakeTrafficOptions.KNOBS);
    Result r = scenario != null ? runScenario(scenario, settings, parallelism) : run(dir, dir.getFileName().toString(), settings, parallelism, 0);
    print(r, System.out, verbose);
    if (dump != null) {
      dump(r, dump);
    }
    System.exit(0);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new InvalidConfigException("backtest: option '" + args[i - 1] + "' needs a value");
    }
    return args[i];
  }

  /** Generates a shipped scenario into a temporary folder, runs the job over it, and scores the result. */
  public static Result runScenario(String scenario, Settings settings, int parallelism) throws Exception {
    Path dir = Files.createTempDirectory("backtest-" + scenario + "-");
    try {
      long began = System.nanoTime();
      Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", scenario, "--out-dir", dir.toString(), "--quiet"}), System.err);
      double generated = (System.nanoTime() - began) / 1e9;
      return run(dir, scenario, settings, parallelism, generated);
    } finally {
      deleteTree(dir);
    }
  }

  /** Runs the job over the simulator files in {@code dir} and scores the cases against its ground truth. */
  public static Result run(Path dir, String name, Settings settings, int parallelism, double generateSeconds) throws Exception {
    GroundTruth truth = GroundTruth.read(dir.resolve("ground-truth.json"));
    Configuration conf = JobEnvironment.pipelineSettings();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    env.configure(conf);
    // The same door rules as the Kafka sources (FakeTrafficJob.build), so the run sees what the job would.
    var engagement = RecordFileSource.read(env, dir, Topics.ENGAGEMENT, (EngagementEvent e) -> e.getEventTime().toEpochMilli(),
        InputChecks.engagement(settings), "engagement-file");
    var orders = RecordFileSource.read(env, dir, Topics.ORDERS, (OrderEvent o) -> o.getEventTime().toEpochMilli(),
        InputChecks.orders(settings), "order-file");
    FakeTrafficJob.Outputs out = FakeTrafficJob.buildTopology(engagement, orders, settings);
    String run = UUID.randomUUID().toString();
    out.cases().sinkTo(new CollectingSink<>(run + "/cases")).uid("case-collector").name("case-collector");
    out.metrics().sinkTo(new CollectingSink<>(run + "/metrics")).uid("metrics-collector").name("metrics-collector");
    long began = System.nanoTime();
    JobExecutionResult executed = env.execute("fake-traffic backtest " + name);
    double seconds = (System.nanoTime() - began) / 1e9;
    List<FlaggedCase> cases = List.copyOf(CollectingSink.<FlaggedCase>results(run + "/cases"));
    List<VerifiedMetrics> metrics = List.copyOf(CollectingSink.<VerifiedMetrics>results(run + "/metrics"));
    CollectingSink.forget(run + "/cases");
    CollectingSink.forget(run + "/metrics");
    long events = truth.eventCounts().getOrDefault(Topics.ENGAGEMENT.name(), 0L);
    return new Result(name, truth, cases, metrics, Scorecard.of(truth, cases), events, RecordFileSource.rejections(executed),
        generateSeconds, seconds);
  }

  public static void print(Result r, PrintStream out, boolean verbose) {
    out.printf(Locale.ROOT, "backtest %s: %,d engagement events, %d attacked / %d honest / %d viral orders; "
            + "generated in %.1f s, job ran in %.1f s (%,.0f events/s); %d case versions, %d metrics records%n",
        r.scenario(), r.events(), r.truth().attackedOrders().size(), r.scorecard().honest().orders(),
        r.scorecard().viral().orders(), r.generateSeconds(), r.runSeconds(), r.events() / Math.max(0.001, r.runSeconds()),
        r.cases().size(), r.metrics().size());
    out.println("input records rejected at the door: " + (r.rejected().isEmpty() ? "none" : r.rejected()));
    out.println();
    out.println(r.scorecard().table());
    if (verbose || !r.scorecard().misses().isEmpty() || !r.scorecard().falsePositives().isEmpty()) {
      for (Scorecard.Outcome o : r.scorecard().misses()) {
        out.printf(Locale.ROOT, "missed  %s %-20s max level %s score %.2f %s%n", o.orderId(), o.kind(), o.maxLevel(),
            o.maxScore(), o.signals());
      }
      for (Scorecard.Outcome o : r.scorecard().falsePositives()) {
        out.printf(Locale.ROOT, "flagged %s %-20s max level %s score %.2f at %s %s%n", o.orderId(), o.kind(), o.maxLevel(),
            o.maxScore(), o.firstFlag(), o.signals());
      }
    }
  }

  /** Per order with a case: label, strongest level and score, and each signal's largest value. */
  static void dump(Result r, Path file) throws IOException {
    Map<String, String> label = new java.util.HashMap<>();
    r.truth().honestOrders().forEach(o -> label.put(o, "honest"));
    r.truth().viralVideos().forEach(v -> label.put(v.orderId(), "viral"));
    r.truth().attackedOrders().forEach(o -> label.put(o.orderId(), o.kind()));
    Map<String, Map<String, Double>> peaks = new java.util.TreeMap<>();
    Map<String, Double> scores = new java.util.HashMap<>();
    Map<String, String> levels = new java.util.HashMap<>();
    for (FlaggedCase c : r.cases()) {
      Map<String, Double> p = peaks.computeIfAbsent(c.getOrderId(), k -> new java.util.TreeMap<>());
      c.getSignals().forEach(sig -> p.merge(sig.getSignal(), sig.getValue(), Math::max));
      if (c.getRiskScore() >= scores.getOrDefault(c.getOrderId(), -1.0)) {
        scores.put(c.getOrderId(), c.getRiskScore());
        levels.put(c.getOrderId(), c.getLevel().name());
      }
    }
    StringBuilder b = new StringBuilder("order\tlabel\tlevel\tscore\tsignals\n");
    peaks.forEach((o, p) -> b.append(String.format(Locale.ROOT, "%s\t%s\t%s\t%.3f\t%s%n", o, label.getOrDefault(o, "other"),
        levels.get(o), scores.get(o), p)));
    Files.writeString(file, b.toString());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
  }
}
