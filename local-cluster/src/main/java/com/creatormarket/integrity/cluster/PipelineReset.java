package com.creatormarket.integrity.cluster;

import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Gives the demo a clean slate: cancels the pipeline's jobs on the session cluster and recreates
 * every pipeline topic empty (consumer offsets of deleted topics go with them), so a summary
 * counts one run only. Usage: PipelineReset BOOTSTRAP REST_URL
 */
public final class PipelineReset {

  private PipelineReset() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    FlinkRest flink = new FlinkRest(args[1]);
    List<String> names = PipelineJobs.ALL.stream().map(PipelineJobs.Deployable::name).toList();
    for (FlinkRest.Job job : flink.jobs()) {
      if (names.contains(job.name()) && !isTerminal(job.state())) {
        flink.cancel(job.id());
        System.out.printf("  cancelled %s (%s)%n", job.name(), job.id());
      }
    }
    awaitCancelled(flink, names);
    try (Admin admin = Admin.create(KafkaConnection.forTool(bootstrap).config())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> ours = Topics.ALL.stream().map(Topic::name).filter(existing::contains).toList();
      if (!ours.isEmpty()) {
        admin.deleteTopics(ours).all().get(60, TimeUnit.SECONDS);
        awaitGone(admin, ours);
      }
    }
    List<String> created = TopicSetup.ensureTopics(bootstrap, "");
    System.out.printf("  topics recreated empty (%d)%n", created.size());
  }

  static boolean isTerminal(String state) {
    return state.equals("CANCELED") || state.equals("FINISHED") || state.equals("FAILED");
  }

  private static void awaitCancelled(FlinkRest flink, List<String> names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (flink.jobs().stream().anyMatch(j -> names.contains(j.name()) && !isTerminal(j.state()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pipeline jobs still running 60 s after cancel");
      }
      Thread.sleep(300);
    }
  }

  private static void awaitGone(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(topics::contains)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics not deleted after 60 s: " + topics);
      }
      Thread.sleep(300);
    }
  }
}
