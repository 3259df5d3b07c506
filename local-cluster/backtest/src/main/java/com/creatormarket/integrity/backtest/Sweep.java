package com.creatormarket.integrity.backtest;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.simulator.Simulator;
import com.creatormarket.integrity.simulator.SimulatorOptions;
import com.creatormarket.integrity.simulator.truth.Scorecard;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Threshold sweeps for data engineers (issue #18): runs the backtest, through the partitioned read
 * path, over a grid of one or two detector knobs on a robustness world drawn with each seed (the
 * world is drawn once per seed and reused for every grid point), and writes per grid point the
 * precision and recall per attack kind and over all attacks, the false-positive rate on honest
 * orders, innocent cover recipients and viral orders flagged, and the median latency, as CSV; a PR
 * curve and the metrics against the first knob as PNG, with the current operating point (the
 * knobs' values without the sweep) marked; and the grid point with the highest recall whose
 * honest false-positive rate is at most the target.
 *
 * <p>Tune on tuning seeds (the default, {@link Robustness#TUNING_SEEDS}), then check the suggested
 * value on the report seeds: {@code bin/robustness --KNOB VALUE}.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Backtest the fake-traffic job over a grid of one or two knobs; CSV, PR curve and a suggested value for a target FPR.")
public final class Sweep implements Callable<Integer> {

  @Option(names = "--knob", required = true, description = "The knob to sweep, e.g. score.review.")
  String knob;

  @Option(names = "--values", required = true, split = ",", description = "Its values, comma-separated (e.g. 0.35,0.45,0.55,0.65).")
  List<String> values;

  @Option(names = "--knob2", description = "A second knob (the grid is every pair).")
  String knob2;

  @Option(names = "--values2", split = ",", description = "The second knob's values.")
  List<String> values2;

  @Option(names = "--seeds", split = ",", description = "World seeds (default: the tuning seeds, ${DEFAULT-VALUE}).", defaultValue = "101")
  List<Long> seeds;

  @Option(names = "--world", defaultValue = "base", description = "Robustness world: base (a day of every attack kind) or drip (22 days of slow drips).")
  String world;

  @Option(names = "--world-knob", description = "Moves one world knob of the robustness grid, e.g. traffic.deviceGroupShare=0.15 (see bin/robustness).")
  String worldKnob;

  @Option(names = "--target-fpr", defaultValue = "0.001", description = "Largest honest false-positive rate a suggested value may have (default ${DEFAULT-VALUE}).")
  double targetFpr;

  @Option(names = "--out", defaultValue = "local-cluster/.run/sweep", description = "Folder for sweep.csv, sweep-pr.png, sweep-<knob>.png, sweep.md.")
  Path out;

  @Option(names = "--set", description = "Other knobs held at a value for the whole sweep, e.g. --set signal.lockstep.min-share=0.1.")
  Map<String, String> fixed = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** One grid point's figures, the seeds pooled. */
  record Point(Map<String, String> values, boolean current, int attacked, int attackedFlagged, double precision, double recall,
      int honest, int honestFlagged, int recipients, int recipientsFlagged, int viral, int viralFlagged, Duration medianLatency,
      Map<String, double[]> perKind) {

    double honestFpr() {
      return honest == 0 ? 0 : (double) honestFlagged / honest;
    }

    String label() {
      return String.join(", ", values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
  }

  public static void main(String[] args) {
    // The script gives a default --out first: a later one wins.
    System.exit(new CommandLine(new Sweep()).setOverwrittenOptionsAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Knob<?>> knobs = new LinkedHashMap<>();
    FakeTrafficOptions.KNOBS.forEach(k -> knobs.put(k.key(), k));
    checkKnob(knobs, knob, values);
    if ((knob2 == null) != (values2 == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--knob2 and --values2 go together");
    }
    if (knob2 != null) {
      checkKnob(knobs, knob2, values2);
    }
    if (!world.equals("base") && !world.equals("drip")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--world must be base or drip, not '" + world + "'");
    }
    Files.createDirectories(out);
    Settings base = Settings.from(fixed, "--set", FakeTrafficOptions.KNOBS);
    List<Map<String, String>> grid = grid();
    Map<String, String> current = new LinkedHashMap<>();
    current.put(knob, base.get(knobs.get(knob)).toString());
    if (knob2 != null) {
      current.put(knob2, base.get(knobs.get(knob2)).toString());
    }
    if (grid.stream().noneMatch(g -> sameValues(g, current, knobs))) {
      grid.add(current);
    }

    Robustness.Point world = worldPoint();
    Map<Map<String, String>, List<Robustness.Outcome>> outcomes = new LinkedHashMap<>();
    for (long seed : seeds) {
      Path dir = Files.createTempDirectory("sweep-");
      try {
        Path scenario = dir.resolve("scenario.yaml");
        Files.writeString(scenario, Robustness.scenarioYaml(world));
        Path data = dir.resolve("data");
        long began = System.nanoTime();
        Simulator.run(SimulatorOptions.parse(new String[] {"--scenario", scenario.toString(), "--seed", Long.toString(seed),
            "--out-dir", data.toString(), "--quiet"}), System.err);
        double generated = (System.nanoTime() - began) / 1e9;
        Set<String> coverVideos = Robustness.coverVideos(data);
        for (Map<String, String> g : grid) {
          Map<String, String> values = new LinkedHashMap<>(fixed);
          values.putAll(g);
          Settings settings = Settings.from(values, "sweep point", FakeTrafficOptions.KNOBS);
          Backtest.Result r = Backtest.run(data, world.label(), settings, Backtest.Options.defaults(), generated);
          Robustness.Outcome o = Robustness.score(world, seed, r, coverVideos, data);
          outcomes.computeIfAbsent(g, k -> new ArrayList<>()).add(o);
          System.out.printf(Locale.ROOT, "seed %-4d %-40s recall %.3f precision %.3f honest flagged %d/%d (%.1f s)%n", seed, label(g),
              o.card().allAttacks().recall(), o.card().allAttacks().precision(), o.honestFlagged(), o.honestOrders(), o.seconds());
        }
      } finally {
        Backtest.deleteTree(dir);
      }
    }
    List<Point> points = new ArrayList<>();
    outcomes.forEach((g, os) -> points.add(pool(g, sameValues(g, current, knobs), os)));
    Comparator<Point> byValues = Comparator.comparingDouble(p -> Double.parseDouble(numeric(p.values().get(knob))));
    if (knob2 != null) {
      byValues = byValues.thenComparingDouble(p -> Double.parseDouble(numeric(p.values().get(knob2))));
    }
    points.sort(byValues);
    Point suggested = suggest(points, targetFpr);
    writeCsv(points, out.resolve("sweep.csv"));
    prChart(points, out.resolve("sweep-pr.png"));
    valueChart(points, out.resolve("sweep-" + knob.replaceAll("[^A-Za-z0-9]+", "-") + ".png"));
    String md = markdown(points, suggested);
    Files.writeString(out.resolve("sweep.md"), md);
    System.out.println();
    System.out.print(md);
    System.out.println("written: " + out.toAbsolutePath());
    return 0;
  }

  /** The robustness world: base or drip, with at most one of the grid's world knobs moved. */
  private Robustness.Point worldPoint() {
    String base = world.equals("base") ? Robustness.BASE : Robustness.DRIP;
    if (worldKnob == null) {
      return new Robustness.Point(base, null, null, Double.NaN, "");
    }
    String[] kv = worldKnob.split("=", 2);
    Robustness.Knob k = Robustness.GRID.stream().filter(g -> g.path().equals(kv[0]) && g.base().equals(base)).findFirst()
        .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--world-knob: no world knob '" + kv[0] + "' on the "
            + world + " world; one of " + Robustness.GRID.stream().filter(g -> g.base().equals(base)).map(Robustness.Knob::path).toList()));
    if (kv.length < 2 || !kv[1].matches("[0-9.]+")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--world-knob " + kv[0] + " needs a number, e.g. " + kv[0] + "=" + k.values().get(1));
    }
    return new Robustness.Point(base, k.name(), k.path(), Double.parseDouble(kv[1]), k.unit());
  }

  private void checkKnob(Map<String, Knob<?>> knobs, String key, List<String> vals) {
    Knob<?> k = knobs.get(key);
    if (k == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no knob '" + key + "' in the fake-traffic job (see its README's knobs table)");
    }
    for (String v : vals) {
      try {
        k.parse(v, "--values of " + key);
      } catch (InvalidConfigException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage()); // names the key and the allowed values
      }
    }
  }

  private static boolean sameValues(Map<String, String> g, Map<String, String> current, Map<String, Knob<?>> knobs) {
    for (Map.Entry<String, String> e : current.entrySet()) {
      Knob<?> k = knobs.get(e.getKey());
      if (!k.parse(g.get(e.getKey()), "sweep").equals(k.parse(e.getValue(), "sweep"))) {
        return false;
      }
    }
    return true;
  }

  private List<Map<String, String>> grid() {
    List<Map<String, String>> grid = new ArrayList<>();
    for (String v : values) {
      if (knob2 == null) {
        grid.add(new LinkedHashMap<>(Map.of(knob, v)));
      } else {
        for (String v2 : values2) {
          Map<String, String> g = new LinkedHashMap<>();
          g.put(knob, v);
          g.put(knob2, v2);
          grid.add(g);
        }
      }
    }
    return grid;
  }

  private static String label(Map<String, String> g) {
    return String.join(", ", g.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  /** The seeds pooled: counts summed, so precision and recall are over every order of every seed. */
  static Point pool(Map<String, String> g, boolean current, List<Robustness.Outcome> os) {
    int attacked = 0;
    int attackedFlagged = 0;
    Map<String, int[]> kinds = new LinkedHashMap<>();
    Map<String, List<Duration>> kindLatencies = new LinkedHashMap<>();
    List<Duration> latencies = new ArrayList<>();
    for (Robustness.Outcome o : os) {
      Scorecard.Row all = o.card().allAttacks();
      attacked += all.orders();
      attackedFlagged += (int) Math.round(all.recall() * all.orders());
      if (all.medianLatency() != null) {
        latencies.add(all.medianLatency());
      }
      for (Scorecard.Row row : o.card().attackRows()) {
        int[] k = kinds.computeIfAbsent(row.label(), x -> new int[2]);
        k[0] += row.orders();
        k[1] += (int) Math.round(row.recall() * row.orders());
        if (row.medianLatency() != null) {
          kindLatencies.computeIfAbsent(row.label(), x -> new ArrayList<>()).add(row.medianLatency());
        }
      }
    }
    int honest = os.stream().mapToInt(Robustness.Outcome::honestOrders).sum();
    int honestFlagged = os.stream().mapToInt(Robustness.Outcome::honestFlagged).sum();
    // Flagged orders that were not attacked: honest and viral ones.
    int falseFlags = honestFlagged + os.stream().mapToInt(Robustness.Outcome::viralFlagged).sum();
    double precision = attackedFlagged + falseFlags == 0 ? 1 : (double) attackedFlagged / (attackedFlagged + falseFlags);
    double recall = attacked == 0 ? Double.NaN : (double) attackedFlagged / attacked;
    // Per kind: orders, recall, precision against every false flag (an honest order flagged is of no kind), and the
    // median over seeds of each seed's median latency (seconds; the burst kinds' target is per world and seed).
    Map<String, double[]> perKind = new LinkedHashMap<>();
    kinds.forEach((k, c) -> {
      List<Duration> l = new ArrayList<>(kindLatencies.getOrDefault(k, List.of()));
      l.sort(Comparator.naturalOrder());
      perKind.put(k, new double[] {c[0], c[0] == 0 ? Double.NaN : (double) c[1] / c[0],
          c[1] + falseFlags == 0 ? Double.NaN : (double) c[1] / (c[1] + falseFlags), l.isEmpty() ? Double.NaN : l.get(l.size() / 2).toSeconds()});
    });
    latencies.sort(Comparator.naturalOrder());
    return new Point(g, current, attacked, attackedFlagged, precision, recall, honest, honestFlagged,
        os.stream().mapToInt(Robustness.Outcome::coverRecipients).sum(), os.stream().mapToInt(Robustness.Outcome::coverRecipientsFlagged).sum(),
        os.stream().mapToInt(Robustness.Outcome::viralOrders).sum(), os.stream().mapToInt(Robustness.Outcome::viralFlagged).sum(),
        latencies.isEmpty() ? null : latencies.get(latencies.size() / 2), perKind);
  }

  /** The highest recall among points at or under the target FPR (then higher precision, then the current point); null if none. */
  static Point suggest(List<Point> points, double targetFpr) {
    return points.stream().filter(p -> p.honestFpr() <= targetFpr)
        .max(Comparator.comparingDouble(Point::recall).thenComparingDouble(Point::precision).thenComparing(Point::current))
        .orElse(null);
  }

  private void writeCsv(List<Point> points, Path file) throws IOException {
    List<String> kinds = points.stream().flatMap(p -> p.perKind().keySet().stream()).distinct().sorted().toList();
    List<String> header = new ArrayList<>(List.of(knob));
    if (knob2 != null) {
      header.add(knob2);
    }
    header.addAll(List.of("current", "attacked_orders", "precision", "recall", "honest_orders", "honest_flagged", "honest_fpr",
        "cover_recipients", "cover_recipients_flagged", "viral_orders", "viral_flagged", "median_latency_s"));
    for (String k : kinds) {
      header.add(k.toLowerCase(Locale.ROOT) + "_recall");
      header.add(k.toLowerCase(Locale.ROOT) + "_precision");
      header.add(k.toLowerCase(Locale.ROOT) + "_orders");
      header.add(k.toLowerCase(Locale.ROOT) + "_latency_s");
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (Point p : points) {
        List<Object> row = new ArrayList<>(p.values().values());
        row.addAll(List.of(p.current(), p.attacked(), fixed(p.precision()), fixed(p.recall()), p.honest(), p.honestFlagged(),
            fixed(p.honestFpr()), p.recipients(), p.recipientsFlagged(), p.viral(), p.viralFlagged(),
            p.medianLatency() == null ? "" : p.medianLatency().toSeconds()));
        for (String k : kinds) {
          double[] v = p.perKind().get(k);
          row.add(v == null ? "" : fixed(v[1]));
          row.add(v == null ? "" : fixed(v[2]));
          row.add(v == null ? "" : (long) v[0]);
          row.add(v == null || Double.isNaN(v[3]) ? "" : (long) v[3]);
        }
        csv.printRecord(row);
      }
    }
  }

  /** Precision against recall over all attacks, one point per grid point (points that coincide share a label), the current operating point in red. */
  private void prChart(List<Point> points, Path file) throws IOException {
    XYSeries grid = new XYSeries("grid points", false);
    XYSeries now = new XYSeries("current operating point", false);
    Map<String, List<String>> labels = new LinkedHashMap<>();
    for (Point p : points.stream().sorted(Comparator.comparingDouble(Point::recall)).toList()) {
      grid.add(p.recall(), p.precision());
      if (p.current()) {
        now.add(p.recall(), p.precision());
      }
      labels.computeIfAbsent(p.recall() + "/" + p.precision(), k -> new ArrayList<>()).add(String.join("/", p.values().values()));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(grid);
    data.addSeries(now);
    JFreeChart chart = ChartFactory.createXYLineChart("Precision-recall, all attacks: " + knob + (knob2 == null ? "" : " x " + knob2),
        "recall", "precision", data);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(knob2 == null, true);
    renderer.setSeriesLinesVisible(1, false);
    renderer.setSeriesPaint(0, new Color(0x33, 0x66, 0xcc));
    renderer.setSeriesPaint(1, Color.RED);
    renderer.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
    renderer.setSeriesStroke(0, new BasicStroke(1.5f));
    plot.setRenderer(renderer);
    labels.forEach((at, names) -> {
      String[] xy = at.split("/");
      XYTextAnnotation a = new XYTextAnnotation(knob + (knob2 == null ? "" : "/" + knob2) + " " + String.join(", ", names),
          Double.parseDouble(xy[0]), Double.parseDouble(xy[1]));
      a.setTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
      plot.addAnnotation(a);
    });
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 560);
  }

  /** Recall, precision and honest FPR (per cent) against the first knob, one series each per value of the second. */
  private void valueChart(List<Point> points, Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    Map<String, List<Point>> bySecond = new LinkedHashMap<>();
    for (Point p : points) {
      bySecond.computeIfAbsent(knob2 == null ? "" : knob2 + "=" + p.values().get(knob2), k -> new ArrayList<>()).add(p);
    }
    bySecond.forEach((second, ps) -> {
      String suffix = second.isEmpty() ? "" : " (" + second + ")";
      XYSeries recall = new XYSeries("recall, all attacks (%)" + suffix);
      XYSeries precision = new XYSeries("precision (%)" + suffix);
      XYSeries fpr = new XYSeries("honest orders flagged (%)" + suffix);
      for (Point p : ps) {
        double x = Double.parseDouble(numeric(p.values().get(knob)));
        recall.add(x, 100 * p.recall());
        precision.add(x, 100 * p.precision());
        fpr.add(x, 100 * p.honestFpr());
      }
      data.addSeries(recall);
      data.addSeries(precision);
      data.addSeries(fpr);
    });
    JFreeChart chart = ChartFactory.createXYLineChart("Detection against " + knob + " (current: " + current(points) + ")", knob, "%", data);
    ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 500);
  }

  /** Knob values as numbers on the chart's axis: durations in minutes. */
  private static String numeric(String v) {
    Duration d = com.creatormarket.integrity.common.config.Durations.parse(v);
    return d != null && !v.matches("[0-9.]+") ? Double.toString(d.toSeconds() / 60.0) : v;
  }

  private static String current(List<Point> points) {
    return points.stream().filter(Point::current).map(Point::label).findFirst().orElse("?");
  }

  private String markdown(List<Point> points, Point suggested) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Sweep of %s%s on the %s world%s, seeds %s; target honest FPR %.2f%%%n%n", knob,
        knob2 == null ? "" : " x " + knob2, world, worldKnob == null ? "" : " (" + worldKnob + ")", seeds, 100 * targetFpr));
    b.append("| ").append(knob).append(knob2 == null ? "" : " | " + knob2)
        .append(" | precision | recall | honest flagged | cover recipients flagged | viral flagged | median latency |\n|---:|")
        .append(knob2 == null ? "" : "---:|").append("---:|---:|---:|---:|---:|---:|\n");
    for (Point p : points) {
      b.append("| ").append(p.values().get(knob)).append(p.current() ? " (current)" : "");
      if (knob2 != null) {
        b.append(" | ").append(p.values().get(knob2));
      }
      b.append(String.format(Locale.ROOT, " | %.3f | %.3f | %d/%d (%.2f%%) | %d/%d | %d/%d | %s |%n", p.precision(), p.recall(),
          p.honestFlagged(), p.honest(), 100 * p.honestFpr(), p.recipientsFlagged(), p.recipients(), p.viralFlagged(), p.viral(),
          p.medianLatency() == null ? "-" : Scorecard.format(p.medianLatency())));
    }
    b.append('\n');
    List<String> kinds = points.stream().flatMap(p -> p.perKind().keySet().stream()).distinct().sorted().toList();
    b.append("Median latency per attack kind (the median over seeds of each seed's median):\n\n| ").append(knob)
        .append(knob2 == null ? "" : " | " + knob2);
    kinds.forEach(k -> b.append(" | ").append(k.toLowerCase(Locale.ROOT).replace('_', ' ')));
    b.append(" |\n|---:|").append(knob2 == null ? "" : "---:|").append("---:|".repeat(kinds.size())).append('\n');
    for (Point p : points) {
      b.append("| ").append(p.values().get(knob)).append(p.current() ? " (current)" : "");
      if (knob2 != null) {
        b.append(" | ").append(p.values().get(knob2));
      }
      for (String k : kinds) {
        double[] v = p.perKind().get(k);
        b.append(" | ").append(v == null || Double.isNaN(v[3]) ? "-" : Scorecard.format(Duration.ofSeconds((long) v[3])));
      }
      b.append(" |\n");
    }
    b.append('\n');
    b.append(suggested == null
        ? String.format(Locale.ROOT, "No grid point keeps honest orders flagged at or under %.2f%%.%n", 100 * targetFpr)
        : String.format(Locale.ROOT, "Suggested for honest FPR <= %.2f%%: %s (recall %.3f, precision %.3f, honest FPR %.2f%%)%s.%n",
            100 * targetFpr, suggested.label(), suggested.recall(), suggested.precision(), 100 * suggested.honestFpr(),
            suggested.current() ? ", the current setting" : "; check it on the report seeds (bin/robustness --seeds 202,303 --"
                + suggested.values().entrySet().iterator().next().getKey() + " " + suggested.values().values().iterator().next() + ")"));
    return b.toString();
  }

  private static String fixed(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }
}
