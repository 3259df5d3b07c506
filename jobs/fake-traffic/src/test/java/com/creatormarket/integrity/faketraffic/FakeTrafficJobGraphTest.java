package com.creatormarket.integrity.faketraffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.serializers.HandWrittenTypeInfo;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.faketraffic.functions.OrderRegistry;
import com.creatormarket.integrity.faketraffic.model.AccountHistory;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.CreatorNorm;
import com.creatormarket.integrity.faketraffic.model.DeviceAccounts;
import com.creatormarket.integrity.faketraffic.model.GroupState;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.model.OrderNotice;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.testing.KnobDocs;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The job graph builds with Kryo and generated uids forbidden; every record and state type has a Flink
 * serializer (hand-written or POJO); every knob of the job is in its README.
 */
class FakeTrafficJobGraphTest {

  @Test
  void buildsWithEveryOperatorNamedAndNoGenericTypes() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.pipelineSettings());
    FakeTrafficJob.build(env, FakeTrafficOptions.defaults());
    JobGraph graph = env.getStreamGraph().getJobGraph();
    assertThat(graph.getNumberOfVertices()).isGreaterThan(5);
  }

  @Test
  void everyKnobOfTheJobIsInItsReadme() {
    List<Knob<?>> own = FakeTrafficOptions.KNOBS.stream().filter(k -> !KafkaKnobs.ALL.contains(k)).toList();
    assertThat(own).contains(FakeTrafficOptions.WATCH_TIME_TOLERANCE, FakeTrafficOptions.MAX_VIDEO_LENGTH,
        FakeTrafficOptions.MAX_RETENTION_DAYS);
    assertThat(KnobDocs.undocumented(Path.of("README.md"), own)).isEmpty();
  }

  @Test
  void recordsAndStateHaveFlinkSerializersNotKryo() {
    // The hot ones are written field by field (issue #16), the others are POJOs.
    for (Class<?> type : List.of(AnnotatedEngagement.class, VideoPartial.class, LockstepHit.class, VideoState.class,
        GroupState.class, AccountHistory.class)) {
      assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(HandWrittenTypeInfo.class);
    }
    for (Class<?> type : List.of(VideoNotice.class, DeviceAccounts.class, OrderNotice.class,
        OrderRegistry.OrderTerms.class, CreatorNorm.class)) {
      assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
