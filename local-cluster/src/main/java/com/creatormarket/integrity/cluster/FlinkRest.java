package com.creatormarket.integrity.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The Flink session cluster's REST API: upload and run job jars, list and cancel jobs. */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRest(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** A job as the cluster reports it. */
  public record Job(String id, String name, String state) {}

  public List<Job> jobs() throws IOException, InterruptedException {
    JsonNode overview = get("/jobs/overview");
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : overview.path("jobs")) {
      jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  /** How often a job was restarted, and whether the count is a lower bound (Flink's history was truncated). */
  public record Restarts(int count, boolean truncated) {
    @Override
    public String toString() {
      return count + (truncated ? "+" : "");
    }
  }

  /**
   * Restarts of a job, counted from its exception history: each entry is a failure the scheduler
   * handled, by a restart or, for a job that ended FAILED, the last one by giving up. Not from the
   * {@code numRestarts} metric, which read 0 on the local cluster for a job whose history showed a
   * restart (issue #19).
   */
  public Restarts restarts(Job job) throws IOException, InterruptedException {
    JsonNode history = get("/jobs/" + job.id() + "/exceptions?maxExceptions=" + MAX_EXCEPTIONS).path("exceptionHistory");
    int failures = history.path("entries").size();
    boolean failed = "FAILED".equals(job.state());
    return new Restarts(Math.max(0, failures - (failed ? 1 : 0)), history.path("truncated").asBoolean(false));
  }

  /** Exception history entries asked for; Flink keeps 16 by default ({@code web.exception-history-size}). */
  private static final int MAX_EXCEPTIONS = 1000;

  public int registeredTaskManagers() throws IOException, InterruptedException {
    return get("/taskmanagers").path("taskmanagers").size();
  }

  public int availableSlots() throws IOException, InterruptedException {
    return get("/overview").path("slots-available").asInt();
  }

  /** Uploads a jar and returns the id the cluster gave it. */
  public String upload(Path jar) throws IOException, InterruptedException {
    String boundary = "----integrity" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    JsonNode answer = send(request);
    String filename = answer.path("filename").asText();
    if (filename.isEmpty()) {
      throw new IOException("upload of " + jar + " was not accepted: " + answer);
    }
    return Path.of(filename).getFileName().toString();
  }

  /** Runs an uploaded jar and returns the job id. */
  public String run(String jarId, String entryClass, List<String> args, int parallelism) throws IOException, InterruptedException {
    return run(jarId, entryClass, args, parallelism, null);
  }

  /** As {@link #run(String, String, List, int)}, restoring from {@code savepoint} when it is not null (every operator's state must map). */
  public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepoint)
      throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode();
    request.put("entryClass", entryClass);
    request.put("parallelism", parallelism);
    request.set("programArgsList", JSON.valueToTree(args));
    if (savepoint != null) {
      request.put("savepointPath", savepoint);
      request.put("allowNonRestoredState", false);
    }
    JsonNode answer = post("/jars/" + jarId + "/run", request, Duration.ofMinutes(2));
    String jobId = answer.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IOException("the cluster did not start " + entryClass + ": " + answer);
    }
    return jobId;
  }

  /**
   * Stops a job with a savepoint in {@code directory} (canonical format, no drain: the sources stop
   * where they are and the sinks commit what the savepoint covers) and returns its location once complete.
   */
  public String stopWithSavepoint(String jobId, Path directory, Duration timeout) throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode();
    request.put("targetDirectory", directory.toAbsolutePath().toString());
    request.put("drain", false);
    request.put("formatType", "CANONICAL");
    JsonNode answer = post("/jobs/" + jobId + "/stop", request, Duration.ofSeconds(30));
    String trigger = answer.path("request-id").asText();
    if (trigger.isEmpty()) {
      throw new IOException("the cluster did not accept stopping " + jobId + " with a savepoint: " + answer);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.hasNonNull("location")) {
          return operation.path("location").asText();
        }
        throw new IOException("stop with savepoint of " + jobId + " failed: " + operation.path("failure-cause"));
      }
      Thread.sleep(500);
    }
    throw new IOException("stop with savepoint of " + jobId + " not complete after " + timeout);
  }

  public void cancel(String jobId) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build());
  }

  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private JsonNode post(String path, ObjectNode body, Duration timeout) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json").timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }
}
