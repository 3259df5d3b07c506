package com.creatormarket.integrity.drill;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;

import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.enforcement.EnforcementJob;
import com.creatormarket.integrity.enforcement.EnforcementOptions;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.retention.RetentionJob;
import com.creatormarket.integrity.retention.RetentionOptions;
import com.creatormarket.integrity.testing.KafkaBroker;
import com.creatormarket.integrity.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The three jobs as deployed ({@code build}: Kafka sources with door checks and triage, topology,
 * exactly-once sinks), each in its own environment, submitted to the MiniCluster and chained
 * through one topic prefix as in production. Parallelism 1 and no restarts: any failure ends a job
 * as FAILED, which {@link #assertHealthy} reports with its cause.
 *
 * <p>"Done" is observed, not waited out: a job has read a partition to its end once its consumer
 * group (the job's name) has committed an offset past the partition's last record, which happens
 * only when the checkpoint that read it completes; what the watermark released afterwards is
 * committed with a later checkpoint, so done = caught up + two more completed checkpoints.
 */
final class PipelineOnMiniCluster implements AutoCloseable {

  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** One job of the pipeline: name, knobs, how it is built. */
  record Deployable(String name, List<Knob<?>> knobs, BiConsumer<StreamExecutionEnvironment, Settings> build) {}

  static final List<Deployable> JOBS = List.of(
      new Deployable(FakeTrafficJob.NAME, FakeTrafficOptions.KNOBS, FakeTrafficJob::build),
      new Deployable(RetentionJob.NAME, RetentionOptions.KNOBS, RetentionJob::build),
      new Deployable(EnforcementJob.NAME, EnforcementOptions.KNOBS, EnforcementJob::build));

  /**
   * How the jobs are deployed: parallelism, whether a failure restarts them (else it ends them), and
   * knob values over the test settings.
   */
  record Deployment(int parallelism, boolean restarts, Map<String, String> knobs) {
    /** PoisonITCase's: one subtask, no restarts, and a partition never idle (the run ends by {@link EndOfInput}). */
    static final Deployment SINGLE = new Deployment(1, false, Map.of("kafka.bounded", "false", "source.idleness", "1h"));
  }

  private final MiniCluster flink;
  private final KafkaBroker kafka;
  private final String prefix;
  private boolean restartsAllowed;
  private final Map<String, JobID> jobs = new LinkedHashMap<>();
  /** Each job's client: the one last submitted (a job stopped with a savepoint has finished). */
  private final Map<String, JobClient> clientOf = new LinkedHashMap<>();
  private Deployment deployment;
  private Path checkpoints;
  /** Job name to the savepoint it was last restored from (savepoint upgrades). */
  private final Map<String, String> restoredFrom = new LinkedHashMap<>();

  private PipelineOnMiniCluster(MiniCluster flink, KafkaBroker kafka, String prefix) {
    this.flink = flink;
    this.kafka = kafka;
    this.prefix = prefix;
  }

  /** Creates every topic under the prefix, submits the three jobs and waits until all their tasks run. */
  static PipelineOnMiniCluster start(MiniCluster flink, KafkaBroker kafka, String prefix, Path checkpoints) throws Exception {
    return start(flink, kafka, prefix, checkpoints, Deployment.SINGLE);
  }

  static PipelineOnMiniCluster start(MiniCluster flink, KafkaBroker kafka, String prefix, Path checkpoints, Deployment deployment)
      throws Exception {
    return start(flink, kafka, prefix, checkpoints, deployment, JOBS, Map.of());
  }

  /**
   * Creates every topic under the prefix (those that exist stay as they are) and submits the given
   * jobs, each from its savepoint in {@code savepoints} when it has one (by job name).
   */
  static PipelineOnMiniCluster start(MiniCluster flink, KafkaBroker kafka, String prefix, Path checkpoints, Deployment deployment,
      List<Deployable> jobs, Map<String, String> savepoints) throws Exception {
    kafka.createTopics(prefix, Topics.ALL);
    PipelineOnMiniCluster pipeline = new PipelineOnMiniCluster(flink, kafka, prefix);
    pipeline.restartsAllowed = deployment.restarts();
    pipeline.deployment = deployment;
    pipeline.checkpoints = checkpoints;
    try {
      for (Deployable job : jobs) {
        String savepoint = savepoints.get(job.name());
        if (savepoint != null) {
          pipeline.restoredFrom.put(job.name(), savepoint);
        }
        pipeline.submit(job, savepoint);
      }
      pipeline.awaitAllTasksRunning();
    } catch (Exception | AssertionError e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  static Deployable job(String name) {
    return JOBS.stream().filter(j -> j.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no job " + name));
  }

  /** Stops one job with a savepoint (canonical format) in {@code dir}; returns the savepoint's path. */
  String stopWithSavepoint(String job, Path dir) throws Exception {
    return clientOf.get(job).stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
  }

  String prefix() {
    return prefix;
  }

  /** Submits one job, from the savepoint when one is given. */
  private void submit(Deployable job, String savepoint) throws Exception {
    // Unbounded as in production; the run ends by the data, not by the wall clock.
    Map<String, String> knobs = new java.util.HashMap<>(Map.of("kafka.bounded", "false"));
    knobs.putAll(deployment.knobs());
    Settings settings = TestClusters.jobSettings(job.knobs(), prefix, knobs);
    Configuration extra = new Configuration();
    if (savepoint != null) {
      extra.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints.resolve(job.name()), CHECKPOINT_INTERVAL, extra);
    if (!deployment.restarts()) {
      Configuration noRestarts = new Configuration();
      noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
      env.configure(noRestarts);
    }
    env.setParallelism(deployment.parallelism());
    job.build().accept(env, settings);
    JobClient client = env.executeAsync(job.name() + " " + prefix + (savepoint == null ? "" : " restored"));
    clientOf.put(job.name(), client);
    jobs.put(job.name(), client.getJobID());
  }

  /**
   * An upgrade as an operator does it: each job stopped with a savepoint (canonical format, the
   * one a new build restores) and submitted again from it, readers before writers (an old reader
   * cannot read a newer contract; see drill.SavepointUpgrade). The jobs must come back running with
   * their state; nothing they emit may be lost or repeated across it.
   */
  void stopAndRestoreFromSavepoints(Path savepoints) throws Exception {
    List<Deployable> readersFirst = new ArrayList<>(JOBS.stream().filter(j -> clientOf.containsKey(j.name())).toList());
    java.util.Collections.reverse(readersFirst);
    for (Deployable job : readersFirst) {
      String savepoint = clientOf.get(job.name())
          .stopWithSavepoint(false, savepoints.resolve(job.name()).toUri().toString(), SavepointFormatType.CANONICAL)
          .get(2, TimeUnit.MINUTES);
      restoredFrom.put(job.name(), savepoint);
      submit(job, savepoint);
    }
    awaitAllTasksRunning();
  }

  /** Job names and the savepoints they were restored from: each restored job's graph must name its savepoint. */
  Map<String, String> restoredFromSavepoints() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : restoredFrom.entrySet()) {
      var restored = graph(jobs.get(e.getKey())).getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
      out.put(e.getKey(), restored == null ? "nothing" : restored.getExternalPath());
    }
    return out;
  }

  private void awaitAllTasksRunning() {
    await("the jobs' tasks all running").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
      assertNotFailed();
      boolean running = true;
      for (JobID id : jobs.values()) {
        AccessExecutionGraph g = graph(id);
        int tasks = 0;
        for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
          running &= v.getExecutionState() == ExecutionState.RUNNING;
          tasks++;
        }
        running &= g.getState() == JobStatus.RUNNING && tasks > 0;
      }
      return running;
    });
  }

  /**
   * Waits until the job has read every given partition past the given offset (its last record)
   * and then completed two more checkpoints, so that everything it emitted on the way is committed.
   */
  void awaitDone(String job, Map<TopicPartition, Long> lastOffsets) throws Exception {
    long deadline = awaitRead(job, lastOffsets);
    long seen = completedCheckpoints(job);
    await(job + " completing two more checkpoints").atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))
        .pollInterval(Duration.ofMillis(100)).until(() -> {
          assertHealthy();
          return completedCheckpoints(job) >= seen + 2;
        });
  }

  /** Waits until the job has committed offsets past every given partition's last record; returns the deadline used. */
  long awaitRead(String job, Map<TopicPartition, Long> lastOffsets) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Admin admin = Admin.create(adminProps())) {
      // The partitions still behind, with what is committed: empty once the job has read them all.
      await(job + " reading its inputs to the end").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
        assertHealthy();
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(job).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, String> behind = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        lastOffsets.forEach((tp, last) -> {
          OffsetAndMetadata c = committed.get(tp);
          if (c == null || c.offset() <= last) {
            behind.put(tp, (c == null ? "nothing" : Long.toString(c.offset())) + " committed, last record at " + last);
          }
        });
        return behind;
      }, anEmptyMap());
    }
    return deadline;
  }

  /** Jobs that have restarted since they started (after a failure). */
  List<String> restartedJobs() throws Exception {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JobID> job : jobs.entrySet()) {
      if (graph(job.getValue()).getStatusTimestamp(JobStatus.RESTARTING) != 0) {
        out.add(job.getKey());
      }
    }
    return out;
  }

  long completedCheckpoints(String job) throws Exception {
    return graph(jobs.get(job)).getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
  }

  /** Checkpoints completed and failed, with the latest failure's reason (a failed checkpoint does not fail a job here). */
  String checkpointStats(String job) throws Exception {
    CheckpointStatsSnapshot stats = graph(jobs.get(job)).getCheckpointStatsSnapshot();
    FailedCheckpointStats failed = stats.getHistory().getLatestFailedCheckpoint();
    return job + " " + stats.getCounts().getNumberOfCompletedCheckpoints() + " completed, " + stats.getCounts().getNumberOfFailedCheckpoints()
        + " failed" + (failed == null ? "" : " (latest #" + failed.getCheckpointId() + ": " + failed.getFailureMessage() + ")");
  }

  /**
   * Every job RUNNING, never failed, never restarted: no failure recorded in its execution graph
   * (restarts are off, so any failure would have ended it) and no time spent RESTARTING.
   */
  void assertHealthy() throws Exception {
    check(true);
  }

  /** As {@link #assertHealthy}, but a job may still be starting (CREATED, INITIALIZING). */
  private void assertNotFailed() throws Exception {
    check(false);
  }

  private void check(boolean mustRun) throws Exception {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JobID> job : jobs.entrySet()) {
      AccessExecutionGraph g = graph(job.getValue());
      JobStatus state = g.getState();
      boolean starting = state == JobStatus.CREATED || state == JobStatus.INITIALIZING;
      ErrorInfo failure = g.getFailureInfo();
      boolean restarted = g.getStatusTimestamp(JobStatus.RESTARTING) != 0 && !restartsAllowed;
      boolean recovering = restartsAllowed && (state == JobStatus.RESTARTING || state == JobStatus.INITIALIZING || state == JobStatus.CREATED);
      if (restartsAllowed) {
        failure = null; // an injected failure the job recovered from; one it did not recover from leaves it FAILED
      }
      if ((state != JobStatus.RUNNING && !recovering && (mustRun || !starting)) || failure != null || restarted) {
        problems.add(job.getKey() + " is " + state + (restarted ? " (restarted)" : "")
            + (failure == null ? "" : ", failure: " + failure.getExceptionAsString()));
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("pipeline " + prefix + " is not healthy:\n" + String.join("\n", problems));
    }
  }

  private AccessExecutionGraph graph(JobID id) throws Exception {
    return flink.getExecutionGraph(id).get(30, TimeUnit.SECONDS);
  }

  private Properties adminProps() {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    return props;
  }

  /** Cancels the jobs and waits until they are gone, so the next run finds its slots free. */
  @Override
  public void close() throws Exception {
    for (JobClient client : clientOf.values()) {
      try {
        client.cancel().get(60, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Already failed or finished: nothing to cancel.
      }
    }
    for (JobID id : jobs.values()) {
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> flink.getJobStatus(id).get(30, TimeUnit.SECONDS).isGloballyTerminalState());
      } catch (ConditionTimeoutException e) {
        // Still cancelling after a minute: the next test's jobs have their own names and topics.
      }
    }
  }
}
