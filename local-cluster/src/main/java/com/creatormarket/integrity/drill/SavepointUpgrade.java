package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.cluster.JobLauncher;
import com.creatormarket.integrity.cluster.PipelineJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An upgrade as an operator does it on the live cluster (issue #19): each pipeline job in turn,
 * readers before writers (enforcement, then fake-traffic and retention), is stopped with a savepoint (canonical format; its sinks commit what the savepoint covers) and
 * submitted again from it with this build's jar and config and its credentials, before the next job
 * is touched. The drill starts that run on an earlier release (built from git), so this build restores
 * the older release's state and reads its records: evolved state classes and contracts migrate on the
 * real cluster (REST, high availability, Kafka transactions across the stop).
 *
 * <p>A stop with savepoint that fails (seen once in eight drills: the fake-traffic job, loaded, had
 * part of its union-list-state source vertex finish before the savepoint completed) leaves the job to
 * fail over to its latest checkpoint; the upgrade waits until it runs and tries again, at most three
 * times, and reports every failed attempt.
 *
 * <p>Usage: {@code SavepointUpgrade REPO_ROOT REST_URL SAVEPOINT_DIR [job args...]}. Prints one line:
 * per job, how long its savepoint took and how long until it ran again.
 */
public final class SavepointUpgrade {

  private static final int MAX_ATTEMPTS = 3;

  private SavepointUpgrade() {}

  /** The innermost cause Flink's REST answer names, without its stack. */
  static String reason(String message) {
    if (message == null) {
      return "no reason given";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Caused by: ([^\\\\\\n]{0,240})").matcher(message);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last != null ? last : message.substring(0, Math.min(240, message.length()));
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    FlinkRest flink = new FlinkRest(args[1]);
    Path savepoints = Path.of(args[2]);
    List<String> extra = List.of(args).subList(3, args.length);
    List<String> lines = new ArrayList<>();
    // Readers before writers: a job of the old release cannot read records written with contracts it
    // does not know (the first drill upgraded retention first; the old enforcement dead-lettered one
    // v6 violation and missed its penalty and refund). The new build reads every older contract.
    List<PipelineJobs.Deployable> readersFirst = new ArrayList<>(PipelineJobs.ALL);
    java.util.Collections.reverse(readersFirst);
    for (PipelineJobs.Deployable job : readersFirst) {
      FlinkRest.Job running = flink.jobs().stream().filter(j -> j.name().equals(job.name()) && j.state().equals("RUNNING"))
          .findFirst().orElseThrow(() -> new IllegalStateException("job " + job.name() + " is not running: nothing to upgrade"));
      List<String> failed = new ArrayList<>();
      String savepoint = null;
      long began = 0;
      while (savepoint == null) {
        began = System.nanoTime();
        try {
          savepoint = flink.stopWithSavepoint(running.id(), savepoints.resolve(job.name()), Duration.ofMinutes(5));
        } catch (java.io.IOException e) {
          // A failed stop leaves the job to fail over to its latest checkpoint (exactly once: nothing
          // lost); an operator tries again once it runs. Every failed attempt is reported.
          failed.add(reason(e.getMessage()));
          if (failed.size() >= MAX_ATTEMPTS) {
            throw new IllegalStateException(job.name() + ": stop with savepoint failed " + failed.size() + " times: " + failed, e);
          }
          Thread.sleep(10_000);
          JobLauncher.awaitRunning(flink, List.of(running.id()));
          Thread.sleep(10_000);
        }
      }
      long saved = System.nanoTime();
      String id = JobLauncher.submit(flink, root, job, extra, savepoint);
      JobLauncher.awaitRunning(flink, List.of(id));
      lines.add(String.format("%s savepoint %.1f s, running again %.1f s after the stop%s", job.name(), (saved - began) / 1e9,
          (System.nanoTime() - began) / 1e9, failed.isEmpty() ? "" : " (after " + failed.size() + " failed stop: " + String.join("; ", failed) + ")"));
    }
    System.out.println(String.join("; ", lines));
  }
}
