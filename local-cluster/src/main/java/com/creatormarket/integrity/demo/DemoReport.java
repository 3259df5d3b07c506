package com.creatormarket.integrity.demo;

import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.CommittedRecords;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Waits until the pipeline's outputs stop growing, then prints what the run decided, read
 * committed from the output topics, with detection quality against the simulator's truth.
 * Usage: DemoReport BOOTSTRAP REST_URL TRUTH_JSON SUMMARY_JSON [QUIET_SECONDS] [TIMEOUT_SECONDS]
 */
public final class DemoReport {

  /** Outputs whose growth means the pipeline is still working. */
  static final List<Topic<?>> OUTPUTS = List.of(Topics.FLAGGED_CASES, Topics.VERIFIED_METRICS, Topics.RETENTION_VIOLATIONS,
      Topics.PENALTIES, Topics.ORDER_TERMINATIONS, Topics.REFUNDS, Topics.DEAD_LETTERS);

  private DemoReport() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    FlinkRest flink = new FlinkRest(args[1]);
    Path truthFile = Path.of(args[2]);
    Path summaryFile = Path.of(args[3]);
    // Several checkpoints (10 s each): the last heartbeats move each job's watermark, timers fire, the
    // next checkpoint commits what they emitted, and enforcement then reads it and does the same.
    Duration quiet = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 50);
    Duration timeout = Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 300);

    awaitSettled(bootstrap, flink, quiet, timeout);
    DemoSummary.Outputs outputs = read(bootstrap);
    DemoSummary summary = DemoSummary.of(outputs, DemoSummary.quality(GroundTruth.read(truthFile), outputs.cases()));
    System.out.print(summary.render());
    Files.createDirectories(summaryFile.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryFile.toFile(), summary);
  }

  static DemoSummary.Outputs read(String bootstrap) {
    return new DemoSummary.Outputs(read(bootstrap, Topics.ORDERS), read(bootstrap, Topics.FLAGGED_CASES),
        read(bootstrap, Topics.RETENTION_VIOLATIONS), read(bootstrap, Topics.PENALTIES),
        read(bootstrap, Topics.ORDER_TERMINATIONS), read(bootstrap, Topics.REFUNDS), read(bootstrap, Topics.DEAD_LETTERS));
  }

  static <T extends SpecificRecord> List<T> read(String bootstrap, Topic<T> topic) {
    return CommittedRecords.readAll(bootstrap, topic.name(), topic.codec());
  }

  /**
   * Outputs are committed with checkpoints (every 10 s) and the enforcement job reacts to what the
   * others commit, so the run is settled once no output topic has grown for {@code quiet}.
   */
  static void awaitSettled(String bootstrap, FlinkRest flink, Duration quiet, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long lastChange = start;
    List<Long> last = List.of();
    while (true) {
      List<Long> ends = new ArrayList<>();
      for (Topic<?> t : OUTPUTS) {
        ends.add(CommittedRecords.committedEnd(bootstrap, t.name()));
      }
      long now = System.nanoTime();
      if (!ends.equals(last)) {
        last = ends;
        lastChange = now;
      }
      String jobs = flink.jobs().stream().filter(j -> !j.state().equals("CANCELED"))
          .map(j -> j.name() + " " + j.state()).sorted().collect(Collectors.joining(", "));
      List<Long> shown = last;
      System.err.printf("  waiting for outputs to settle: %s | jobs: %s%n",
          java.util.stream.IntStream.range(0, OUTPUTS.size())
              .mapToObj(i -> OUTPUTS.get(i).name() + " " + shown.get(i)).collect(Collectors.joining(", ")), jobs);
      if (Duration.ofNanos(now - lastChange).compareTo(quiet) >= 0) {
        return;
      }
      if (Duration.ofNanos(now - start).compareTo(timeout) >= 0) {
        System.err.println("  outputs still growing after " + timeout.toSeconds() + " s; summarising what is committed so far");
        return;
      }
      Thread.sleep(5000);
    }
  }
}
