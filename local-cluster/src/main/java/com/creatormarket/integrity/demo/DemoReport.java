package com.creatormarket.integrity.demo;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.CommittedRecords;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the pipeline has decided everything its input asks for, then prints what the run
 * decided, read committed from the output topics, with detection quality against the simulator's
 * truth. "Decided" is a fact about the data, not a quiet spell on the wall clock: each job, upstream
 * first, has read and committed every record (heartbeats included) of its inputs, then completed two
 * more checkpoints, so whatever its watermark released is committed too (see {@link #awaitSettled}).
 * Beside the summary it writes every output record to {@code outputs/} (see {@link #writeOutputs}).
 * Usage: DemoReport BOOTSTRAP REST_URL TRUTH_JSON SUMMARY_JSON [TIMEOUT_SECONDS]
 */
public final class DemoReport {

  /** A job (its name is its consumer group) and the topics it reads. */
  record Reader(String job, List<Topic<?>> inputs) {}

  /** The pipeline's jobs in the order they settle: enforcement reads what the other two write. */
  static final List<Reader> READERS = List.of(
      new Reader("fake-traffic", List.of(Topics.ENGAGEMENT, Topics.ORDERS)),
      new Reader("retention", List.of(Topics.ORDERS, Topics.LIFECYCLE)),
      new Reader("enforcement", List.of(Topics.ORDERS, Topics.CONTENT_FINDINGS, Topics.REVIEW_DECISIONS, Topics.FLAGGED_CASES,
          Topics.RETENTION_VIOLATIONS)));

  private DemoReport() {}

  public static void main(String[] args) throws Exception {
    KafkaConnection kafka = KafkaConnection.forTool(args[0]);
    FlinkRest flink = new FlinkRest(args[1]);
    Path truthFile = Path.of(args[2]);
    Path summaryFile = Path.of(args[3]);
    Duration timeout = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 600);

    awaitSettled(kafka, flink, timeout);
    DemoSummary.Outputs outputs = read(kafka);
    DemoSummary summary = DemoSummary.of(outputs, DemoSummary.quality(GroundTruth.read(truthFile), outputs.cases()));
    System.out.print(summary.render());
    Path dir = summaryFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryFile.toFile(), summary);
    writeOutputs(kafka, dir.resolve("outputs"));
    String release = System.getenv("INTEGRITY_OUTPUTS_AS_RELEASE");
    if (release != null && !release.isBlank()) {
      // A drill that upgrades from an earlier release compares what that release could write.
      writeOutputs(kafka, dir.resolve("outputs-as-" + release), com.creatormarket.integrity.drill.ReleasedView.of(release));
    }
    if (args.length > 5) {
      System.out.println(consoleLine(args[5], summary, Duration.ofSeconds(120)));
    }
  }

  /**
   * What the review console holds, once it has read the topics to their ends and its counts are
   * the summary's (it reads the same committed records), or what it holds at the timeout, said so.
   */
  static String consoleLine(String consoleUrl, DemoSummary summary, Duration timeout) throws InterruptedException {
    Map<String, Long> expected = expectedConsoleCounts(summary);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> counts = Map.of();
    String problem = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/counts"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        counts = new ObjectMapper().readValue(response.body(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
        if (Boolean.TRUE.equals(counts.get("caughtUp")) && differences(expected, counts).isEmpty()) {
          return String.format("review console              %s: %s cases (%s open for review), %s penalties, %s terminations,"
                  + " %s refunds, %s reversals, %s review deadlines: as above",
              consoleUrl, counts.get("cases"), counts.get("openCases"), counts.get("penalties"), counts.get("orderTerminations"),
              counts.get("refunds"), counts.get("penaltyReversals"), counts.get("reviewDeadlines"));
        }
        problem = "differs from the summary: " + differences(expected, counts);
      } catch (java.io.IOException e) {
        problem = "no answer (" + e.getMessage() + ")";
      }
      Thread.sleep(500);
    }
    return "review console              " + consoleUrl + ": " + problem + " after " + timeout.toSeconds() + " s";
  }

  /** The console's counts that must equal the summary's. */
  static Map<String, Long> expectedConsoleCounts(DemoSummary summary) {
    Map<String, Long> expected = new java.util.LinkedHashMap<>();
    expected.put("cases", summary.caseCount());
    expected.put("penalties", summary.penaltyCount());
    expected.put("orderTerminations", summary.terminationCount());
    expected.put("refunds", summary.refundCount());
    expected.put("penaltyReversals", summary.reversalCount());
    expected.put("reviewDeadlines", summary.reviewDeadlinesByKind().values().stream().mapToLong(Long::longValue).sum());
    return expected;
  }

  static Map<String, String> differences(Map<String, Long> expected, Map<String, Object> counts) {
    Map<String, String> differ = new java.util.TreeMap<>();
    expected.forEach((k, v) -> {
      Object got = counts.get(k);
      if (!(got instanceof Number n) || n.longValue() != v) {
        differ.put(k, got + " (summary " + v + ")");
      }
    });
    return differ;
  }

  /** Every output topic whose records two runs of one input must share, whole, one record per line. */
  static final List<Topic<?>> COMPARED = List.of(Topics.FLAGGED_CASES, Topics.VERIFIED_METRICS, Topics.RETENTION_VIOLATIONS,
      Topics.PENALTIES, Topics.ORDER_TERMINATIONS, Topics.REFUNDS, Topics.PENALTY_REVERSALS, Topics.SANCTION_LIFTS,
      Topics.REVIEW_DEADLINES, Topics.AGENCY_ALERTS);

  /**
   * Writes each output topic's committed records, whole (Avro JSON), sorted, one file per topic, and
   * the dead letters as job, topic, kind and reason code (their offsets depend on delivery): two
   * runs of one input compare with {@code diff -r}.
   */
  static void writeOutputs(KafkaConnection kafka, Path dir) throws java.io.IOException {
    Files.createDirectories(dir);
    for (Topic<?> topic : COMPARED) {
      Files.write(dir.resolve(topic.name() + ".jsonl"), read(kafka, topic).stream().map(Object::toString).sorted().toList());
    }
    Files.write(dir.resolve(Topics.DEAD_LETTERS.name() + ".txt"), read(kafka, Topics.DEAD_LETTERS).stream()
        .map(d -> d.getJob() + " " + d.getTopic() + " " + d.getKind() + " " + d.getReason().split(":", 2)[0]).sorted().toList());
  }

  /** As {@link #writeOutputs(KafkaConnection, Path)}, each record as the released contracts read it (fields added since left out). */
  static void writeOutputs(KafkaConnection kafka, Path dir, com.creatormarket.integrity.drill.ReleasedView release) throws java.io.IOException {
    Files.createDirectories(dir);
    for (Topic<?> topic : COMPARED) {
      Files.write(dir.resolve(topic.name() + ".jsonl"), release.committed(kafka, topic.name(), topic));
    }
  }

  static DemoSummary.Outputs read(KafkaConnection kafka) {
    return new DemoSummary.Outputs(readDecodable(kafka, Topics.ORDERS), read(kafka, Topics.FLAGGED_CASES),
        read(kafka, Topics.RETENTION_VIOLATIONS), read(kafka, Topics.PENALTIES),
        read(kafka, Topics.ORDER_TERMINATIONS), read(kafka, Topics.REFUNDS), read(kafka, Topics.PENALTY_REVERSALS),
        read(kafka, Topics.SANCTION_LIFTS), read(kafka, Topics.REVIEW_DEADLINES), read(kafka, Topics.DEAD_LETTERS));
  }

  /**
   * An input topic's records that decode. Unlike our outputs, an input may hold bad records (the
   * reliability drill writes some); the jobs set the undecodable ones aside as dead letters, and so does
   * the summary (decodable ones that break a rule still count among the orders here).
   */
  static <T extends SpecificRecord> List<T> readDecodable(KafkaConnection kafka, Topic<T> topic) {
    List<T> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : CommittedRecords.readAll(kafka, topic.name())) {
      if (Heartbeats.isHeartbeat(r) || r.value() == null) {
        continue;
      }
      try {
        out.add(topic.codec().decode(r.value()));
      } catch (java.io.IOException e) {
        // a dead letter of the jobs, not an order
      }
    }
    return out;
  }

  static <T extends SpecificRecord> List<T> read(KafkaConnection kafka, Topic<T> topic) {
    return CommittedRecords.readAll(kafka, topic.name(), topic.codec());
  }

  /**
   * For each job in {@link #READERS} order: waits until its consumer group has committed offsets
   * past the last record of every partition it reads (the producers' final heartbeats, two days of
   * event time past the last event, are such records; so are the upstream jobs' output heartbeats),
   * then for two more completed checkpoints: the first may have begun before the watermark released
   * the last decisions, the second commits them. A restart on the way only delays this. Gives up
   * after {@code timeout} and summarises what is committed by then, saying so.
   */
  static void awaitSettled(KafkaConnection kafka, FlinkRest flink, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(kafka.config())) {
      for (Reader reader : READERS) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (Topic<?> topic : reader.inputs()) {
          last.putAll(CommittedRecords.lastRecordOffsets(kafka, topic.name()));
        }
        while (true) {
          Map<TopicPartition, OffsetAndMetadata> committed =
              admin.listConsumerGroupOffsets(reader.job()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
          long behind = last.entrySet().stream()
              .filter(e -> committed.get(e.getKey()) == null || committed.get(e.getKey()).offset() <= e.getValue()).count();
          System.err.printf("  %s: %d of %d input partitions read to their last record | jobs: %s%n", reader.job(),
              last.size() - behind, last.size(), jobStates(flink));
          if (behind == 0) {
            break;
          }
          if (System.nanoTime() > deadline) {
            System.err.println("  " + reader.job() + " has not read all its input after " + timeout.toSeconds()
                + " s; summarising what is committed so far");
            return;
          }
          Thread.sleep(2000);
        }
        long seen = completedCheckpoints(flink, reader.job());
        while (completedCheckpoints(flink, reader.job()) < seen + 2) {
          if (System.nanoTime() > deadline) {
            System.err.println("  " + reader.job() + " completed no two checkpoints after its input within " + timeout.toSeconds()
                + " s; summarising what is committed so far");
            return;
          }
          Thread.sleep(1000);
        }
      }
    }
  }

  private static String jobStates(FlinkRest flink) throws Exception {
    List<String> states = new ArrayList<>();
    for (FlinkRest.Job j : flink.jobs()) {
      if (!j.state().equals("CANCELED")) {
        states.add(j.name() + " " + j.state() + " (restarts " + flink.restarts(j) + ")");
      }
    }
    return states.stream().sorted().collect(Collectors.joining(", "));
  }

  /** Completed checkpoints of the running job with this name (0 while it has none or is not running). */
  private static long completedCheckpoints(FlinkRest flink, String job) throws Exception {
    for (FlinkRest.Job j : flink.jobs()) {
      if (j.name().equals(job) && j.state().equals("RUNNING")) {
        return flink.get("/jobs/" + j.id() + "/checkpoints").path("counts").path("completed").asLong(0);
      }
    }
    return 0;
  }
}
