package com.creatormarket.integrity.backtest;

import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.VerifiedMetrics;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.TopicAdmin;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.functions.InputChecks;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.output.DeliverySink;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.KafkaSink;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.output.RecordSink;
import com.creatormarket.integrity.simulator.scenario.Scenario.Delivery;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import com.creatormarket.integrity.testing.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;

/**
 * Runs the fake-traffic job over a simulator run (bounded, as fast as possible, in this JVM) and
 * prints, per attack kind, precision, recall and detection latency, and the false-positive rate on
 * honest orders (honest viral orders on their own line).
 *
 * <p>By default it reads the way production reads ({@link Read#PARTITIONED}): the scenario's records
 * are sent to Kafka topics as real producers send them ({@link Delivery#REALISTIC}: partitions minutes
 * apart, stalls, records out of order within a partition, heartbeats; seeded), and the job reads
 * them through its own Kafka sources: per-partition watermarks and lateness, door checks, the
 * consumer's own interleaving. The in-order file reader ({@link Read#FILE}) stays for debugging.
 *
 * <pre>
 * usage: Backtest --scenario NAME | --dir DIR [options] [--&lt;knob&gt; VALUE ...]
 *   --scenario NAME      generate a shipped simulator scenario (smoke, mid-day, heavy-attacks), or a scenario file, into a temporary folder
 *   --seed N             the simulator's seed for it (default: the scenario's own); the demo's default is 42
 *   --dir DIR            use a simulator run already written there (record files and ground-truth.json)
 *   --read partitioned   (default) through Kafka topics, delivered realistically; or 'file': the record files in event-time order
 *   --delivery-seed N    seed of the realistic delivery (default 1)
 *   --bootstrap H:P      a Kafka broker to use (default: one started in this JVM); the run's topics are deleted after
 *   --parallelism N      job parallelism (default 2)
 *   --verbose            also list every missed attacked order and every flagged honest order
 *   --dump FILE          write per order (with a case) its label and each signal's peak value, tab-separated, for tuning
 *   --cases FILE         write every case version (order, label, version, level, score, event time, signals), tab-separated
 *   --KEY VALUE          any knob of the job (see the job's README), e.g. --score.review 0.6
 * </pre>
 */
public final class Backtest {

  private Backtest() {}

  /** How the job reads the scenario. */
  public enum Read {
    /** Through Kafka, delivered realistically, read by the job's own sources: the figures the READMEs give. */
    PARTITIONED,
    /** The record files, each by one reader in event-time order: for debugging the detection alone. */
    FILE
  }

  /** How to run: parallelism, read path, delivery seed and broker (null: one in this JVM) of the partitioned read. */
  public record Options(int parallelism, Read read, long deliverySeed, String bootstrap, Long trafficSeed) {
    public static Options defaults() {
      return new Options(2, Read.PARTITIONED, 1, null, null);
    }

    public Options withRead(Read r) {
      return new Options(parallelism, r, deliverySeed, bootstrap, trafficSeed);
    }

    public Options withDeliverySeed(long seed) {
      return new Options(parallelism, read, seed, bootstrap, trafficSeed);
    }

    public Options withParallelism(int n) {
      return new Options(n, read, deliverySeed, bootstrap, trafficSeed);
    }

    public Options withBootstrap(String servers) {
      return new Options(parallelism, read, deliverySeed, servers, trafficSeed);
    }

    /** The simulator's seed for a generated scenario; null for the scenario's own. */
    public Options withTrafficSeed(Long seed) {
      return new Options(parallelism, read, deliverySeed, bootstrap, seed);
    }

    String describe() {
      String traffic = trafficSeed == null ? "" : "traffic seed " + trafficSeed + ", ";
      return traffic + (read == Read.FILE ? "files in event-time order, parallelism " + parallelism
          : "Kafka partitions, realistic delivery seed " + deliverySeed + ", parallelism " + parallelism);
    }
  }

  /**
   * What one backtest produced; {@code rejected} counts the input records the job set aside (door
   * rules, {@link InputChecks}, and on the partitioned read lateness), per {@code <topic>: <code>}
   * (empty when none).
   */
  public record Result(String scenario, Options options, GroundTruth truth, List<FlaggedCase> cases, List<VerifiedMetrics> metrics,
      Scorecard scorecard, long events, Map<String, Long> rejected, double generateSeconds, double runSeconds) {}

  /**
   * Runs and exits: 0 when done, 2 for a bad option or knob (the message names it), 1 for anything
   * else. Always exits, so that an embedded broker left running never keeps the JVM waiting.
   */
  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    String scenario = null;
    Path dir = null;
    Options options = Options.defaults();
    boolean verbose = false;
    Path dump = null;
    Path casesFile = null;
    Map<String, String> knobs = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scenario" -> scenario = value(args, ++i);
        case "--dir" -> dir = Path.of(value(args, ++i));
        case "--parallelism" -> options = options.withParallelism(positive(args, ++i));
        case "--seed" -> options = options.withTrafficSeed(whole(args, ++i, 0, Long.MAX_VALUE));
        case "--read" -> options = options.withRead(read(value(args, ++i)));
        case "--delivery-seed" -> options = options.withDeliverySeed(whole(args, ++i, 0, Long.MAX_VALUE));
        case "--bootstrap" -> options = options.withBootstrap(value(args, ++i));
        case "--verbose" -> verbose = true;
        case "--dump" -> dump = Path.of(value(args, ++i));
        case "--cases" -> casesFile = Path.of(value(args, ++i));
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
    // Knobs that must agree with each other (e.g. lockstep.min-videos-repeated <= lockstep.min-videos), before anything starts.
    DetectionSettings.from(settings);
    Result r = scenario != null ? runScenario(scenario, settings, options) : run(dir, dir.getFileName().toString(), settings, options, 0);
    print(r, System.out, verbose);
    if (casesFile != null) {
      writeCases(r, casesFile);
    }
    if (dump != null) {
      dump(r, dump);
    }
  }

  private static String value(String[] args, int i) {
    return value("backtest", args, i);
  }

  /** The option's value, or a message naming the tool and the option that lacks one. */
  static String value(String tool, String[] args, int i) {
    if (i >= args.length) {
      throw new InvalidConfigException(tool + ": option '" + args[i - 1] + "' needs a value");
    }
    return args[i];
  }

  private static int positive(String[] args, int i) {
    return (int) whole(args, i, 1, Integer.MAX_VALUE);
  }

  /** A whole number between {@code min} and {@code max}, or a message naming the option and what it allows. */
  private static long whole(String[] args, int i, long min, long max) {
    String v = value(args, i);
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigException("backtest: " + args[i - 1] + " must be a whole number from " + min + " to " + max
        + ", got '" + v + "'");
  }

  private static Read read(String v) {
    return Arrays.stream(Read.values()).filter(r -> r.name().equalsIgnoreCase(v)).findFirst()
        .orElseThrow(() -> new InvalidConfigException("backtest: --read must be one of partitioned, file; got '" + v + "'"));
  }

  /** Generates a shipped scenario into a temporary folder, runs the job over it, and scores the result. */
  public static Result runScenario(String scenario, Settings settings, Options options) throws Exception {
    // A scenario file's path has separators, which a temporary folder's prefix may not.
    String name = Path.of(scenario).getFileName().toString().replaceFirst("\\.ya?ml$", "");
    Path dir = Files.createTempDirectory("backtest-" + name + "-");
    try {
      long began = System.nanoTime();
      List<String> simulator = new java.util.ArrayList<>(List.of("--scenario", scenario, "--out-dir", dir.toString(), "--quiet"));
      if (options.trafficSeed() != null) {
        simulator.addAll(List.of("--seed", options.trafficSeed().toString()));
      }
      Simulator.run(SimulatorOptions.parse(simulator.toArray(String[]::new)), System.err);
      double generated = (System.nanoTime() - began) / 1e9;
      return run(dir, name, settings, options, generated);
    } finally {
      deleteTree(dir);
    }
  }

  /** Runs the job over the simulator files in {@code dir} and scores the cases against its ground truth. */
  public static Result run(Path dir, String name, Settings settings, Options options, double generateSeconds) throws Exception {
    GroundTruth truth = GroundTruth.read(dir.resolve("ground-truth.json"));
    Configuration conf = JobEnvironment.pipelineSettings();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
    env.configure(conf);
    String run = UUID.randomUUID().toString();
    Runnable cleanUp = () -> { };
    String prefix = "backtest-" + run.substring(0, 8) + ".";
    DataStream<EngagementEvent> engagement;
    DataStream<OrderEvent> orders;
    if (options.read() == Read.FILE) {
      // The same door rules as the Kafka sources, so the run sees what the job would.
      engagement = RecordFileSource.read(env, dir, Topics.ENGAGEMENT, (EngagementEvent e) -> e.getEventTime().toEpochMilli(),
          InputChecks.engagement(settings), "engagement-file");
      orders = RecordFileSource.read(env, dir, Topics.ORDERS, (OrderEvent o) -> o.getEventTime().toEpochMilli(),
          InputChecks.orders(settings), "order-file");
    } else {
      String servers = options.bootstrap() != null ? options.bootstrap() : KafkaBroker.get().bootstrapServers();
      List<String> topics = deliver(dir, servers, prefix, options.deliverySeed());
      cleanUp = () -> deleteTopics(servers, topics);
      Settings reading = settings.with(Map.of(KafkaKnobs.BOOTSTRAP_SERVERS.key(), servers, KafkaKnobs.TOPIC_PREFIX.key(), prefix,
          KafkaKnobs.BOUNDED.key(), "true", KafkaKnobs.START_FROM.key(), "earliest"));
      FakeTrafficJob.Inputs in = FakeTrafficJob.read(env, reading);
      engagement = in.engagement().records();
      orders = in.orders().records();
      in.deadLetters().sinkTo(new CollectingSink<>(run + "/dead-letters")).uid("dead-letter-collector").name("dead-letter-collector");
    }
    FakeTrafficJob.Outputs out = FakeTrafficJob.buildTopology(engagement, orders, settings);
    out.cases().sinkTo(new CollectingSink<>(run + "/cases")).uid("case-collector").name("case-collector");
    out.metrics().sinkTo(new CollectingSink<>(run + "/metrics")).uid("metrics-collector").name("metrics-collector");
    try {
      long began = System.nanoTime();
      JobExecutionResult executed = env.execute("fake-traffic backtest " + name);
      double seconds = (System.nanoTime() - began) / 1e9;
      List<FlaggedCase> cases = List.copyOf(CollectingSink.<FlaggedCase>results(run + "/cases"));
      List<VerifiedMetrics> metrics = List.copyOf(CollectingSink.<VerifiedMetrics>results(run + "/metrics"));
      Map<String, Long> rejected = options.read() == Read.FILE ? RecordFileSource.rejections(executed)
          : setAside(CollectingSink.<DeadLetter>results(run + "/dead-letters"), prefix);
      long events = truth.eventCounts().getOrDefault(Topics.ENGAGEMENT.name(), 0L);
      return new Result(name, options, truth, cases, metrics, Scorecard.of(truth, cases), events, rejected, generateSeconds, seconds);
    } finally {
      CollectingSink.forget(run + "/cases");
      CollectingSink.forget(run + "/metrics");
      CollectingSink.forget(run + "/dead-letters");
      cleanUp.run();
    }
  }

  /**
   * Sends every record file of the run to topics under {@code prefix}, delivered as real producers
   * deliver ({@link Delivery#REALISTIC}, seeded); returns the topics' names.
   */
  static List<String> deliver(Path dir, String servers, String prefix, long seed) throws IOException {
    List<Topic<?>> inputs = Arrays.stream(InputTopic.values()).<Topic<?>>map(InputTopic::topic).toList();
    TopicAdmin.ensure(com.creatormarket.integrity.common.io.KafkaConnection.plaintext(servers), prefix, inputs);
    try (RecordSink producers = new DeliverySink(new KafkaSink(com.creatormarket.integrity.common.io.KafkaConnection.plaintext(servers), prefix), Delivery.REALISTIC, seed)) {
      RecordFiles.replay(dir, producers);
    }
    return inputs.stream().map(t -> prefix + t.name()).toList();
  }

  private static void deleteTopics(String servers, List<String> topics) {
    java.util.Properties props = new java.util.Properties();
    props.put("bootstrap.servers", servers);
    try (Admin admin = Admin.create(props)) {
      admin.deleteTopics(topics).all().get(1, java.util.concurrent.TimeUnit.MINUTES);
    } catch (Exception e) {
      System.err.println("backtest: could not delete its topics " + topics + ": " + e);
    }
  }

  /** Dead letters of the partitioned read, per {@code <topic without prefix>: <reason code>}. */
  private static Map<String, Long> setAside(List<DeadLetter> dead, String prefix) {
    return dead.stream().collect(Collectors.groupingBy(
        d -> d.getTopic().replace(prefix, "") + ": " + d.getReason().split(":", 2)[0],
        TreeMap::new, Collectors.counting()));
  }

  public static void print(Result r, PrintStream out, boolean verbose) {
    out.printf(Locale.ROOT, "backtest %s (%s): %,d engagement events, %d attacked / %d honest / %d viral orders; "
            + "generated in %.1f s, job ran in %.1f s (%,.0f events/s); %d case versions, %d metrics records%n",
        r.scenario(), r.options().describe(), r.events(), r.truth().attackedOrders().size(), r.scorecard().honest().orders(),
        r.scorecard().viral().orders(), r.generateSeconds(), r.runSeconds(), r.events() / Math.max(0.001, r.runSeconds()),
        r.cases().size(), r.metrics().size());
    out.println("input records set aside (dead letters): " + (r.rejected().isEmpty() ? "none" : r.rejected()));
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

  /** Every order's label from the ground truth: honest, viral or the attack kind. */
  static Map<String, String> labels(GroundTruth truth) {
    Map<String, String> label = new java.util.HashMap<>();
    truth.honestOrders().forEach(o -> label.put(o, "honest"));
    truth.viralVideos().forEach(v -> label.put(v.orderId(), "viral"));
    truth.attackedOrders().forEach(o -> label.put(o.orderId(), o.kind()));
    return label;
  }

  /**
   * Every case version, by order and version: when (event time) each level was reached and on which
   * signals, with each signal's value, threshold, weight and detail. What a latency is made of.
   */
  static void writeCases(Result r, Path file) throws IOException {
    Map<String, String> label = labels(r.truth());
    List<FlaggedCase> sorted = new java.util.ArrayList<>(r.cases());
    sorted.sort(java.util.Comparator.comparing(FlaggedCase::getOrderId).thenComparingInt(FlaggedCase::getVersion));
    StringBuilder b = new StringBuilder("order\tlabel\tversion\tlevel\tscore\tevent time\tsignals\n");
    for (FlaggedCase c : sorted) {
      String signals = c.getSignals().stream()
          .map(sig -> describe(sig) + String.format(Locale.ROOT, " weight %.2f", sig.getWeight()))
          .collect(java.util.stream.Collectors.joining("; "));
      b.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%s\t%.3f\t%s\t%s%n", c.getOrderId(), label.getOrDefault(c.getOrderId(), "other"),
          c.getVersion(), c.getLevel(), c.getRiskScore(), c.getLastEventTime(), signals));
    }
    Files.writeString(file, b.toString());
  }

  /** One signal of a case in words: name, value/threshold and its detail line. */
  static String describe(com.creatormarket.integrity.avro.SignalFiring sig) {
    return String.format(Locale.ROOT, "%s %.3f/%.3f (%s)", sig.getSignal(), sig.getValue(), sig.getThreshold(), sig.getDetail());
  }

  /** Per order with a case: label, strongest level and score, and each signal's largest value. */
  static void dump(Result r, Path file) throws IOException {
    Map<String, String> label = labels(r.truth());
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

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
  }
}
