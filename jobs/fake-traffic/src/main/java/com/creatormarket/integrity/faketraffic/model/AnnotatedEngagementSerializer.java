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

/** {@link AnnotatedEngagement} field by field (the record every engagement event becomes after the device stage, on two network hops and in the device and account stages' waiting lists; see {@link HandWrittenSerializer}). */
public final class AnnotatedEngagementSerializer extends HandWrittenSerializer<AnnotatedEngagement> {

  private static final long serialVersionUID = 1L;

  public AnnotatedEngagementSerializer() {
    super(AnnotatedEngagement.class);
  }

  @Override
  protected void write(AnnotatedEngagement v, DataOutputView out) throws IOException {
    writeString(v.eventId, out);
    writeString(v.videoId, out);
    writeString(v.creatorId, out);
    writeString(v.accountId, out);
    writeString(v.deviceId, out);
    writeString(v.networkPrefix, out);
    out.writeByte(v.kind);
    out.writeLong(v.watchMillis);
    out.writeLong(v.lengthMillis);
    out.writeLong(v.eventTime);
    out.writeLong(v.accountCreatedAt);
    out.writeChar(v.region);
    out.writeInt(v.flags);
  }

  @Override
  protected AnnotatedEngagement read(DataInputView in) throws IOException {
    AnnotatedEngagement v = new AnnotatedEngagement();
    v.eventId = readString(in);
    v.videoId = readString(in);
    v.creatorId = readString(in);
    v.accountId = readString(in);
    v.deviceId = readString(in);
    v.networkPrefix = readString(in);
    v.kind = in.readByte();
    v.watchMillis = in.readLong();
    v.lengthMillis = in.readLong();
    v.eventTime = in.readLong();
    v.accountCreatedAt = in.readLong();
    v.region = in.readChar();
    v.flags = in.readInt();
    return v;
  }

  /** Named by {@code @TypeInfo} on {@link AnnotatedEngagement}. */
  public static final class Factory extends TypeInfoFactory<AnnotatedEngagement> {
    @Override
    public TypeInformation<AnnotatedEngagement> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(AnnotatedEngagement.class, AnnotatedEngagementSerializer.class);
    }
  }
}
