package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.common.serializers.HandWrittenSerializer;
import com.creatormarket.integrity.common.serializers.HandWrittenTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link GroupState} field by field (the lockstep stage's state per band, read and written per hit; see {@link HandWrittenSerializer}). */
public final class GroupStateSerializer extends HandWrittenSerializer<GroupState> {

  private static final long serialVersionUID = 1L;

  public GroupStateSerializer() {
    super(GroupState.class);
  }

  @Override
  protected void write(GroupState v, DataOutputView out) throws IOException {
    out.writeLong(v.roundStart);
    writeLongs(v.members, out);
    writeInts(v.memberActivity, out);
    writeInts(v.memberVideos, out);
    out.writeInt(v.memberCount);
    writeLongs(v.prior, out);
    out.writeInt(v.priorCount);
    out.writeInt(v.repeated);
    out.writeInt(v.rounds);
    out.writeBoolean(v.qualified);
    out.writeBoolean(v.reported);
    out.writeBoolean(v.repeatedReported);
    writeStrings(v.videos, out);
    writeInts(v.videoHash, out);
    writeInts(v.videoCreator, out);
    writeInts(v.roundMembers, out);
    writeLongs(v.views, out);
    writeLongs(v.likes, out);
    writeLongs(v.follows, out);
    writeLongs(v.roundViews, out);
    writeLongs(v.roundLikes, out);
    writeLongs(v.roundFollows, out);
    writeStrings(v.sample, out);
    out.writeInt(v.sampleCount);
    out.writeLong(v.closeTimer);
    out.writeLong(v.cleanupAt);
  }

  @Override
  protected GroupState read(DataInputView in) throws IOException {
    GroupState v = new GroupState();
    v.roundStart = in.readLong();
    v.members = readLongs(in);
    v.memberActivity = readInts(in);
    v.memberVideos = readInts(in);
    v.memberCount = in.readInt();
    v.prior = readLongs(in);
    v.priorCount = in.readInt();
    v.repeated = in.readInt();
    v.rounds = in.readInt();
    v.qualified = in.readBoolean();
    v.reported = in.readBoolean();
    v.repeatedReported = in.readBoolean();
    v.videos = readStrings(in);
    v.videoHash = readInts(in);
    v.videoCreator = readInts(in);
    v.roundMembers = readInts(in);
    v.views = readLongs(in);
    v.likes = readLongs(in);
    v.follows = readLongs(in);
    v.roundViews = readLongs(in);
    v.roundLikes = readLongs(in);
    v.roundFollows = readLongs(in);
    v.sample = readStrings(in);
    v.sampleCount = in.readInt();
    v.closeTimer = in.readLong();
    v.cleanupAt = in.readLong();
    return v;
  }

  /** Named by {@code @TypeInfo} on {@link GroupState}. */
  public static final class Factory extends TypeInfoFactory<GroupState> {
    @Override
    public TypeInformation<GroupState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(GroupState.class, GroupStateSerializer.class);
    }
  }
}
