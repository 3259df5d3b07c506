package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.cluster.FlinkRest;
import com.creatormarket.integrity.cluster.PipelineJobs;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.io.CommittedRecords;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a drill keeps of one run beside the demo's outputs, read once the run has settled: every
 * dead letter with its coordinates ({@code dead-letters.tsv}: job, topic, partition, offset, kind,
 * reason code), for matching bad records by where they were written; and each pipeline job's state
 * and restarts from its exception history ({@code jobs.tsv}).
 * Usage: RunRecord BOOTSTRAP REST_URL RUN_DIR
 */
public final class RunRecord {

  private RunRecord() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    FlinkRest flink = new FlinkRest(args[1]);
    Path dir = Path.of(args[2]);
    List<DeadLetter> letters = CommittedRecords.readAll(KafkaConnection.forTool(bootstrap), Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.codec());
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("dead-letters.tsv"), StandardCharsets.UTF_8))) {
      w.println(PoisonAccounting.Letter.HEADER);
      for (DeadLetter d : letters) {
        w.println(PoisonAccounting.Letter.of(d).tsv());
      }
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("jobs.tsv"), StandardCharsets.UTF_8))) {
      w.println("job\tstate\trestarts");
      List<FlinkRest.Job> jobs = flink.jobs();
      for (PipelineJobs.Deployable job : PipelineJobs.ALL) {
        // After an upgrade the job stopped with a savepoint is FINISHED beside the one restored from it.
        FlinkRest.Job running = jobs.stream().filter(j -> j.name().equals(job.name()) && !j.state().equals("CANCELED"))
            .min(java.util.Comparator.comparing(j -> !j.state().equals("RUNNING"))).orElse(null);
        w.println(job.name() + "\t" + (running == null ? "absent" : running.state()) + "\t"
            + (running == null ? "-" : flink.restarts(running).toString()));
      }
    }
    System.out.printf("run record: %,d dead letters, job states in %s%n", letters.size(), dir.resolve("jobs.tsv"));
  }
}
