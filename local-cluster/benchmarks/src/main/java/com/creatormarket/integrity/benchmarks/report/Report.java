package com.creatormarket.integrity.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a run's results.json (and JMH's micro.json) into the derived figures (ratios, state per
 * key, scaling, hot-video cost), the verdict on each target, report.md and PNG plots.
 */
public final class Report {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final JsonNode results;
  private final JsonNode runs;
  private final ObjectNode derived = JSON.createObjectNode();
  private final ArrayNode targets = JSON.createArrayNode();
  private final StringBuilder md = new StringBuilder();
  private String staleNote;

  private Report(JsonNode results) {
    this.results = results;
    this.runs = results.path("runs");
  }

  public static void write(Path out, Path latest) throws IOException {
    ObjectNode results = (ObjectNode) JSON.readTree(out.resolve("results.json").toFile());
    Path micro = out.resolve("micro.json");
    if (Files.isRegularFile(micro)) {
      results.set("micro", microSummary(JSON.readTree(micro.toFile())));
    }
    Report report = new Report(results);
    report.derive();
    results.set("derived", report.derived);
    results.set("targets", report.targets);
    JSON.writeValue(out.resolve("results.json").toFile(), results);
    report.plots(out);
    Files.writeString(out.resolve("report.md"), report.markdown());
    if (latest != null) {
      Files.createDirectories(latest);
      try (Stream<Path> old = Files.list(latest)) {
        for (Path p : old.toList()) {
          // Files only, as copied below: a folder there (scaling/, a partial run's report) is kept.
          if (Files.isRegularFile(p)) {
            Files.delete(p);
          }
        }
      }
      try (Stream<Path> files = Files.list(out)) {
        for (Path p : files.toList()) {
          // Files only: JFR recordings (profiles/) are large and stay with their run.
          if (Files.isRegularFile(p)) {
            Files.copy(p, latest.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    System.out.print(report.summary());
  }

  static ArrayNode microSummary(JsonNode jmh) {
    ArrayNode list = JSON.createArrayNode();
    for (JsonNode b : jmh) {
      JsonNode m = b.path("primaryMetric");
      String name = b.path("benchmark").asText();
      list.addObject().put("benchmark", name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1))
          .put("score", m.path("score").asDouble()).put("error", m.path("scoreError").asDouble())
          .put("unit", m.path("scoreUnit").asText());
    }
    return list;
  }

  // ---- derived figures ----

  private double rate(String run) {
    return runs.path(run).path("eventsPerSecond").asDouble(Double.NaN);
  }

  private double perCore(String run) {
    return runs.path(run).path("eventsPerCoreSecond").asDouble(Double.NaN);
  }

  private void derive() {
    ObjectNode ratios = derived.putObject("ratios");
    ratios.put("fakeTraffic/L1", rate("fake-traffic/base") / rate("L1/base"));
    ratios.put("L1/L0", rate("L1/base") / rate("L0/base"));
    ratios.put("L2/L1", rate("L2/base") / rate("L1/base"));
    ratios.put("L1-copy/L1", rate("L1-copy/base") / rate("L1/base"));
    ratios.put("L1-echo/L1", rate("L1-echo/base") / rate("L1/base"));
    ratios.put("retention/L1", rate("retention/orders") / rate("L1/base"));
    ratios.put("enforcement/L1", rate("enforcement/orders") / rate("L1/base"));
    ObjectNode perCoreRatios = derived.putObject("perCoreRatios");
    perCoreRatios.put("fakeTraffic/L1", perCore("fake-traffic/base") / perCore("L1/base"));
    perCoreRatios.put("L1/L0", perCore("L1/base") / perCore("L0/base"));
    perCoreRatios.put("L2/L1", perCore("L2/base") / perCore("L1/base"));

    JsonNode base = results.path("datasets").path("base").path("stats");
    ObjectNode state = derived.putObject("statePerKey");
    statePerKey(state, "L2/base", base);
    statePerKey(state, "L2/acc10k", results.path("datasets").path("acc10k").path("stats"));
    statePerKey(state, "L2/acc1m", results.path("datasets").path("acc1m").path("stats"));
    statePerKey(state, "fake-traffic/base", base);
    statePerKey(state, "fake-traffic/acc10k", results.path("datasets").path("acc10k").path("stats"));
    statePerKey(state, "fake-traffic/acc1m", results.path("datasets").path("acc1m").path("stats"));

    ObjectNode scaling = derived.putObject("scaling");
    for (String level : List.of("L2", "fake-traffic")) {
      double drop = 1 - rate(level + "/acc1m") / rate(level + "/acc10k");
      scaling.putObject(level).put("rate10k", rate(level + "/acc10k")).put("rate1m", rate(level + "/acc1m"))
          .put("throughputDrop", drop)
          .put("stateBytes10k", runs.path(level + "/acc10k").path("checkpoints").path("stateBytes").asLong())
          .put("stateBytes1m", runs.path(level + "/acc1m").path("checkpoints").path("stateBytes").asLong());
    }
    ObjectNode hot = derived.putObject("hotVideo");
    for (String level : List.of("L2", "fake-traffic")) {
      hot.putObject(level).put("rateUniform", rate(level + "/base")).put("rateHot", rate(level + "/hot"))
          .put("cost", 1 - rate(level + "/hot") / rate(level + "/base"));
    }

    // Targets of issue 8. A stale fake-traffic jar measures older code: its figures are no verdict.
    String ft = results.path("staleJars").has("fake-traffic") ? "stale fake-traffic jar: " + results.path("staleJars")
        .path("fake-traffic").asText() : null;
    staleNote = ft;
    target(ft, "fake-traffic job >= 0.5x L1 (events/s)", ratios.path("fakeTraffic/L1").asDouble(), 0.5, true, "x");
    target(null, "L1 >= 0.5x L0 (events/s)", ratios.path("L1/L0").asDouble(), 0.5, true, "x");
    JsonNode latency = results.path("latency");
    double interval = seconds(results.path("config").path("checkpointInterval").asText("10s"));
    target(null, "p99 committed latency <= checkpoint interval + 2 s", latency.path("p99Ms").asDouble(Double.NaN) / 1000,
        interval + 2, false, "s");
    // Targets of issue 16.
    target(ft, "fake-traffic job >= L2 (events/s)", rate("fake-traffic/base") / rate("L2/base"), 1, true, "x");
    JsonNode jobLatency = results.path("jobLatency");
    target(ft, "fake-traffic p99 committed latency (after the watermark may pass) <= checkpoint interval + 2 s",
        jobLatency.path("p99Ms").asDouble(Double.NaN) / 1000, interval + 2, false, "s");
    target(ft, "fake-traffic state per active video <= 2.5 KB",
        state.path("fake-traffic/base").path("bytesPerVideo").asDouble(Double.NaN), 2560, false, "B");
    target(ft, "fake-traffic state per active account <= 256 B",
        state.path("fake-traffic/base").path("bytesPerAccount").asDouble(Double.NaN), 256, false, "B");
    target(ft, "fake-traffic throughput drop 10 K -> 1 M accounts <= 20%",
        scaling.path("fake-traffic").path("throughputDrop").asDouble(Double.NaN) * 100, 20, false, "%");
    target(ft, "hot video (50% of traffic) costs fake-traffic <= 30%",
        hot.path("fake-traffic").path("cost").asDouble(Double.NaN) * 100, 30, false, "%");
  }

  /**
   * State bytes per active key from the largest checkpoint: keyed operators whose name mentions
   * an account count per account, the other keyed operators per video (for L2 exact: one
   * operator each; for the jobs an attribution by operator name, stated in the report).
   */
  private void statePerKey(ObjectNode out, String run, JsonNode stats) {
    JsonNode byVertex = runs.path(run).path("checkpoints").path("stateBytesByVertex");
    if (byVertex.isMissingNode() || stats.isMissingNode()) {
      return;
    }
    long video = 0;
    long account = 0;
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) byVertex::fields) {
      // A chain is named after its operators ("video-judge -> (flagged-case-sink: Writer ...)"); its
      // keyed state belongs to the first one.
      String name = firstOperator(e.getKey());
      if (name.startsWith("source") || name.contains("sink") || name.contains("discard")) {
        continue; // Kafka offsets and pending transactions, not per-key state
      }
      // Devices belong to accounts: a device's state is the accounts that use it.
      if (name.contains("account") || name.contains("viewer") || name.contains("lockstep") || name.contains("device")) {
        account += e.getValue().asLong();
      } else {
        video += e.getValue().asLong();
      }
    }
    if (video + account == 0) {
      return; // no keyed state: nothing to divide
    }
    // A time-boxed run may stop before every key was seen; the data visits every account first
    // (see data.Synthetic), so at most eventsRead accounts (and videos) are active in its state.
    long read = runs.path(run).path("eventsRead").asLong(Long.MAX_VALUE);
    long videos = Math.min(stats.path("activeVideos").asLong(), read);
    long accounts = Math.min(stats.path("activeAccounts").asLong(), read);
    out.putObject(run).put("videoStateBytes", video).put("accountStateBytes", account).put("activeVideos", videos)
        .put("activeAccounts", accounts)
        .put("bytesPerVideo", videos > 0 ? (double) video / videos : Double.NaN)
        .put("bytesPerAccount", accounts > 0 ? (double) account / accounts : Double.NaN);
  }

  static String firstOperator(String vertexName) {
    String first = vertexName.split(" -> ", 2)[0].strip();
    return (first.startsWith("(") ? first.substring(1) : first).toLowerCase(Locale.ROOT);
  }

  private void target(String invalid, String what, double value, double limit, boolean atLeast, String unit) {
    ObjectNode t = targets.addObject().put("target", what).put("limit", limit).put("unit", unit);
    if (invalid != null) {
      if (Double.isFinite(value)) {
        t.put("value", value);
      }
      t.put("verdict", "no verdict (" + invalid + ")");
      return;
    }
    if (!Double.isFinite(value)) {
      t.put("verdict", "not measured");
      return;
    }
    boolean met = atLeast ? value >= limit : value <= limit;
    t.put("value", value).put("verdict", met ? "met" : "missed");
    double by = atLeast ? limit - value : value - limit;
    if (!met) {
      t.put("missedBy", by);
    }
  }

  static double seconds(String duration) {
    String d = duration.trim().toLowerCase(Locale.ROOT);
    if (d.endsWith("ms")) {
      return Double.parseDouble(d.substring(0, d.length() - 2).trim()) / 1000;
    }
    if (d.endsWith("min")) {
      return Double.parseDouble(d.substring(0, d.length() - 3).trim()) * 60;
    }
    if (d.endsWith("s")) {
      return Double.parseDouble(d.substring(0, d.length() - 1).trim());
    }
    if (d.endsWith("m")) {
      return Double.parseDouble(d.substring(0, d.length() - 1).trim()) * 60;
    }
    return Double.parseDouble(d) / 1000; // Flink's bare numbers are milliseconds
  }

  // ---- plots ----

  private void plots(Path out) throws IOException {
    List<Charts.Bar> rates = new ArrayList<>();
    List<Charts.Bar> cores = new ArrayList<>();
    double l1 = rate("L1/base");
    double l1c = perCore("L1/base");
    for (String run : List.of("L0/base", "L1/base", "L1-copy/base", "L1-echo/base", "L2/base", "fake-traffic/base", "retention/orders",
        "enforcement/orders")) {
      rates.add(new Charts.Bar(run, rate(run), Double.isFinite(l1) ? String.format("(%.2fx L1)", rate(run) / l1) : null));
      cores.add(new Charts.Bar(run, perCore(run), Double.isFinite(l1c) ? String.format("(%.2fx L1)", perCore(run) / l1c) : null));
    }
    Charts.bars(out.resolve("throughput.png"), "Throughput, steady phase (events/s)", "events per second", rates,
        Double.isFinite(l1) ? new Charts.Line(l1 / 2, "target for jobs: 0.5x L1") : null);
    Charts.bars(out.resolve("per-core.png"), "Efficiency (events per core-second, CPU from /proc)", "events per core-second",
        cores, null);
    List<Charts.Bar> scaling = new ArrayList<>();
    for (String level : List.of("L2", "fake-traffic")) {
      for (String ds : List.of("acc10k", "acc1m", "base", "hot")) {
        String label = level + " " + Map.of("acc10k", "10 K accounts", "acc1m", "1 M accounts", "base", "uniform videos",
            "hot", "hot video (50%)").get(ds);
        scaling.add(new Charts.Bar(label, rate(level + "/" + ds), null));
      }
    }
    Charts.bars(out.resolve("scaling.png"), "Scaling: active accounts and one hot video (events/s)", "events per second",
        scaling, null);
    JsonNode latency = results.path("latency");
    if (latency.has("p99Ms")) {
      long[] values = new long[latency.path("latenciesMsSample").size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = latency.path("latenciesMsSample").get(i).asLong();
      }
      double interval = seconds(results.path("config").path("checkpointInterval").asText("10s"));
      Charts.histogram(out.resolve("latency.png"), String.format("Committed-output latency at %,.0f events/s (half of its limit)",
              latency.path("achievedRate").asDouble()), values, latency.path("p50Ms").asLong(), latency.path("p99Ms").asLong(),
          new Charts.Line((interval + 2) * 1000, "target: interval + 2 s"));
    }
  }

  // ---- text ----

  static String human(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    if (Math.abs(v) >= 1e6) {
      return String.format("%.2f M", v / 1e6);
    }
    if (Math.abs(v) >= 1e4) {
      return String.format("%.0f K", v / 1e3);
    }
    if (Math.abs(v) >= 100) {
      return String.format("%.0f", v);
    }
    return String.format("%.2f", v);
  }

  /** Where each event's CPU went, per kind of TaskManager thread, over the steady window. */
  /** The job's own counters per event read: lockstep hits, partials (issue #16). */
  private void jobCounters() {
    StringBuilder lines = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) runs::fields) {
      JsonNode per = e.getValue().path("jobCountersPerEvent");
      if (!per.isObject() || per.isEmpty()) {
        continue;
      }
      lines.append("- **").append(e.getKey()).append("**: ");
      StringBuilder parts = new StringBuilder();
      per.fields().forEachRemaining(c -> parts.append(parts.length() == 0 ? "" : ", ").append('`').append(c.getKey()).append("` ")
          .append(String.format("%.3f", c.getValue().asDouble())));
      lines.append(parts).append('\n');
    }
    if (lines.length() > 0) {
      md.append("\nWork per event read, from the job's own counters (summed over operators and subtasks, last reading of the run):\n\n")
          .append(lines);
    }
  }

  private void cpuByThread() {
    List<String> lines = new ArrayList<>();
    runs.fields().forEachRemaining(e -> {
      JsonNode by = e.getValue().path("cpuMicrosPerEventByThread");
      if (by.isMissingNode() || by.isEmpty()) {
        return;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "- **%s**: %.1f µs per event:", e.getKey(),
          e.getValue().path("cpuMicrosPerEvent").asDouble()));
      List<Map.Entry<String, JsonNode>> groups = entries(by);
      for (int i = 0; i < Math.min(10, groups.size()); i++) {
        line.append(i == 0 ? " " : ", ").append('`').append(groups.get(i).getKey()).append("` ")
            .append(String.format(Locale.ROOT, "%.1f", groups.get(i).getValue().asDouble()));
      }
      lines.add(line.toString());
    });
    if (lines.isEmpty()) {
      return;
    }
    md.append("\nCPU per event by TaskManager thread (µs, from /proc/PID/task/*/stat over the steady window; thread "
        + "names as the kernel keeps them, 15 characters, digits as N; operator chains are named after their first "
        + "operator; `rocksdb:*` are RocksDB's flush and compaction threads, `CN CompilerThre` the JIT):\n\n");
    lines.forEach(l -> md.append(l).append('\n'));
  }

  /** JFR summaries of the runs measured with --profile: where each run's Java CPU samples were. */
  private void profiles() {
    List<Map.Entry<String, JsonNode>> profiled = new ArrayList<>();
    runs.fields().forEachRemaining(e -> {
      if (e.getValue().has("profile")) {
        profiled.add(e);
      }
    });
    if (profiled.isEmpty()) {
      return;
    }
    md.append("\n## Profiles (JFR)\n\nJava stack samples on the TaskManagers during each run (`--profile`; JFR profile "
        + "settings; RocksDB's native time shows as the JNI method that called it). Share of the run's samples: per "
        + "operator thread; on top of the stack (self); passed through (inclusive, frames in over half of all samples "
        + "left out; stacks are cut at JFR's 64 frames, so deep frames are undercounted). Recordings: `profiles/*.jfr` beside this report (not committed).\n");
    for (Map.Entry<String, JsonNode> e : profiled) {
      JsonNode p = e.getValue().path("profile");
      double n = Math.max(1, p.path("samples").asDouble());
      md.append(String.format("%n### %s (%,d samples)%n%n| operator thread | share | self | share | inclusive | share |%n"
          + "| --- | --- | --- | --- | --- | --- |%n", e.getKey(), p.path("samples").asLong()));
      List<Map.Entry<String, JsonNode>> threads = entries(p.path("byThread"));
      List<Map.Entry<String, JsonNode>> self = entries(p.path("self"));
      List<Map.Entry<String, JsonNode>> incl = entries(p.path("inclusive"));
      for (int i = 0; i < 15; i++) {
        md.append("| ").append(cell(threads, i, n)).append(" | ").append(cell(self, i, n)).append(" | ")
            .append(cell(incl, i, n)).append(" |\n");
      }
    }
  }

  private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    object.fields().forEachRemaining(out::add);
    return out;
  }

  private static String cell(List<Map.Entry<String, JsonNode>> list, int i, double total) {
    if (i >= list.size()) {
      return " | ";
    }
    String name = list.get(i).getKey().replace("|", "/");
    return "`" + (name.length() > 70 ? name.substring(0, 67) + "..." : name) + "` | "
        + String.format(Locale.ROOT, "%.1f%%", 100 * list.get(i).getValue().asDouble() / total);
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format("%.0f%%", v * 100) : "-";
  }

  private static String ratio(double v) {
    return Double.isFinite(v) ? String.format("%.2fx", v) : "-";
  }

  private static String bytes(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    return v >= 1 << 20 ? String.format("%.1f MiB", v / (1 << 20)) : v >= 1024 ? String.format("%.1f KiB", v / 1024)
        : String.format("%.0f B", v);
  }

  private String markdown() {
    JsonNode c = results.path("config");
    JsonNode m = results.path("machine");
    md.append("# Performance report\n\n");
    md.append(String.format("Run %s -> %s on %d cores (%s), %.0f GiB. Flink parallelism %d, %s state backend, "
            + "checkpoints every %s (exactly-once, incremental %s), 2 TaskManagers x 3 slots, one job at a time. "
            + "Base data: %,d engagement events. Warm-up: first %.0f%% of each run's input. Reproduce: "
            + "`flock /tmp/mvn.lock local-cluster/bin/benchmark --events %d`.%n%n",
        results.path("started").asText(), results.path("finished").asText("(unfinished)"), m.path("cores").asInt(),
        m.path("cpu").asText(), m.path("memoryGiB").asDouble(), c.path("parallelism").asInt(), c.path("stateBackend").asText(),
        c.path("checkpointInterval").asText(), c.path("incrementalCheckpoints").asText(), c.path("events").asLong(),
        c.path("warmupShare").asDouble() * 100, c.path("events").asLong()));
    md.append("Job versions measured:\n\n");
    results.path("jobVersions").fields().forEachRemaining(e -> md.append("- ").append(e.getKey()).append(": ")
        .append(e.getValue().asText()).append('\n'));
    if (staleNote != null) {
      md.append("\n**Warning**: ").append(staleNote).append(". The fake-traffic figures below measure that older build.\n");
    }
    md.append("\n## Targets\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
    for (JsonNode t : targets) {
      String value = t.has("value") ? String.format("%.2f %s", t.path("value").asDouble(), t.path("unit").asText()) : "-";
      String verdict = t.path("verdict").asText()
          + (t.has("missedBy") ? String.format(" by %.2f %s", t.path("missedBy").asDouble(), t.path("unit").asText()) : "");
      md.append("| ").append(t.path("target").asText()).append(" | ").append(value).append(" | ").append(verdict).append(" |\n");
    }
    md.append("\n## Throughput\n\n![throughput](throughput.png)\n\n![per core](per-core.png)\n\n");
    md.append("| run | data | read | events/s | events per core-s | cores busy (TMs / L0 JVM) | broker cores | machine busy cores | vs L1 | checkpoint p50 / max | state |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    double l1 = rate("L1/base");
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) runs::fields) {
      JsonNode r = e.getValue();
      JsonNode cp = r.path("checkpoints");
      String note = r.has("skipped") ? r.path("skipped").asText() : r.has("error") ? "error: " + r.path("error").asText()
          : r.has("throughputError") ? r.path("throughputError").asText() : null;
      // Share of the data set the run read: a time-boxed run is measured on its first part only.
      double expected = r.path("expectedEvents").asDouble(0);
      String read = expected > 0 ? String.format("%.0f%%", Math.min(100, 100 * r.path("eventsRead").asDouble() / expected)) : "-";
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", e.getKey(), r.path("dataset").asText(), read,
          note != null && !r.has("eventsPerSecond") ? note : human(r.path("eventsPerSecond").asDouble(Double.NaN)),
          human(r.path("eventsPerCoreSecond").asDouble(Double.NaN)), fmt(r.path("coresBusy").asDouble(Double.NaN)),
          fmt(r.path("brokerCores").asDouble(Double.NaN)), fmt(r.path("machineBusyCores").asDouble(Double.NaN)), ratio(r.path("eventsPerSecond").asDouble(Double.NaN) / l1),
          cp.isMissingNode() ? "-" : cp.path("durationP50Ms").asLong() + " / " + cp.path("durationMaxMs").asLong() + " ms",
          cp.isMissingNode() ? "-" : bytes(cp.path("stateBytes").asDouble())));
    }
    JsonNode ratios = derived.path("ratios");
    JsonNode perCore = derived.path("perCoreRatios");
    md.append(String.format("%nRatios (events/s; per core-second in brackets): full/L1 = fake-traffic/L1 %s (%s), "
            + "retention/L1 %s, enforcement/L1 %s; L1/L0 %s (%s); L2/L1 %s (%s). Retention and enforcement read the "
            + "order-flow data (orders, lifecycle, violations, findings), not engagement: their ratio to L1 compares "
            + "records of other types.%n",
        ratio(ratios.path("fakeTraffic/L1").asDouble()), ratio(perCore.path("fakeTraffic/L1").asDouble()),
        ratio(ratios.path("retention/L1").asDouble()), ratio(ratios.path("enforcement/L1").asDouble()),
        ratio(ratios.path("L1/L0").asDouble()), ratio(perCore.path("L1/L0").asDouble()),
        ratio(ratios.path("L2/L1").asDouble()), ratio(perCore.path("L2/L1").asDouble())));
    cpuByThread();
    jobCounters();
    md.append("\n## Latency\n\n");
    JsonNode lat = results.path("latency");
    if (lat.has("p99Ms")) {
      md.append(String.format("Job: %s, at %,.0f events/s for %.0f s (target rate %,.0f = half of the L1-echo limit, L1 with the exactly-once sink). Latency from "
              + "the input's broker append time (LogAppendTime) to the moment a read-committed consumer sees the output: "
              + "**p50 %,d ms, p99 %,d ms**, max %,d ms over %,d events after a 20%% warm-up; %d missing, %d duplicates.%n%n"
              + "![latency](latency.png)%n",
          lat.path("job").asText(), lat.path("achievedRate").asDouble(), lat.path("seconds").asDouble(),
          lat.path("targetRate").asDouble(), lat.path("p50Ms").asLong(), lat.path("p99Ms").asLong(), lat.path("maxMs").asLong(),
          lat.path("measured").asLong(), lat.path("missing").asLong(), lat.path("duplicates").asLong()));
    } else {
      md.append("Not measured in this run").append(lat.has("error") ? ": " + lat.path("error").asText() : "").append(".\n");
    }
    JsonNode job = results.path("jobLatency");
    if (job.has("p99Ms")) {
      md.append(String.format("%nThe fake-traffic job itself (`JobLatencyProbe`), at %,.0f events/s for %.0f s (half of its rate on the base "
              + "data), event time %dx the wall clock: from the broker append of the record that let the watermark pass an hour's "
              + "end (every input partition %,d ms of event time past it: out-of-orderness plus allowed lateness) to that hour's "
              + "metrics being readable read-committed: **p50 %,d ms, p99 %,d ms**, max %,d ms over %,d HOUR records of %d hours "
              + "after a 20%% warm-up. The event-time lag itself comes on top in a live marketplace.%n",
          job.path("achievedRate").asDouble(), job.path("seconds").asDouble(), job.path("eventTimeSpeed").asInt(),
          job.path("lagMillis").asLong(), job.path("p50Ms").asLong(), job.path("p99Ms").asLong(), job.path("maxMs").asLong(),
          job.path("measured").asLong(), job.path("hoursClosed").asInt()));
    } else if (job.has("error")) {
      md.append("\nThe fake-traffic job's own latency was not measured: ").append(job.path("error").asText()).append(".\n");
    }
    md.append("\n## State per active key\n\nCheckpointed state (the largest completed checkpoint, full size of the "
        + "incremental RocksDB checkpoint) per keyed operator, divided by the active keys of the data set. L2 has one "
        + "operator per key kind, so its figure is exact; for the jobs, a chain's state belongs to its first operator, "
        + "and operators named after accounts, viewers, devices or lockstep count per account, the other keyed operators "
        + "per video. A time-boxed run holds the state of what it read: per-account state grows with each account's "
        + "activity in that part (last column).\n\n");
    md.append("| run | active videos | bytes/video | active accounts | bytes/account | events read per account |\n"
        + "| --- | --- | --- | --- | --- | --- |\n");
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) derived.path("statePerKey")::fields) {
      JsonNode s = e.getValue();
      long accounts = s.path("activeAccounts").asLong();
      double perAccount = accounts > 0 ? runs.path(e.getKey()).path("eventsRead").asDouble(Double.NaN) / accounts : Double.NaN;
      md.append(String.format("| %s | %,d | %s | %,d | %s | %s |%n", e.getKey(), s.path("activeVideos").asLong(),
          bytes(s.path("bytesPerVideo").asDouble(Double.NaN)), accounts, bytes(s.path("bytesPerAccount").asDouble(Double.NaN)),
          human(perAccount)));
    }
    md.append("\n## Scaling and the hot video\n\n![scaling](scaling.png)\n\n| job | 10 K accounts | 1 M accounts | drop | "
        + "state 10 K | state 1 M | uniform | hot video | hot cost |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (String level : List.of("L2", "fake-traffic")) {
      JsonNode s = derived.path("scaling").path(level);
      JsonNode h = derived.path("hotVideo").path(level);
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", level, human(s.path("rate10k").asDouble()),
          human(s.path("rate1m").asDouble()), pct(s.path("throughputDrop").asDouble()), bytes(s.path("stateBytes10k").asDouble()),
          bytes(s.path("stateBytes1m").asDouble()), human(h.path("rateUniform").asDouble()), human(h.path("rateHot").asDouble()),
          pct(h.path("cost").asDouble())));
    }
    md.append("\n## Microbenchmarks (JMH)\n\n");
    if (results.has("micro")) {
      md.append("| benchmark | score | error | unit |\n| --- | --- | --- | --- |\n");
      for (JsonNode b : results.path("micro")) {
        md.append(String.format("| %s | %s | %s | %s |%n", b.path("benchmark").asText(), human(b.path("score").asDouble()),
            human(b.path("error").asDouble()), b.path("unit").asText()));
      }
    } else {
      md.append("Not run (--no-micro).\n");
    }
    profiles();
    md.append("\n## Data sets\n\n| data set | records | engagement | active videos | active accounts | hot share | loaded in |\n"
        + "| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) results.path("datasets")::fields) {
      JsonNode d = e.getValue();
      md.append(String.format("| %s | %,d | %,d | %,d | %,d | %.0f%% | %.1f s |%n", e.getKey(), d.path("totalRecords").asLong(),
          d.path("stats").path("engagement").asLong(), d.path("stats").path("activeVideos").asLong(),
          d.path("stats").path("activeAccounts").asLong(), d.path("hotShare").asDouble() * 100, d.path("loadSeconds").asDouble()));
    }
    md.append("\nMethod: see local-cluster/benchmarks/README.md.\n");
    return md.toString();
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format("%.2f", v) : "-";
  }

  private String summary() {
    StringBuilder s = new StringBuilder("benchmark: targets\n");
    for (JsonNode t : targets) {
      s.append(String.format("  %-60s %s%n", t.path("target").asText(),
          t.has("value") ? String.format("%.2f %s: %s", t.path("value").asDouble(), t.path("unit").asText(), t.path("verdict").asText())
              : t.path("verdict").asText()));
    }
    return s.toString();
  }
}
