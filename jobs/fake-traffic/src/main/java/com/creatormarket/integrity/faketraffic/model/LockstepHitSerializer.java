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

/** {@link LockstepHit} field by field (up to three records per engagement event on the way to the lockstep stage, and its waiting list; see {@link HandWrittenSerializer}). */
public final class LockstepHitSerializer extends HandWrittenSerializer<LockstepHit> {

  private static final long serialVersionUID = 1L;

  public LockstepHitSerializer() {
    super(LockstepHit.class);
  }

  @Override
  protected void write(LockstepHit v, DataOutputView out) throws IOException {
    writeString(v.bandKey, out);
    writeString(v.accountId, out);
    writeString(v.videoId, out);
    out.writeByte(v.kind);
    out.writeInt(v.creatorHash);
    writeInts(v.videoSet, out);
    out.writeLong(v.eventTime);
    out.writeInt(v.activity);
  }

  @Override
  protected LockstepHit read(DataInputView in) throws IOException {
    LockstepHit v = new LockstepHit();
    v.bandKey = readString(in);
    v.accountId = readString(in);
    v.videoId = readString(in);
    v.kind = in.readByte();
    v.creatorHash = in.readInt();
    v.videoSet = readInts(in);
    v.eventTime = in.readLong();
    v.activity = in.readInt();
    return v;
  }

  /** Named by {@code @TypeInfo} on {@link LockstepHit}. */
  public static final class Factory extends TypeInfoFactory<LockstepHit> {
    @Override
    public TypeInformation<LockstepHit> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(LockstepHit.class, LockstepHitSerializer.class);
    }
  }
}
