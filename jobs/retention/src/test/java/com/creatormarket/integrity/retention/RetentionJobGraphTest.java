package com.creatormarket.integrity.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.JobEnvironment;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The job graph builds under the strict pipeline: every operator has its uid, nothing falls back to Kryo. */
class RetentionJobGraphTest {

  @Test
  void jobGraphBuildsWithoutGenericTypesOrGeneratedUids() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.pipelineSettings());
    env.configure(JobEnvironment.pipelineSettings());
    RetentionJob.build(env, Fixtures.settings(Map.of()));
    StreamGraph graph = env.getStreamGraph();
    List<String> uids = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).toList();
    assertThat(uids).doesNotContainNull().contains(Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE, Uids.LIFECYCLE_SOURCE,
        Uids.LIFECYCLE_TRIAGE, Uids.ORDER_ROUTER, Uids.EARLY_REMOVAL_RULE);
    assertThat(String.join(",", uids)).contains(Uids.VIOLATION_SINK).contains(Uids.DEAD_LETTER_SINK);
    JobGraph jobGraph = graph.getJobGraph();
    assertThat(StreamSupport.stream(jobGraph.getVertices().spliterator(), false).count()).isPositive();
  }
}
