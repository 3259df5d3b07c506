package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.common.serializers.HandWrittenSerializer;
import com.creatormarket.integrity.testing.HandWrittenSerializerContract;
import org.junit.jupiter.api.Nested;

/** Flink's serializer contract and every field round-tripped, for each hand-written serializer of the job. */
class HandWrittenSerializersTest {

  @Nested
  class OfAnnotatedEngagement extends HandWrittenSerializerContract<AnnotatedEngagement> {
    @Override
    protected HandWrittenSerializer<AnnotatedEngagement> serializer() {
      return new AnnotatedEngagementSerializer();
    }
  }

  @Nested
  class OfAccountHistory extends HandWrittenSerializerContract<AccountHistory> {
    @Override
    protected HandWrittenSerializer<AccountHistory> serializer() {
      return new AccountHistorySerializer();
    }
  }

  @Nested
  class OfLockstepHit extends HandWrittenSerializerContract<LockstepHit> {
    @Override
    protected HandWrittenSerializer<LockstepHit> serializer() {
      return new LockstepHitSerializer();
    }
  }

  @Nested
  class OfGroupState extends HandWrittenSerializerContract<GroupState> {
    @Override
    protected HandWrittenSerializer<GroupState> serializer() {
      return new GroupStateSerializer();
    }
  }

  @Nested
  class OfVideoPartial extends HandWrittenSerializerContract<VideoPartial> {
    @Override
    protected HandWrittenSerializer<VideoPartial> serializer() {
      return new VideoPartialSerializer();
    }
  }

  @Nested
  class OfVideoState extends HandWrittenSerializerContract<VideoState> {
    @Override
    protected HandWrittenSerializer<VideoState> serializer() {
      return new VideoStateSerializer();
    }
  }
}
