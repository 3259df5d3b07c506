package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.cluster.PipelineJobs;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How long the pipeline took to run again after a fault: started when the fault is injected, it
 * watches the cluster's REST API until it has seen the pipeline not fully running (a job failing,
 * restarting or gone, or the JobManager not answering) and then every pipeline job RUNNING with
 * every task running. Prints one line: {@code recovered in S s} (S from the fault), {@code no job
 * failed within W s}, or {@code not running again after T s}.
 * Usage: RecoveryWatch REST_URL FAULT_EPOCH_MILLIS WATCH_SECONDS
 */
public final class RecoveryWatch {

  /** Longest wait for the jobs to run again once a failure was seen. */
  private static final long GIVE_UP_SECONDS = 900;

  private RecoveryWatch() {}

  public static void main(String[] args) throws InterruptedException {
    FlinkRest flink = new FlinkRest(args[0]);
    long fault = Long.parseLong(args[1]);
    long watchSeconds = Long.parseLong(args[2]);
    boolean sawFailure = false;
    while (true) {
      long now = System.currentTimeMillis();
      boolean running = allRunning(flink);
      if (!running) {
        sawFailure = true;
      } else if (sawFailure) {
        System.out.printf("recovered in %.1f s%n", (now - fault) / 1000.0);
        return;
      }
      if (!sawFailure && now - fault > watchSeconds * 1000) {
        System.out.printf("no job failed within %d s%n", watchSeconds);
        return;
      }
      if (now - fault > GIVE_UP_SECONDS * 1000) {
        System.out.printf("not running again after %d s%n", GIVE_UP_SECONDS);
        return;
      }
      Thread.sleep(250);
    }
  }

  /** Every pipeline job RUNNING with all its tasks running; false while the REST API does not answer. */
  static boolean allRunning(FlinkRest flink) {
    Set<String> names = PipelineJobs.ALL.stream().map(PipelineJobs.Deployable::name).collect(Collectors.toSet());
    try {
      Set<String> running = new java.util.HashSet<>();
      for (JsonNode job : flink.get("/jobs/overview").path("jobs")) {
        String name = job.path("name").asText();
        JsonNode tasks = job.path("tasks");
        if (names.contains(name) && job.path("state").asText().equals("RUNNING")
            && tasks.path("running").asInt(-1) == tasks.path("total").asInt(-2)) {
          running.add(name);
        }
      }
      return running.equals(names);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
