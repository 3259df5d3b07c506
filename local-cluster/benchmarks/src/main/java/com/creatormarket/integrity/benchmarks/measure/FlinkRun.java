package com.creatormarket.integrity.benchmarks.measure;

import com.creatormarket.integrity.cluster.FlinkRest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one job on the session cluster and watches it: events read by its sources (Flink's
 * {@code numRecordsOut} of each source operator) and the TaskManagers' CPU from /proc, then the
 * checkpoint statistics. Flink's REST API refreshes metrics at most every 10 s; a refresh is
 * fetched when a request finds the old values stale, so a new value is stamped with the time and
 * CPU of the poll that triggered it (polls every 200 ms), not the poll that saw it.
 */
public final class FlinkRun {

  /** What one run measured. */
  public record Result(String jobId, String finalState, List<Sample> samples, long eventsRead, Checkpoints checkpoints,
      double brokerCpuSeconds, double machineBusySeconds, double wallSeconds, List<ThreadCpu.Snapshot> threads,
      JobCounters counters) {}

  /**
   * The job's own counters ({@link #COUNTERS}, summed over operators and subtasks) as last read during
   * the run, with the events its sources had read at that read: the work per event behind the throughput.
   */
  public record JobCounters(long eventsRead, Map<String, Long> values) {
    public static final JobCounters NONE = new JobCounters(0, Map.of());
  }

  /** Operator counters of the fake-traffic job that say how much work an event causes (issue #16). */
  public static final List<String> COUNTERS = List.of("lockstepHits", "partials", "earlyFlushes", "lockstepGroups",
      "releasedInEventTimeOrder", "duplicateEvents");

  /** Checkpoint statistics: counts, durations, and the largest completed checkpoint's size per vertex. */
  public record Checkpoints(int completed, int failed, long durationP50Ms, long durationMaxMs, long stateBytes,
      long checkpointedBytes, Map<String, Long> stateBytesByVertex) {}

  /** Final state of a run cancelled at its time-out, its input not drained. */
  public static final String TIME_BOXED = "TIME_BOXED";
  /** Per-thread CPU is read this often: listing a TaskManager's ~200 threads costs a few ms. */
  private static final double THREAD_SNAPSHOT_SECONDS = 2;
  private static final double COUNTER_LOOKUP_SECONDS = 30;

  private final FlinkRest rest;
  private final List<Long> taskManagerPids;
  private final long brokerPid;

  public FlinkRun(FlinkRest rest, List<Long> taskManagerPids, long brokerPid) {
    this.rest = rest;
    this.taskManagerPids = taskManagerPids;
    this.brokerPid = brokerPid;
  }

  /** Runs a bounded job to its end (or cancels it at the time-out) and returns what it measured. */
  public Result runBounded(String jarId, String entryClass, List<String> args, int parallelism, Duration timeout)
      throws Exception {
    String jobId = rest.run(jarId, entryClass, args, parallelism);
    long began = System.nanoTime();
    double cpu0 = ProcCpu.seconds(taskManagerPids);
    double broker0 = ProcCpu.seconds(brokerPid);
    double machine0 = ProcCpu.machineBusySeconds();
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample(0, 0, 0));
    Map<String, List<String>> sourceMetrics = new LinkedHashMap<>();
    long lastValue = 0;
    Sample previousPoll = samples.get(0);
    String state = "CREATED";
    long lastStateCheck = 0;
    List<ThreadCpu.Snapshot> threads = new ArrayList<>();
    double lastThreadSnapshot = -THREAD_SNAPSHOT_SECONDS;
    Map<String, Map<String, List<String>>> counterMetrics = Map.of();
    double lastCounterLookup = 0;
    JobCounters counters = JobCounters.NONE;
    while (true) {
      long now = System.nanoTime();
      double t = (now - began) / 1e9;
      if (t - lastThreadSnapshot >= THREAD_SNAPSHOT_SECONDS) {
        threads.add(ThreadCpu.snapshot(t, taskManagerPids));
        lastThreadSnapshot = t;
        if (state.equals("RUNNING")) {
          // Looked up again every half minute: the REST API lists an operator's metrics only once it has
          // reported them, and a vertex missed by a single early look-up was left out of the whole run's
          // sums (the whole-set run of 2026-12-04 recorded the lockstep stage's releases alone). The
          // counters are totals, so a vertex found late still counts in full.
          if (counterMetrics.isEmpty() || t - lastCounterLookup >= COUNTER_LOOKUP_SECONDS) {
            counterMetrics = findCounterMetrics(jobId, counterMetrics);
            lastCounterLookup = t;
          }
          counters = readCounters(jobId, counterMetrics, sourceMetrics, counters);
        }
      }
      Sample poll = new Sample(t, lastValue, ProcCpu.seconds(taskManagerPids) - cpu0);
      if (now - lastStateCheck > 1_000_000_000L) {
        state = rest.get("/jobs/" + jobId).path("state").asText();
        lastStateCheck = now;
        if (sourceMetrics.isEmpty() && state.equals("RUNNING")) {
          sourceMetrics = findSourceMetrics(jobId);
        }
      }
      if (isTerminal(state)) {
        break;
      }
      if (t > timeout.toSeconds()) {
        rest.cancel(jobId);
        awaitTerminal(jobId);
        state = TIME_BOXED;
        break;
      }
      if (!sourceMetrics.isEmpty()) {
        long value = sumMetrics(jobId, sourceMetrics);
        if (value != lastValue) {
          // The fetch that produced this value was triggered by the previous poll.
          samples.add(new Sample(previousPoll.seconds(), value, previousPoll.cpuSeconds()));
          lastValue = value;
        }
      }
      previousPoll = poll;
      Thread.sleep(200);
    }
    double wall = (System.nanoTime() - began) / 1e9;
    double brokerCpu = ProcCpu.seconds(brokerPid) - broker0;
    double machine = ProcCpu.machineBusySeconds() - machine0;
    Checkpoints checkpoints = checkpoints(jobId);
    return new Result(jobId, state, samples, lastValue, checkpoints, brokerCpu, machine, wall, threads, counters);
  }

  private void awaitTerminal(String jobId) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && !isTerminal(rest.get("/jobs/" + jobId).path("state").asText())) {
      Thread.sleep(250);
    }
  }

  public static boolean isTerminal(String state) {
    return Set.of("FINISHED", "FAILED", "CANCELED").contains(state);
  }

  /** Per source vertex, the ids of its source operators' numRecordsOut metric. */
  Map<String, List<String>> findSourceMetrics(String jobId) throws IOException, InterruptedException {
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
      if (!vertex.path("name").asText().startsWith("Source")) {
        continue;
      }
      String vid = vertex.path("id").asText();
      List<String> ids = new ArrayList<>();
      for (JsonNode m : rest.get("/jobs/" + jobId + "/vertices/" + vid + "/subtasks/metrics")) {
        String id = m.path("id").asText();
        if (id.startsWith("Source__") && id.endsWith(".numRecordsOut")) {
          ids.add(id);
        }
      }
      if (!ids.isEmpty()) {
        found.put(vid, ids);
      }
    }
    return found;
  }

  /**
   * Per counter name of {@link #COUNTERS}: per vertex, the ids of the operators' metrics of that name;
   * {@code previous} when the job cannot be asked (it may be finishing).
   */
  Map<String, Map<String, List<String>>> findCounterMetrics(String jobId, Map<String, Map<String, List<String>>> previous)
      throws InterruptedException {
    try {
      return findCounterMetrics(jobId);
    } catch (IOException | RuntimeException e) {
      return previous;
    }
  }

  Map<String, Map<String, List<String>>> findCounterMetrics(String jobId) throws IOException, InterruptedException {
    Map<String, Map<String, List<String>>> found = new LinkedHashMap<>();
    for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
      String vid = vertex.path("id").asText();
      for (JsonNode m : rest.get("/jobs/" + jobId + "/vertices/" + vid + "/subtasks/metrics")) {
        String id = m.path("id").asText();
        for (String name : COUNTERS) {
          if (id.endsWith("." + name)) {
            found.computeIfAbsent(name, n -> new LinkedHashMap<>()).computeIfAbsent(vid, v -> new ArrayList<>()).add(id);
          }
        }
      }
    }
    return found;
  }

  private JobCounters readCounters(String jobId, Map<String, Map<String, List<String>>> metrics,
      Map<String, List<String>> sourceMetrics, JobCounters previous) {
    if (metrics.isEmpty() || sourceMetrics.isEmpty()) {
      return previous;
    }
    try {
      // Counters first, events read after: a counter never runs ahead of the events that caused it.
      Map<String, Long> values = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, List<String>>> e : metrics.entrySet()) {
        values.put(e.getKey(), sumMetrics(jobId, e.getValue()));
      }
      return new JobCounters(sumMetrics(jobId, sourceMetrics), values);
    } catch (IOException | RuntimeException e) {
      // The job may be finishing: keep the last complete reading.
      return previous;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return previous;
    }
  }

  long sumMetrics(String jobId, Map<String, List<String>> metrics) throws IOException, InterruptedException {
    long sum = 0;
    for (Map.Entry<String, List<String>> e : metrics.entrySet()) {
      JsonNode values = rest.get("/jobs/" + jobId + "/vertices/" + e.getKey() + "/subtasks/metrics?agg=sum&get="
          + String.join(",", e.getValue()));
      for (JsonNode v : values) {
        sum += (long) v.path("sum").asDouble();
      }
    }
    return sum;
  }

  /** The checkpoint statistics of a job; state size from the largest completed checkpoint (the last, for a bounded run). */
  public Checkpoints checkpoints(String jobId) throws IOException, InterruptedException {
    JsonNode stats = rest.get("/jobs/" + jobId + "/checkpoints");
    JsonNode summary = stats.path("summary");
    long largestId = -1;
    long largest = -1;
    long checkpointed = 0;
    for (JsonNode h : stats.path("history")) {
      if (h.path("status").asText().equals("COMPLETED") && h.path("state_size").asLong() >= largest) {
        largest = h.path("state_size").asLong();
        largestId = h.path("id").asLong();
        checkpointed = h.path("checkpointed_size").asLong();
      }
    }
    Map<String, Long> byVertex = new LinkedHashMap<>();
    if (largestId >= 0) {
      Map<String, String> names = new HashMap<>();
      for (JsonNode vertex : rest.get("/jobs/" + jobId).path("vertices")) {
        names.put(vertex.path("id").asText(), vertex.path("name").asText());
      }
      JsonNode tasks = rest.get("/jobs/" + jobId + "/checkpoints/details/" + largestId).path("tasks");
      tasks.fields().forEachRemaining(e -> byVertex.put(names.getOrDefault(e.getKey(), e.getKey()),
          e.getValue().path("state_size").asLong()));
    }
    return new Checkpoints(stats.path("counts").path("completed").asInt(), stats.path("counts").path("failed").asInt(),
        summary.path("end_to_end_duration").path("p50").asLong(), summary.path("end_to_end_duration").path("max").asLong(),
        Math.max(0, largest), checkpointed, byVertex);
  }
}
