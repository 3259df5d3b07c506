package com.creatormarket.integrity.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.testing.KnobDocs;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * The job graph builds with Kryo fallback and generated uids off (as on the cluster; local-cluster's
 * JobGraphsTest checks the same with the cluster's own config), and every knob is documented.
 */
class EnforcementJobGraphTest {

  @Test
  void graphBuildsWithoutKryoAndWithAUidOnEveryOperator() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.pipelineSettings());
    EnforcementJob.build(env, Settings.defaults(EnforcementOptions.KNOBS));

    StreamGraph streamGraph = env.getStreamGraph();
    List<String> uids = streamGraph.getStreamNodes().stream().map(n -> n.getTransformationUID()).toList();
    JobGraph graph = streamGraph.getJobGraph();

    assertThat(graph.getNumberOfVertices()).isPositive();
    assertThat(uids).doesNotContainNull()
        .contains(Uids.CASE_REVIEW, Uids.CREDIT_LEDGER, Uids.AGENCY_WATCH, Uids.PENALTY_SINK, Uids.TERMINATION_SINK,
            Uids.REFUND_SINK, Uids.AGENCY_ALERT_SINK, Uids.DEAD_LETTER_SINK);
  }

  @Test
  void everyKnobOfTheJobIsInItsReadme() {
    List<Knob<?>> own = EnforcementOptions.KNOBS.stream().filter(k -> !KafkaKnobs.ALL.contains(k)).toList();
    assertThat(own).hasSizeGreaterThan(10);
    assertThat(KnobDocs.undocumented(Path.of("README.md"), own)).isEmpty();
  }
}
