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
 * <p>Usage: {@code SavepointUpgrade REPO_ROOT REST_URL SAVEPOINT_DIR [job args...]}. Prints one line:
 * per job, how long its savepoint took and how long until it ran again.
 */
public final class SavepointUpgrade {

  private SavepointUpgrade() {}

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
      long began = System.nanoTime();
      String savepoint = flink.stopWithSavepoint(running.id(), savepoints.resolve(job.name()), Duration.ofMinutes(5));
      long saved = System.nanoTime();
      String id = JobLauncher.submit(flink, root, job, extra, savepoint);
      JobLauncher.awaitRunning(flink, List.of(id));
      lines.add(String.format("%s savepoint %.1f s, running again %.1f s after the stop", job.name(), (saved - began) / 1e9,
          (System.nanoTime() - began) / 1e9));
    }
    System.out.println(String.join("; ", lines));
  }
}
