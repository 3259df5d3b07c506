package com.creatormarket.integrity.benchmarks;

import com.creatormarket.integrity.benchmarks.baseline.EchoJob;
import com.creatormarket.integrity.benchmarks.baseline.KeyedCountersJob;
import com.creatormarket.integrity.benchmarks.baseline.PassThroughJob;
import com.creatormarket.integrity.benchmarks.baseline.PlainConsumerLoop;
import com.creatormarket.integrity.benchmarks.data.Loader;
import com.creatormarket.integrity.benchmarks.data.Shape;
import com.creatormarket.integrity.benchmarks.data.Synthetic;
import com.creatormarket.integrity.benchmarks.measure.FlinkRun;
import com.creatormarket.integrity.benchmarks.measure.JobLatencyProbe;
import com.creatormarket.integrity.benchmarks.measure.LatencyProbe;
import com.creatormarket.integrity.benchmarks.measure.ProcCpu;
import com.creatormarket.integrity.benchmarks.measure.Profiler;
import com.creatormarket.integrity.benchmarks.measure.Sample;
import com.creatormarket.integrity.benchmarks.measure.ThreadCpu;
import com.creatormarket.integrity.benchmarks.measure.Throughput;
import com.creatormarket.integrity.benchmarks.report.Report;
import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.cluster.PipelineJobs;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The performance harness. {@code measure}: loads the data sets into a running cluster (started
 * by bin/benchmark), runs L0, L1, L2 and the pipeline jobs one at a time on the same data, the
 * latency probe at half of L1's rate, the scaling and hot-video runs, and writes results.json.
 * {@code report}: turns results.json (plus JMH's output) into report.md and PNG plots.
 */
public final class Benchmark {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Share of a run's input treated as warm-up (JIT, RocksDB caches, first checkpoint). */
  static final double WARMUP = 0.15;

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: Benchmark measure|report --key value ...");
    }
    Map<String, String> opts = options(args);
    switch (args[0]) {
      case "measure" -> new Measurement(opts).run();
      case "report" -> Report.write(Path.of(require(opts, "out")), opts.containsKey("latest") ? Path.of(opts.get("latest")) : null);
      default -> throw new IllegalArgumentException("unknown command '" + args[0] + "': measure or report");
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected '--key value', got '" + args[i] + "'");
      }
      opts.put(args[i].substring(2), args[++i]);
    }
    return opts;
  }

  static String require(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  /** One measuring session against one cluster. */
  static final class Measurement {
    private final String kafka;
    private final FlinkRest rest;
    private final Path runDir;
    private final Path repo;
    private final Path jobJar;
    private final Path out;
    private final long events;
    private final int parallelism;
    private final Duration latencyDuration;
    private final Set<String> only;
    private final boolean profile;
    /** Runs are bounded, and cancelled after this long (--run-seconds): slow jobs are measured on what they read. */
    private final Duration runTimeout;
    private Profiler profiler;
    private final ObjectNode results = JSON.createObjectNode();
    private final Map<Path, String> uploaded = new LinkedHashMap<>();
    private FlinkRun flink;

    Measurement(Map<String, String> o) {
      kafka = require(o, "kafka");
      rest = new FlinkRest(require(o, "flink"));
      runDir = Path.of(require(o, "run-dir"));
      repo = Path.of(require(o, "repo"));
      jobJar = Path.of(require(o, "job-jar"));
      out = Path.of(require(o, "out"));
      events = Long.parseLong(o.getOrDefault("events", "8000000"));
      parallelism = Integer.parseInt(o.getOrDefault("parallelism", "2"));
      latencyDuration = Duration.ofSeconds(Long.parseLong(o.getOrDefault("latency-seconds", "60")));
      only = new LinkedHashSet<>(List.of(o.getOrDefault("only", "all").split(",")));
      profile = Boolean.parseBoolean(o.getOrDefault("profile", "false"));
      runTimeout = Duration.ofSeconds(Long.parseLong(o.getOrDefault("run-seconds", "60")));
    }

    boolean wanted(String step) {
      return only.contains("all") || only.contains(step);
    }

    void run() throws Exception {
      Files.createDirectories(out);
      long tm1 = pid("taskmanager-1");
      long tm2 = pid("taskmanager-2");
      flink = new FlinkRun(rest, List.of(tm1, tm2), pid("kafka"));
      if (profile) {
        profiler = new Profiler(Path.of(System.getProperty("java.home")), List.of(tm1, tm2), out.resolve("profiles"));
      }
      Plan plan = Plan.forEvents(events);
      describe(plan);

      ObjectNode datasets = results.putObject("datasets");
      Loader loader = new Loader(kafka);
      for (Shape shape : plan.all()) {
        long t0 = System.nanoTime();
        Synthetic.Stats stats = loader.load(shape, List.of(EchoJob.ECHO));
        double s = (System.nanoTime() - t0) / 1e9;
        ObjectNode d = JSON.valueToTree(shape);
        d.set("stats", JSON.valueToTree(stats));
        d.put("totalRecords", stats.total());
        d.put("loadSeconds", s);
        datasets.set(name(shape), d);
        log("loaded %s: %,d records in %.1f s (%,.0f/s)", name(shape), stats.total(), s, stats.total() / s);
        save();
      }
      long baseEngagement = plan.base().events();
      ObjectNode runs = results.putObject("runs");

      if (wanted("l0")) {
        double machine0 = ProcCpu.machineBusySeconds();
        long t0 = System.nanoTime();
        List<Sample> samples = new PlainConsumerLoop(kafka, parallelism).run(plan.base().prefix() + Topics.ENGAGEMENT.name());
        double machineBusyCores = (ProcCpu.machineBusySeconds() - machine0) / ((System.nanoTime() - t0) / 1e9);
        Throughput tp = Throughput.of(samples, baseEngagement, WARMUP);
        ObjectNode r = runs.putObject("L0/base");
        r.put("level", "L0").put("dataset", "base").put("what", "plain Kafka consumer loop + Avro decode, " + parallelism + " threads");
        r.put("eventsRead", samples.get(samples.size() - 1).events());
        r.put("machineBusyCores", machineBusyCores);
        putThroughput(r, tp);
        log("L0: %s", tp);
        save();
      }
      String baseline = upload(jobJar);
      if (wanted("l1")) {
        runBaseline(runs, "L1", PassThroughJob.class.getName(), baseline, plan.base(), baseEngagement);
      }
      if (wanted("l1-copy")) {
        // L1 without object reuse: what defensive copies between chained operators would cost the jobs.
        List<String> args = List.of("--kafka.bootstrap-servers", kafka, "--kafka.topic-prefix", plan.base().prefix(),
            "--kafka.bounded", "true", "--bench.name", "bench-l1-copy-base", "--bench.object-reuse", "false");
        measureRun(runs, "L1-copy/base", "L1-copy", "base", PassThroughJob.class.getName(), baseline, args, baseEngagement);
      }
      if (wanted("l1-echo") || wanted("latency")) {
        // L1 + the exactly-once sink: its own limit, the rate the latency probe takes half of.
        List<String> args = List.of("--kafka.bootstrap-servers", kafka, "--kafka.topic-prefix", plan.base().prefix(),
            "--kafka.bounded", "true", "--bench.name", "bench-l1-echo-base");
        measureRun(runs, "L1-echo/base", "L1-echo", "base", EchoJob.class.getName(), baseline, args, baseEngagement);
      }
      if (wanted("l2")) {
        runBaseline(runs, "L2", KeyedCountersJob.class.getName(), baseline, plan.base(), baseEngagement);
      }
      Map<String, PipelineJobs.Deployable> jobs = new LinkedHashMap<>();
      PipelineJobs.ALL.forEach(j -> jobs.put(j.name(), j));
      // Expected inputs per job: what each reads of a data set (used only to place the warm-up).
      if (wanted("fake-traffic")) {
        runJob(runs, jobs.get("fake-traffic"), plan.base(), plan.base().events() + 2L * plan.base().videos());
      }
      Synthetic.Stats orderStats = JSON.treeToValue(results.path("datasets").path("orders").path("stats"), Synthetic.Stats.class);
      if (wanted("retention")) {
        runJob(runs, jobs.get("retention"), plan.orders(), orderStats.orderEvents() + orderStats.lifecycle());
      }
      if (wanted("enforcement")) {
        runJob(runs, jobs.get("enforcement"), plan.orders(),
            orderStats.orderEvents() + orderStats.violations() + orderStats.findings());
      }
      if (wanted("latency")) {
        latency(baseline, runs);
      }
      if (wanted("job-latency")) {
        jobLatency(runs, jobs.get("fake-traffic"));
      }
      for (Shape shape : List.of(plan.accounts10k(), plan.accounts1m(), plan.hot())) {
        if (wanted("scaling") || wanted("hot")) {
          if (shape == plan.hot() ? wanted("hot") : wanted("scaling")) {
            runBaseline(runs, "L2", KeyedCountersJob.class.getName(), baseline, shape, shape.events());
            runJob(runs, jobs.get("fake-traffic"), shape, shape.events() + 2L * shape.videos());
          }
        }
      }
      results.put("finished", Instant.now().toString());
      save();
      log("measurements written to %s", out.resolve("results.json"));
    }

    private void describe(Plan plan) throws Exception {
      results.put("started", Instant.now().toString());
      ObjectNode machine = results.putObject("machine");
      machine.put("cores", Runtime.getRuntime().availableProcessors());
      machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown"));
      machine.put("memoryGiB", Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0).orElse(0.0));
      ObjectNode config = results.putObject("config");
      config.put("events", events);
      config.put("parallelism", parallelism);
      config.put("warmupShare", WARMUP);
      config.put("checkpointInterval", clusterConfig("execution.checkpointing.interval"));
      config.put("stateBackend", clusterConfig("state.backend.type"));
      config.put("incrementalCheckpoints", clusterConfig("execution.checkpointing.incremental"));
      config.put("taskManagers", 2);
      config.put("taskManagerMemory", clusterConfig("taskmanager.memory.process.size"));
      config.put("objectReuse", "on (JobEnvironment.pipelineSettings); the L1-copy run without");
      config.put("dataSource", "synthetic (data.Synthetic), seeded; see the module README");
      ObjectNode versions = results.putObject("jobVersions");
      ObjectNode stale = results.putObject("staleJars");
      for (PipelineJobs.Deployable job : PipelineJobs.ALL) {
        versions.put(job.name(), git("log", "-1", "--format=%h %cs %s", "--", "jobs/" + job.module()));
        // A jar built before its module's last commit measures older code than the commit named above.
        Path jar = job.jar(repo);
        String committed = git("log", "-1", "--format=%cI", "--", "jobs/" + job.module());
        if (Files.isRegularFile(jar) && !committed.isBlank()) {
          Instant built = Files.getLastModifiedTime(jar).toInstant();
          if (built.isBefore(java.time.OffsetDateTime.parse(committed).toInstant())) {
            stale.put(job.name(), "jar built " + built + ", before the module's last commit (" + committed + ")");
          }
        }
      }
      versions.put("repo", git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--", "jobs").isBlank() ? "" : " (+ uncommitted job changes)"));
      results.putPOJO("plan", plan);
      save();
    }

    private String clusterConfig(String key) throws Exception {
      for (JsonNode e : rest.get("/jobmanager/config")) {
        if (e.path("key").asText().equals(key)) {
          return e.path("value").asText();
        }
      }
      return "default";
    }

    private String git(String... args) {
      try {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return text;
      } catch (Exception e) {
        return "unknown";
      }
    }

    private void runBaseline(ObjectNode runs, String level, String entryClass, String jarId, Shape shape, long expected)
        throws Exception {
      String dataset = name(shape);
      List<String> args = List.of("--kafka.bootstrap-servers", kafka, "--kafka.topic-prefix", shape.prefix(),
          "--kafka.bounded", "true", "--bench.name", "bench-" + level.toLowerCase() + "-" + dataset);
      measureRun(runs, level + "/" + dataset, level, dataset, entryClass, jarId, args, expected);
    }

    private void runJob(ObjectNode runs, PipelineJobs.Deployable job, Shape shape, long expected) throws Exception {
      Path jar = job.jar(repo);
      String dataset = name(shape);
      if (!Files.isRegularFile(jar)) {
        runs.putObject(job.name() + "/" + dataset).put("skipped", "job jar missing: " + jar);
        log("%s: skipped, no jar at %s", job.name(), jar);
        return;
      }
      List<String> args = new ArrayList<>();
      Path config = job.config(repo);
      if (Files.isRegularFile(config)) {
        args.addAll(List.of("--config", config.toString()));
      }
      args.addAll(List.of("--kafka.bootstrap-servers", kafka, "--kafka.topic-prefix", shape.prefix(), "--kafka.bounded", "true"));
      measureRun(runs, job.name() + "/" + dataset, job.name(), dataset, job.entryClass(), upload(jar), args, expected);
    }

    private void measureRun(ObjectNode runs, String key, String level, String dataset, String entryClass, String jarId,
        List<String> args, long expected) throws Exception {
      log("%s: running %s", key, entryClass);
      FlinkRun.Result result;
      List<Path> recordings = List.of();
      try {
        if (profiler != null) {
          profiler.start(key);
        }
        try {
          result = flink.runBounded(jarId, entryClass, args, parallelism, runTimeout);
        } finally {
          if (profiler != null) {
            recordings = profiler.stop();
          }
        }
      } catch (Exception e) {
        runs.putObject(key).put("level", level).put("dataset", dataset).put("error", e.toString());
        log("%s: failed: %s", key, e);
        save();
        return;
      }
      ObjectNode r = runs.putObject(key);
      r.put("level", level).put("dataset", dataset).put("entryClass", entryClass).put("jobId", result.jobId());
      r.put("finalState", result.finalState());
      r.put("eventsRead", result.eventsRead());
      r.put("expectedEvents", expected);
      r.put("wallSeconds", result.wallSeconds());
      Throughput tp = result.finalState().equals(FlinkRun.TIME_BOXED) ? Throughput.ofTimeBoxed(result.samples(), WARMUP)
          : Throughput.of(result.samples(), Math.max(expected, result.eventsRead()), WARMUP);
      putThroughput(r, tp);
      r.put("brokerCores", result.brokerCpuSeconds() / result.wallSeconds());
      // Everything else the machine did meanwhile (JobManager, harness, and anyone else's processes):
      // a run with much of it was measured on a busy machine.
      r.put("machineBusyCores", result.machineBusySeconds() / result.wallSeconds());
      r.set("checkpoints", JSON.valueToTree(result.checkpoints()));
      ArrayNode samples = r.putArray("samples");
      for (Sample s : result.samples()) {
        samples.addArray().add(round(s.seconds())).add(s.events()).add(round(s.cpuSeconds()));
      }
      putCpuByThread(r, result, tp);
      if (result.counters().eventsRead() > 0) {
        ObjectNode c = r.putObject("jobCounters");
        c.put("eventsRead", result.counters().eventsRead());
        ObjectNode perEvent = r.putObject("jobCountersPerEvent");
        result.counters().values().forEach((name, value) -> {
          c.put(name, value);
          perEvent.put(name, round((double) value / result.counters().eventsRead()));
        });
      }
      if (!recordings.isEmpty()) {
        ObjectNode p = JSON.valueToTree(Profiler.summarize(recordings));
        ArrayNode files = p.putArray("recordings");
        recordings.forEach(f -> files.add(out.relativize(f).toString()));
        r.set("profile", p);
      }
      log("%s: %s, %s; checkpoints %s", key, result.finalState(), tp, result.checkpoints());
      save();
    }

    private void latency(String jarId, ObjectNode runs) throws Exception {
      // Half of the measured job's own limit (L1 + exactly-once sink), else half of L1's.
      double max = runs.path("L1-echo/base").path("eventsPerSecond").asDouble(0);
      if (max <= 0) {
        max = runs.path("L1/base").path("eventsPerSecond").asDouble(0);
      }
      if (max <= 0) {
        log("latency: skipped, no throughput to take half of");
        return;
      }
      double rate = max / 2;
      String prefix = "lat.";
      new Loader(kafka).createTopics(prefix, Map.of("message.timestamp.type", "LogAppendTime"), List.of(EchoJob.ECHO));
      String jobId = rest.run(jarId, EchoJob.class.getName(), List.of("--kafka.bootstrap-servers", kafka,
          "--kafka.topic-prefix", prefix, "--bench.name", "bench-echo"), parallelism);
      ObjectNode r = results.putObject("latency");
      r.put("job", "L1 + exactly-once sink (EchoJob)").put("jobId", jobId).put("targetRate", rate);
      try {
        awaitFirstCheckpoint(jobId);
        log("latency: producing at %,.0f events/s for %d s", rate, latencyDuration.toSeconds());
        LatencyProbe.Result lat = new LatencyProbe(kafka).run(prefix + Topics.ENGAGEMENT.name(), prefix + EchoJob.ECHO.name(),
            rate, latencyDuration, 0.2, Duration.ofSeconds(40));
        r.put("achievedRate", lat.rate()).put("seconds", lat.seconds()).put("sent", lat.sent()).put("measured", lat.measured())
            .put("missing", lat.missing()).put("duplicates", lat.duplicates())
            .put("p50Ms", lat.p50Ms()).put("p99Ms", lat.p99Ms()).put("maxMs", lat.maxMs());
        putSample(r, lat.latenciesMs());
        r.set("checkpoints", JSON.valueToTree(flink.checkpoints(jobId)));
        log("latency: p50 %d ms, p99 %d ms, max %d ms (%d measured, %d missing, %d duplicates)", lat.p50Ms(), lat.p99Ms(),
            lat.maxMs(), lat.measured(), lat.missing(), lat.duplicates());
      } catch (Exception e) {
        r.put("error", e.toString());
        log("latency: failed: %s", e);
      } finally {
        rest.cancel(jobId);
        awaitTerminal(jobId);
        save();
      }
    }

    /**
     * The fake-traffic job's own committed-output latency at half of its measured rate on the base
     * data ({@link JobLatencyProbe}: from the append that let the watermark pass an hour's end to the
     * hour's metrics being readable). Event time runs 600 times faster than the wall clock (an hour
     * every 6 s), over 400 videos and 2,000 accounts: about as busy per video and per account as the
     * base set.
     */
    private void jobLatency(ObjectNode runs, PipelineJobs.Deployable job) throws Exception {
      double max = runs.path("fake-traffic/base").path("eventsPerSecond").asDouble(0);
      ObjectNode r = results.putObject("jobLatency");
      if (max <= 0) {
        r.put("error", "no fake-traffic/base throughput to take half of (run it in the same benchmark)");
        log("job latency: skipped, no fake-traffic throughput to take half of");
        save();
        return;
      }
      double rate = max / 2;
      int speed = 600;
      long lag = KafkaKnobs.MAX_OUT_OF_ORDERNESS.defaultValue().plus(KafkaKnobs.ALLOWED_LATENESS.defaultValue()).toMillis();
      String prefix = "ftlat.";
      new Loader(kafka).createTopics(prefix, Map.of("message.timestamp.type", "LogAppendTime"), List.of());
      List<String> args = new ArrayList<>();
      Path config = job.config(repo);
      if (Files.isRegularFile(config)) {
        args.addAll(List.of("--config", config.toString()));
      }
      args.addAll(List.of("--kafka.bootstrap-servers", kafka, "--kafka.topic-prefix", prefix));
      String jobId = rest.run(upload(job.jar(repo)), job.entryClass(), args, parallelism);
      r.put("job", job.name()).put("jobId", jobId).put("targetRate", rate).put("eventTimeSpeed", speed).put("lagMillis", lag);
      try {
        awaitFirstCheckpoint(jobId);
        Duration length = latencyDuration.multipliedBy(3);
        log("job latency: %s at %,.0f events/s for %d s, event time x%d", job.name(), rate, length.toSeconds(), speed);
        JobLatencyProbe.Result lat = new JobLatencyProbe(kafka).run(prefix, rate, length, speed, lag, 400, 2_000, 0.2,
            Duration.ofSeconds(60));
        r.put("achievedRate", lat.rate()).put("seconds", lat.seconds()).put("sent", lat.sent()).put("hoursClosed", lat.hoursClosed())
            .put("measured", lat.measured()).put("p50Ms", lat.p50Ms()).put("p99Ms", lat.p99Ms()).put("maxMs", lat.maxMs());
        putSample(r, lat.latenciesMs());
        r.set("checkpoints", JSON.valueToTree(flink.checkpoints(jobId)));
        log("job latency: p50 %d ms, p99 %d ms, max %d ms over %d hour records of %d hours", lat.p50Ms(), lat.p99Ms(),
            lat.maxMs(), lat.measured(), lat.hoursClosed());
      } catch (Exception e) {
        r.put("error", e.toString());
        log("job latency: failed: %s", e);
      } finally {
        rest.cancel(jobId);
        awaitTerminal(jobId);
        save();
      }
    }

    /** Up to ~5,000 of the latencies, evenly picked, for the report's histogram. */
    private static void putSample(ObjectNode r, long[] latencies) {
      ArrayNode sample = r.putArray("latenciesMsSample");
      int step = Math.max(1, latencies.length / 5_000);
      for (int i = 0; i < latencies.length; i += step) {
        sample.add(latencies[i]);
      }
    }

    private void awaitFirstCheckpoint(String jobId) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode stats = rest.get("/jobs/" + jobId + "/checkpoints");
        if (stats.path("counts").path("completed").asInt() > 0) {
          return;
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("job " + jobId + " completed no checkpoint in 90 s");
    }

    private void awaitTerminal(String jobId) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        if (FlinkRun.isTerminal(rest.get("/jobs/" + jobId).path("state").asText())) {
          return;
        }
        Thread.sleep(500);
      }
    }

    /**
     * CPU per event of each kind of TaskManager thread over the steady window (from the per-thread
     * snapshots inside it): which operator, and how much RocksDB, JIT and GC, each event costs.
     */
    private static void putCpuByThread(ObjectNode r, FlinkRun.Result result, Throughput tp) {
      if (tp == null) {
        return;
      }
      ThreadCpu.Snapshot first = null;
      ThreadCpu.Snapshot last = null;
      for (ThreadCpu.Snapshot s : result.threads()) {
        if (s.seconds() >= tp.from() && first == null) {
          first = s;
        }
        if (s.seconds() <= tp.from() + tp.seconds()) {
          last = s;
        }
      }
      if (first == null || last == null || last.seconds() - first.seconds() < 4) {
        return;
      }
      double events = Throughput.eventsAt(result.samples(), last.seconds()) - Throughput.eventsAt(result.samples(), first.seconds());
      if (events <= 0) {
        return;
      }
      ObjectNode by = r.putObject("cpuMicrosPerEventByThread");
      double total = 0;
      for (Map.Entry<String, Double> e : ThreadCpu.between(first, last).entrySet()) {
        double micros = e.getValue() * 1e6 / events;
        total += micros;
        if (micros >= 0.05) {
          by.put(e.getKey(), Math.round(micros * 100) / 100.0);
        }
      }
      r.put("cpuMicrosPerEvent", Math.round(total * 100) / 100.0);
      r.put("cpuByThreadSeconds", round(last.seconds() - first.seconds()));
    }

    private void putThroughput(ObjectNode r, Throughput tp) {
      if (tp == null) {
        r.put("throughputError", "too few samples in the steady phase (run too short for a metric refresh?)");
        return;
      }
      r.put("eventsPerSecond", Math.round(tp.eventsPerSecond()));
      r.put("eventsPerCoreSecond", Math.round(tp.eventsPerCoreSecond()));
      r.put("coresBusy", round(tp.cores()));
      r.put("windowEvents", tp.events());
      r.put("windowSeconds", round(tp.seconds()));
      r.put("windowSamples", tp.samples());
    }

    private String upload(Path jar) throws Exception {
      String id = uploaded.get(jar);
      if (id == null) {
        id = rest.upload(jar);
        uploaded.put(jar, id);
      }
      return id;
    }

    private long pid(String process) throws Exception {
      Path file = runDir.resolve("pids").resolve(process + ".pid");
      return Long.parseLong(Files.readString(file).trim());
    }

    private void save() throws Exception {
      JSON.writeValue(out.resolve("results.json").toFile(), results);
    }
  }

  static String name(Shape shape) {
    return shape.prefix().replace(".", "");
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static void log(String format, Object... args) {
    System.out.printf("benchmark: " + format + "%n", args);
    System.out.flush();
  }
}
