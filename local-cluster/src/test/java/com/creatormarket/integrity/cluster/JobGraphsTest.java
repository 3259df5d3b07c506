package com.creatormarket.integrity.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.enforcement.EnforcementJob;
import com.creatormarket.integrity.enforcement.EnforcementOptions;
import com.creatormarket.integrity.faketraffic.FakeTrafficJob;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.retention.RetentionJob;
import com.creatormarket.integrity.retention.RetentionOptions;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds every job's graph with the local cluster's own config.yaml, where generic types and
 * generated uids are off: a Kryo fallback or an operator without a uid fails here, not in production.
 */
class JobGraphsTest {

  static Configuration clusterConfig() {
    return GlobalConfiguration.loadConfiguration("conf/flink");
  }

  static Stream<Arguments> jobs() {
    return Stream.of(
        Arguments.of("retention", (BiConsumer<StreamExecutionEnvironment, Settings>) RetentionJob::build, RetentionOptions.KNOBS),
        Arguments.of("fake-traffic", (BiConsumer<StreamExecutionEnvironment, Settings>) FakeTrafficJob::build, FakeTrafficOptions.KNOBS),
        Arguments.of("enforcement", (BiConsumer<StreamExecutionEnvironment, Settings>) EnforcementJob::build, EnforcementOptions.KNOBS));
  }

  @Test
  void clusterConfigForbidsKryoAndGeneratedUids() {
    Configuration conf = clusterConfig();
    assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
    assertThat(conf.get(PipelineOptions.AUTO_GENERATE_UIDS)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void jobGraphBuildsWithClusterSettings(String name, BiConsumer<StreamExecutionEnvironment, Settings> build, List<Knob<?>> knobs) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(clusterConfig());
    build.accept(env, Settings.defaults(knobs));

    JobGraph graph = env.getStreamGraph().getJobGraph();

    assertThat(graph.getNumberOfVertices()).isPositive();
  }

  @Test
  void operatorWithoutUidFailsTheGraph() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(clusterConfig());
    env.fromData(1L, 2L, 3L).uid("numbers").map(x -> x + 1).returns(Long.class).print().uid("print");

    assertThatThrownBy(() -> env.getStreamGraph().getJobGraph()).hasMessageContaining("no UID");
  }

  /** No default constructor, final field: Flink can only serialize it with Kryo. */
  static final class NotAPojo {
    private final int value;

    NotAPojo(int value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return Integer.toString(value);
    }
  }

  @Test
  void kryoFallbackFailsTheGraph() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(clusterConfig());

    assertThatThrownBy(() -> {
      env.fromData(new NotAPojo(1)).uid("values").print().uid("print");
      env.getStreamGraph().getJobGraph();
    }).hasStackTraceContaining("Generic types have been disabled");
  }
}
