package com.creatormarket.integrity.backtest;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The robustness backtest (issue #14): runs the backtest, through the partitioned read path, over a
 * grid of simulated worlds that differ from a base world in one knob at a time (device sharing,
 * heavy viewers, the share of a camouflaged farm's views spent as cover, carrier NAT), each drawn
 * with several seeds; writes per grid point and seed the quality per attack kind, the false
 * positives on honest orders, on innocent recipients of cover traffic and on viral orders, and an
 * order-level AUC, as CSV, a Markdown summary and one PNG chart per knob.
 *
 * <p>Tuning and reporting use different seeds: {@code --seeds} picks them (the README's figures are
 * on the report seeds, {@link #REPORT_SEEDS}; tuning was done on {@link #TUNING_SEEDS}).
 */
@Command(name = "robustness", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Backtest the fake-traffic job over the grid of simulated worlds; CSV, Markdown and charts per world knob.",
    footer = "Any other --KEY VALUE sets a knob of the fake-traffic job for the whole grid, e.g. --score.review 0.35.")
public final class Robustness implements Callable<Integer> {

  public static final List<Long> TUNING_SEEDS = List.of(101L);
  public static final List<Long> REPORT_SEEDS = List.of(202L, 303L);

  /** The base worlds: a day of every attack kind, and three weeks of slow drips. */
  static final String BASE = "robustness-base.yaml";
  static final String DRIP = "robustness-drip.yaml";

  /**
   * One world knob of the grid: the base world it moves, where it sits in the scenario, its values
   * (the first is the base's) and the unit written after a value in the scenario ("d": days).
   */
  record Knob(String name, String base, String path, List<Double> values, String unit) {}

  static final List<Knob> GRID = List.of(
      new Knob("shared devices", BASE, "traffic.deviceGroupShare", List.of(0.01, 0.05, 0.15), ""),
      new Knob("heavy viewers", BASE, "traffic.heavyShare", List.of(0.0, 0.01, 0.03), ""),
      new Knob("cover share", BASE, "attacks[camouflage].coverShare", List.of(0.8, 0.5, 0.9), ""),
      new Knob("camouflage start", BASE, "attacks[camouflage].startAfterPublish", List.of(2.0, 0.0), "h"),
      new Knob("carrier NAT", BASE, "traffic.mobileShare", List.of(0.3, 0.5, 0.7), ""),
      new Knob("fan groups", BASE, "traffic.fanGroupShare", List.of(0.0, 0.3, 0.8), ""),
      new Knob("second market", BASE, "traffic.secondMarketShare", List.of(0.0, 0.2, 0.35), ""),
      new Knob("celebrity newcomers", BASE, "viral.newcomerShare", List.of(0.0, 0.25, 0.5), ""),
      new Knob("proxy click farm", BASE, "attacks[click_farm].proxyShare", List.of(0.0, 0.5, 1.0), ""),
      new Knob("drip lift a day", DRIP, "attacks[slow_drip].dailyLift", List.of(0.05, 0.02, 0.10), ""),
      new Knob("drip days", DRIP, "attacks[slow_drip].duration", List.of(10.0, 5.0, 20.0), "d"));

  /**
   * The honest look-alikes of the grid (not the attackers' knobs): a marketplace can differ from
   * ours in all of them at once, and a detector that holds against each alone may not hold against
   * their sum.
   */
  static final List<String> LOOK_ALIKES = List.of("shared devices", "heavy viewers", "cover share", "carrier NAT", "fan groups",
      "second market", "celebrity newcomers");
  static final String ALL_LOOK_ALIKES = "every look-alike at its largest";

  /**
   * One grid point: a base world with at most one knob moved, or ({@code together}, by scenario
   * path) several at once.
   */
  record Point(String base, String knob, String path, double value, String unit, Map<String, Double> together) {
    Point(String base, String knob, String path, double value, String unit) {
      this(base, knob, path, value, unit, Map.of());
    }

    String label() {
      if (!together.isEmpty()) {
        return knob;
      }
      if (knob == null) {
        return base.equals(BASE) ? "base" : "drip base";
      }
      return String.format(Locale.ROOT, "%s = %s%s", knob, trim(value), unit);
    }
  }

  /** What one run of one point and seed gave. */
  record Outcome(Point point, long seed, Scorecard card, int honestOrders, int honestFlagged, int coverRecipients,
      int coverRecipientsFlagged, int viralOrders, int viralFlagged, double auc, long events, double seconds,
      List<FalseFlag> falseFlags, List<Miss> misses) {}

  /** An attacked order not flagged at REVIEW or above: how far it got, and how big the attack on it was. */
  record Miss(String orderId, String kind, String maxLevel, double maxScore, String signals, long attackEvents) {}

  /** An honest or viral order that reached REVIEW or above, with the case version that took it highest: what to fix next. */
  record FalseFlag(String orderId, String videoId, String kind, String level, double riskScore, String signals,
      String suspectAccounts) {}

  @Option(names = "--seeds", split = ",", description = "World seeds, comma-separated (default: the report seeds, 202,303).")
  List<Long> seeds;

  @Option(names = "--tuning", description = "Use the tuning seed (101) instead of the report seeds.")
  boolean tuning;

  @Option(names = "--worlds", defaultValue = "all", description = "Which worlds: all, base (one day of every attack kind) or drip (22 days of slow drips); default ${DEFAULT-VALUE}.")
  String worlds;

  @Option(names = "--out", defaultValue = "local-cluster/.run/robustness", description = "Folder for robustness.csv, robustness.md, the false flags, the misses and the charts.")
  Path out;

  /** Every other {@code --KEY VALUE}: a knob of the fake-traffic job, held for the whole grid. */
  @Unmatched
  List<String> knobArgs = new ArrayList<>();

  @Spec
  CommandSpec spec;

  Robustness() {}

  public static void main(String[] args) {
    // The script gives a default --out first: a later one wins.
    System.exit(new CommandLine(new Robustness()).setOverwrittenOptionsAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!List.of("all", "base", "drip").contains(worlds)) {
      throw new ParameterException(spec.commandLine(), "--worlds must be one of all, base, drip; got '" + worlds + "'");
    }
    if (tuning && seeds != null) {
      throw new ParameterException(spec.commandLine(), "give --seeds or --tuning, not both");
    }
    List<Long> seeds = tuning ? TUNING_SEEDS : this.seeds != null ? this.seeds : REPORT_SEEDS;
    Map<String, String> knobs = new LinkedHashMap<>();
    for (int i = 0; i < knobArgs.size(); i += 2) {
      String key = knobArgs.get(i);
      if (!key.startsWith("--") || i + 1 >= knobArgs.size()) {
        throw new ParameterException(spec.commandLine(), "expected --KNOB VALUE (a knob of the fake-traffic job), got '" + key + "'");
      }
      knobs.put(key.substring(2), knobArgs.get(i + 1));
    }
    Settings settings;
    try {
      settings = Settings.from(knobs, "command line", FakeTrafficOptions.KNOBS);
    } catch (InvalidConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    grid(seeds, worlds, out, knobs, settings);
    return 0;
  }

  /** Runs every point of the chosen worlds with every seed and writes the tables and charts. */
  static void grid(List<Long> seeds, String worlds, Path out, Map<String, String> knobs, Settings settings) throws Exception {
    Files.createDirectories(out);
    List<Outcome> outcomes = new ArrayList<>();
    for (Point p : points()) {
      if (!worlds.equals("all") && !p.base().equals(worlds.equals("base") ? BASE : DRIP)) {
        continue;
      }
      for (long seed : seeds) {
        Outcome o = run(p, seed, settings);
        outcomes.add(o);
        System.out.printf(Locale.ROOT, "%-24s seed %-4d recall %.3f precision %.3f honest flagged %d/%d cover recipients flagged %d/%d viral %d/%d AUC %.3f (%.0f s)%n",
            p.label(), seed, o.card().allAttacks().recall(), o.card().allAttacks().precision(), o.honestFlagged(), o.honestOrders(),
            o.coverRecipientsFlagged(), o.coverRecipients(), o.viralFlagged(), o.viralOrders(), o.auc(), o.seconds());
      }
    }
    writeCsv(outcomes, out.resolve("robustness.csv"));
    writeFalseFlags(outcomes, out.resolve("robustness-false-flags.csv"));
    writeMisses(outcomes, out.resolve("robustness-misses.csv"));
    String markdown = markdown(outcomes, seeds, knobs);
    Files.writeString(out.resolve("robustness.md"), markdown);
    for (Knob k : GRID) {
      if (outcomes.stream().noneMatch(o -> o.point().base().equals(k.base()))) {
        continue;
      }
      chart(k, outcomes, out.resolve("robustness-" + k.path().replaceAll("[^A-Za-z]+", "-").replaceAll("-$", "") + ".png"));
    }
    System.out.println();
    System.out.print(markdown);
    System.out.println("written: " + out.toAbsolutePath());
    System.exit(0);
  }

  static List<Point> points() {
    List<Point> points = new ArrayList<>();
    for (Knob k : GRID) {
      if (points.stream().noneMatch(p -> p.knob() == null && p.base().equals(k.base()))) {
        points.add(new Point(k.base(), null, null, Double.NaN, ""));
      }
      for (double v : k.values().subList(1, k.values().size())) {
        points.add(new Point(k.base(), k.name(), k.path(), v, k.unit()));
      }
    }
    // After the base world's one-knob points: every honest look-alike at its grid's largest value.
    Map<String, Double> together = new LinkedHashMap<>();
    for (Knob k : GRID) {
      if (LOOK_ALIKES.contains(k.name())) {
        together.put(k.path(), k.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      }
    }
    int afterBase = (int) points.stream().filter(p -> p.base().equals(BASE)).count();
    points.add(afterBase, new Point(BASE, ALL_LOOK_ALIKES, null, Double.NaN, "", together));
    return points;
  }

  /** Draws the point's world with the seed, runs the backtest on it, and scores it. */
  static Outcome run(Point p, long seed, Settings settings) throws Exception {
    Path dir = Files.createTempDirectory("robustness-");
    try {
      Path scenario = dir.resolve("scenario.yaml");
      Files.writeString(scenario, scenarioYaml(p));
      Path data = dir.resolve("data");
      long began = System.nanoTime();
      Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", scenario.toString(), "--seed", Long.toString(seed),
          "--out-dir", data.toString(), "--quiet"}), System.err);
      double generated = (System.nanoTime() - began) / 1e9;
      Set<String> coverVideos = coverVideos(data);
      Backtest.Result r = Backtest.run(data, p.label(), settings, Backtest.Options.defaults(), generated);
      return score(p, seed, r, coverVideos, data);
    } finally {
      Backtest.deleteTree(dir);
    }
  }

  /** The base scenario with the point's knob set. */
  static String scenarioYaml(Point p) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode root;
    try (InputStream in = Robustness.class.getResourceAsStream("/" + p.base())) {
      root = (ObjectNode) yaml.readTree(in);
    }
    if (p.path() != null) {
      set(root, p.path(), p.value(), p.unit());
    }
    p.together().forEach((path, value) -> set(root, path, value, ""));
    return yaml.writeValueAsString(root);
  }

  /** Sets a scenario value by its path ({@code traffic.mobileShare}, {@code attacks[camouflage].coverShare}). */
  private static void set(ObjectNode root, String path, double value, String unit) {
    String[] parts = path.split("\\.");
    if (parts[0].startsWith("attacks[")) {
      String kind = parts[0].substring("attacks[".length(), parts[0].length() - 1);
      for (JsonNode a : root.withArray("attacks")) {
        if (a.path("kind").asText().equals(kind)) {
          put((ObjectNode) a, parts[1], value, unit);
        }
      }
    } else {
      put(root.with(parts[0]), parts[1], value, unit);
    }
  }

  private static void put(ObjectNode node, String field, double value, String unit) {
    if (unit.isEmpty()) {
      node.put(field, value);
    } else {
      node.put(field, trim(value) + unit);
    }
  }

  /** Videos that received a camouflaged farm's cover views. */
  static Set<String> coverVideos(Path data) throws IOException {
    GroundTruth truth = GroundTruth.read(data.resolve("ground-truth.json"));
    Set<String> coverIds = new HashSet<>();
    truth.attacks().forEach(a -> coverIds.addAll(a.coverEventIds()));
    Set<String> videos = new HashSet<>();
    RecordFiles.forEach(data, Topics.ENGAGEMENT, e -> {
      if (coverIds.contains(e.getEventId().toString())) {
        videos.add(e.getVideoId().toString());
      }
    });
    return videos;
  }

  static Outcome score(Point p, long seed, Backtest.Result r, Set<String> coverVideos, Path data) throws IOException {
    GroundTruth truth = r.truth();
    Map<String, String> videoOf = new HashMap<>();
    RecordFiles.forEach(data, Topics.ORDERS, o -> {
      if (o.getVideoId() != null) {
        videoOf.put(o.getOrderId().toString(), o.getVideoId().toString());
      }
    });
    Map<String, Double> score = new HashMap<>();
    Map<String, FlaggedCase> highest = new HashMap<>();
    Set<String> flagged = new HashSet<>();
    for (FlaggedCase c : r.cases()) {
      score.merge(c.getOrderId(), c.getRiskScore(), Math::max);
      highest.merge(c.getOrderId(), c, (a, b) -> b.getRiskScore() > a.getRiskScore() ? b : a);
      if (c.getLevel() == ResponseLevel.REVIEW || c.getLevel() == ResponseLevel.ENFORCE) {
        flagged.add(c.getOrderId());
      }
    }
    Set<String> attacked = truth.attackedOrders().stream().map(GroundTruth.AttackedOrder::orderId).collect(Collectors.toSet());
    Set<String> viral = truth.viralVideos().stream().map(GroundTruth.ViralVideo::orderId).collect(Collectors.toSet());
    List<String> honest = truth.honestOrders().stream().filter(o -> !attacked.contains(o) && !viral.contains(o)).toList();
    int honestFlagged = (int) honest.stream().filter(flagged::contains).count();
    List<String> recipients = honest.stream().filter(o -> coverVideos.contains(videoOf.get(o))).toList();
    int recipientsFlagged = (int) recipients.stream().filter(flagged::contains).count();
    int viralFlagged = (int) viral.stream().filter(flagged::contains).count();
    // Order-level AUC: attacked orders against honest and viral ones, ranked by the highest risk score any version reached.
    double[] positives = attacked.stream().mapToDouble(o -> score.getOrDefault(o, 0.0)).toArray();
    double[] negatives = truth.honestOrders().stream().filter(o -> !attacked.contains(o)).mapToDouble(o -> score.getOrDefault(o, 0.0)).toArray();
    double auc = positives.length == 0 || negatives.length == 0 ? Double.NaN
        : new MannWhitneyUTest().mannWhitneyU(positives, negatives) / ((double) positives.length * negatives.length);
    Map<String, String> attackOf = new HashMap<>();
    truth.attacks().forEach(a -> a.accounts().forEach(acc -> attackOf.put(acc, a.kind())));
    List<FalseFlag> falseFlags = new ArrayList<>();
    for (String o : truth.honestOrders()) {
      if (flagged.contains(o) && !attacked.contains(o)) {
        FlaggedCase c = highest.get(o);
        String kind = viral.contains(o) ? "viral" : coverVideos.contains(videoOf.get(o)) ? "cover recipient" : "honest";
        String signals = c.getSignals().stream().map(Backtest::describe).collect(Collectors.joining("; "));
        // Whose accounts the case singled out: attack accounts (camouflage cover) or honest ones.
        Map<String, Long> suspects = c.getEvidence().getSuspectAccounts().stream()
            .collect(Collectors.groupingBy(a -> attackOf.getOrDefault(a, "honest"), TreeMap::new, Collectors.counting()));
        falseFlags.add(new FalseFlag(o, videoOf.get(o), kind, c.getLevel().toString(), c.getRiskScore(), signals, suspects.toString()));
      }
    }
    Map<String, GroundTruth.Attack> attackOfOrder = new HashMap<>();
    Map<String, GroundTruth.Attack> attacks = new HashMap<>();
    truth.attacks().forEach(a -> attacks.put(a.attackId(), a));
    truth.attackedOrders().forEach(o -> attackOfOrder.put(o.orderId(), attacks.get(o.attackId())));
    List<Miss> misses = new ArrayList<>();
    for (Scorecard.Outcome m : r.scorecard().misses()) {
      GroundTruth.Attack a = attackOfOrder.get(m.orderId());
      // Events of the attack per target it hit: what the detector had to go on.
      long events = a == null ? 0 : a.eventIds().size() / Math.max(1, a.targets().size());
      misses.add(new Miss(m.orderId(), m.kind(), m.maxLevel() == null ? "" : m.maxLevel().toString(), m.maxScore(), m.signals(), events));
    }
    return new Outcome(p, seed, r.scorecard(), honest.size(), honestFlagged, recipients.size(), recipientsFlagged, viral.size(),
        viralFlagged, auc, r.events(), r.runSeconds(), falseFlags, misses);
  }

  static void writeCsv(List<Outcome> outcomes, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("point", "knob", "value", "seed", "row", "orders",
            "flagged", "precision", "recall", "median_latency_s", "honest_fpr", "cover_recipients", "cover_recipients_flagged",
            "viral_flagged", "auc").get())) {
      for (Outcome o : outcomes) {
        List<Scorecard.Row> rows = new ArrayList<>(o.card().attackRows());
        rows.add(o.card().allAttacks());
        for (Scorecard.Row row : rows) {
          csv.printRecord(o.point().label(), o.point().path() == null ? "" : o.point().path(), Double.isNaN(o.point().value()) ? "" : trim(o.point().value()),
              o.seed(), row.label(), row.orders(), row.flagged(), fixed(row.precision()), fixed(row.recall()),
              row.medianLatency() == null ? "" : row.medianLatency().toSeconds(), fixed(share(o.honestFlagged(), o.honestOrders())),
              o.coverRecipients(), o.coverRecipientsFlagged(), o.viralFlagged(), fixed(o.auc()));
        }
      }
    }
  }

  static void writeFalseFlags(List<Outcome> outcomes, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("point", "seed", "order", "video", "kind", "level",
            "risk_score", "signals (value/threshold (detail))", "suspect accounts by attack kind").get())) {
      for (Outcome o : outcomes) {
        for (FalseFlag f : o.falseFlags()) {
          csv.printRecord(o.point().label(), o.seed(), f.orderId(), f.videoId(), f.kind(), f.level(), fixed(f.riskScore()), f.signals(), f.suspectAccounts());
        }
      }
    }
  }

  static void writeMisses(List<Outcome> outcomes, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("point", "seed", "order", "kind", "max_level", "max_score",
            "signals (peak value)", "attack_events_per_target").get())) {
      for (Outcome o : outcomes) {
        for (Miss m : o.misses()) {
          csv.printRecord(o.point().label(), o.seed(), m.orderId(), m.kind(), m.maxLevel(), fixed(m.maxScore()), m.signals(), m.attackEvents());
        }
      }
    }
  }

  /** One line per grid point, the report seeds pooled: flagged of orders per kind, and the honest side. */
  static String markdown(List<Outcome> outcomes, List<Long> seeds, Map<String, String> knobs) {
    Map<String, List<Outcome>> byPoint = new LinkedHashMap<>();
    outcomes.forEach(o -> byPoint.computeIfAbsent(o.point().label(), k -> new ArrayList<>()).add(o));
    List<String> kinds = outcomes.stream().flatMap(o -> o.card().attackRows().stream()).map(Scorecard.Row::label).distinct().sorted().toList();
    StringBuilder b = new StringBuilder();
    b.append("Robustness grid, seeds ").append(seeds).append(", knobs: ")
        .append(knobs.isEmpty() ? "defaults" : knobs).append("\n\n");
    b.append("| world |");
    kinds.forEach(k -> b.append(' ').append(k.toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |"));
    b.append(" precision | median latency | honest flagged | cover recipients flagged | viral flagged | AUC |\n|---|");
    kinds.forEach(k -> b.append("---:|"));
    b.append("---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, List<Outcome>> e : byPoint.entrySet()) {
      List<Outcome> os = e.getValue();
      b.append("| ").append(e.getKey()).append(" |");
      for (String k : kinds) {
        int orders = 0;
        int found = 0;
        for (Outcome o : os) {
          for (Scorecard.Row row : o.card().attackRows()) {
            if (row.label().equals(k)) {
              orders += row.orders();
              found += row.flagged();
            }
          }
        }
        b.append(' ').append(orders == 0 ? "-" : found + "/" + orders).append(" |");
      }
      double precision = os.stream().mapToDouble(o -> o.card().allAttacks().precision()).average().orElse(Double.NaN);
      List<Duration> latencies = os.stream().map(o -> o.card().allAttacks().medianLatency()).filter(d -> d != null).sorted().toList();
      String latency = latencies.isEmpty() ? "-" : Scorecard.format(latencies.get(latencies.size() / 2));
      int honest = os.stream().mapToInt(Outcome::honestOrders).sum();
      int honestFlagged = os.stream().mapToInt(Outcome::honestFlagged).sum();
      int recipients = os.stream().mapToInt(Outcome::coverRecipients).sum();
      int recipientsFlagged = os.stream().mapToInt(Outcome::coverRecipientsFlagged).sum();
      int viral = os.stream().mapToInt(Outcome::viralOrders).sum();
      int viralFlagged = os.stream().mapToInt(Outcome::viralFlagged).sum();
      double auc = os.stream().mapToDouble(Outcome::auc).average().orElse(Double.NaN);
      b.append(String.format(Locale.ROOT, " %.3f | %s | %d/%d (%.2f%%) | %d/%d | %d/%d | %.3f |%n", precision, latency, honestFlagged, honest,
          100 * share(honestFlagged, honest), recipientsFlagged, recipients, viralFlagged, viral, auc));
    }
    return b.toString();
  }

  /** Per knob, in per cent against the knob's value (the seeds averaged): recall over all attacks, AUC, honest orders flagged. */
  static void chart(Knob k, List<Outcome> outcomes, Path file) throws IOException {
    XYSeries recall = new XYSeries("recall, all attacks (%)");
    XYSeries fpr = new XYSeries("honest orders flagged (%)");
    XYSeries auc = new XYSeries("order-level AUC (%)");
    Map<Double, List<Outcome>> byValue = new TreeMap<>();
    for (Outcome o : outcomes) {
      if (!o.point().base().equals(k.base())) {
        continue;
      }
      boolean base = o.point().knob() == null;
      if (base || o.point().knob().equals(k.name())) {
        byValue.computeIfAbsent(base ? k.values().get(0) : o.point().value(), v -> new ArrayList<>()).add(o);
      }
    }
    byValue.forEach((v, os) -> {
      recall.add((double) v, 100 * os.stream().mapToDouble(o -> o.card().allAttacks().recall()).average().orElse(0));
      fpr.add((double) v, 100 * share(os.stream().mapToInt(Outcome::honestFlagged).sum(), os.stream().mapToInt(Outcome::honestOrders).sum()));
      auc.add((double) v, 100 * os.stream().mapToDouble(Outcome::auc).average().orElse(0));
    });
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(recall);
    data.addSeries(auc);
    data.addSeries(fpr);
    JFreeChart chart = ChartFactory.createXYLineChart("Detection against " + k.name() + " (" + k.path() + ")", k.path(), "%", data);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
  }

  private static double share(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
