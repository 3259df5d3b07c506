package com.creatormarket.integrity.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Submits the pipeline's jobs to the session cluster unless a job of that name already runs, then
 * waits until each is RUNNING. Usage: JobLauncher REPO_ROOT [REST_URL] [extra job args...]
 *
 * <p>On a secured broker, {@value #CLIENTS_DIR_ENV} names the folder of the principals' Kafka client
 * properties files ({@code bin/up} writes them): each job is given its own, {@code <job name>.properties},
 * so the broker's ACLs know which job writes.
 */
public final class JobLauncher {

  static final String CLIENTS_DIR_ENV = "INTEGRITY_KAFKA_CLIENTS_DIR";

  private JobLauncher() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    String rest = args.length > 1 ? args[1] : "http://127.0.0.1:8081";
    List<String> extra = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
    FlinkRest flink = new FlinkRest(rest);
    Map<String, FlinkRest.Job> running = flink.jobs().stream()
        .filter(j -> j.state().equals("RUNNING") || j.state().equals("CREATED") || j.state().equals("INITIALIZING")
            || j.state().equals("RESTARTING"))
        .collect(Collectors.toMap(FlinkRest.Job::name, Function.identity(), (a, b) -> a));
    List<String> submitted = new ArrayList<>();
    for (PipelineJobs.Deployable job : PipelineJobs.ALL) {
      if (running.containsKey(job.name())) {
        System.out.printf("  %-13s already %s (%s)%n", job.name(), running.get(job.name()).state(), running.get(job.name()).id());
        continue;
      }
      String jobId = submit(flink, root, job, extra, null);
      submitted.add(jobId);
      System.out.printf("  %-13s submitted as %s%n", job.name(), jobId);
    }
    awaitRunning(flink, submitted);
  }

  /**
   * Uploads a job's jar and runs it with its config file, its own Kafka credentials and the extra
   * arguments, from {@code savepoint} when one is given; returns the job id.
   */
  public static String submit(FlinkRest flink, Path root, PipelineJobs.Deployable job, List<String> extra, String savepoint)
      throws Exception {
    Path jar = job.jar(root);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("job jar missing: " + jar + " (build with: mvn -q -DskipTests package)");
    }
    List<String> jobArgs = new ArrayList<>();
    Path config = job.config(root);
    if (Files.isRegularFile(config)) {
      jobArgs.add("--config");
      jobArgs.add(config.toString());
    }
    String clients = System.getenv(CLIENTS_DIR_ENV);
    if (clients != null && !clients.isBlank()) {
      Path credentials = Path.of(clients, job.name() + ".properties");
      if (!Files.isRegularFile(credentials)) {
        throw new IllegalStateException("no Kafka credentials for job " + job.name() + ": " + credentials + " is missing (bin/up writes it)");
      }
      jobArgs.add("--kafka.client-config");
      jobArgs.add(credentials.toString());
    }
    jobArgs.addAll(extra);
    return flink.run(flink.upload(jar), job.entryClass(), jobArgs, 2, savepoint);
  }

  public static void awaitRunning(FlinkRest flink, List<String> jobIds) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<FlinkRest.Job> jobs = flink.jobs();
      List<FlinkRest.Job> ours = jobs.stream().filter(j -> jobIds.contains(j.id())).toList();
      for (FlinkRest.Job j : ours) {
        if (j.state().equals("FAILED") || j.state().equals("CANCELED")) {
          throw new IllegalStateException("job " + j.name() + " " + j.state() + "; see local-cluster/.run/logs/");
        }
      }
      if (ours.size() == jobIds.size() && ours.stream().allMatch(j -> j.state().equals("RUNNING"))) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("jobs not RUNNING after 2 minutes; see local-cluster/.run/logs/");
  }
}
