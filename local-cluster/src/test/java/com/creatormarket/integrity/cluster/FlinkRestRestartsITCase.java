package com.creatormarket.integrity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's REST API as `status` and the drills use it: restarts counted from the job's exception
 * history; a job stopped with a savepoint, as the drill's upgrade does.
 */
class FlinkRestRestartsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.miniCluster();

  @TempDir Path checkpoints;
  @TempDir Path savepoints;

  /** Fails the job once, a second or two into its run; the restart finds it set and goes on. */
  static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
  static final AtomicLong SEEN = new AtomicLong();

  static final class Discard implements Sink<Long> {
    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(Long element, Context ctx) {}

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  private static FlinkRest.Job job(FlinkRest rest, String id) throws Exception {
    return rest.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aJobThatFailedOnceAndRecoveredShowsOneRestart(@InjectMiniCluster MiniCluster cluster) throws Exception {
    FAILED_ONCE.set(false);
    SEEN.set(0);
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(1));
    env.fromSequence(1, 1_000_000_000L).uid("numbers").name("numbers")
        .map(n -> {
          Thread.sleep(1);
          if (SEEN.incrementAndGet() > 2000 && FAILED_ONCE.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure");
          }
          return n;
        }).returns(Types.LONG).uid("fail-once").name("fail-once")
        .sinkTo(new Discard()).uid("discard").name("discard");
    JobClient job = env.executeAsync("restarts");
    try {
      FlinkRest rest = new FlinkRest(cluster.getRestAddress().get().toString());
      String id = job.getJobID().toHexString();
      Awaitility.await("the restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> FAILED_ONCE.get() && rest.restarts(job(rest, id)).count() == 1 && job(rest, id).state().equals("RUNNING"));
      assertThat(rest.restarts(job(rest, id))).hasToString("1");
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aJobStoppedWithASavepointFinishesAndTheSavepointIsWhereItSays(@InjectMiniCluster MiniCluster cluster) throws Exception {
    StreamExecutionEnvironment env = TestClusters.environment(checkpoints, Duration.ofSeconds(1));
    env.fromSequence(1, 1_000_000_000L).uid("numbers").name("numbers")
        .map(n -> {
          Thread.sleep(1);
          return n;
        }).returns(Types.LONG).uid("slow").name("slow")
        .sinkTo(new Discard()).uid("discard").name("discard");
    JobClient job = env.executeAsync("stop-with-savepoint");
    FlinkRest rest = new FlinkRest(cluster.getRestAddress().get().toString());
    String id = job.getJobID().toHexString();
    Awaitility.await("running").atMost(Duration.ofSeconds(60)).until(() -> job(rest, id).state().equals("RUNNING"));
    String location = rest.stopWithSavepoint(id, savepoints.resolve("job"), Duration.ofMinutes(1));
    assertThat(Path.of(java.net.URI.create(location.startsWith("file:") ? location : "file:" + location)).resolve("_metadata"))
        .isRegularFile();
    assertThat(location).contains(savepoints.resolve("job").toString());
    Awaitility.await("finished").atMost(Duration.ofSeconds(30)).until(() -> job(rest, id).state().equals("FINISHED"));
  }
}
