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

/** {@link VideoPartial} field by field (the combiner's output, on two network hops and in the creator stage's waiting list; see {@link HandWrittenSerializer}). */
public final class VideoPartialSerializer extends HandWrittenSerializer<VideoPartial> {

  private static final long serialVersionUID = 1L;

  public VideoPartialSerializer() {
    super(VideoPartial.class);
  }

  @Override
  protected void write(VideoPartial v, DataOutputView out) throws IOException {
    writeString(v.videoId, out);
    writeString(v.creatorId, out);
    out.writeLong(v.bucketStart);
    out.writeLong(v.maxEventTime);
    out.writeLong(v.events);
    out.writeLong(v.views);
    out.writeLong(v.likes);
    out.writeLong(v.unlikes);
    out.writeLong(v.follows);
    out.writeLong(v.unfollows);
    out.writeLong(v.watchMillis);
    out.writeLong(v.regularViews);
    out.writeLong(v.withdrawnFollows);
    out.writeLong(v.freshEvents);
    out.writeLong(v.sharedDeviceEvents);
    out.writeLong(v.settledDeviceEvents);
    out.writeLong(v.settledSharedEvents);
    out.writeLong(v.firstOnVideo);
    out.writeLong(v.firstOfAccount);
    writeBytes(v.masks, out);
    writeLongs(v.maskViews, out);
    writeLongs(v.maskWatch, out);
    writeLongs(v.maskLikes, out);
    writeLongs(v.maskFollows, out);
    writeBytes(v.viewers, out);
    writeBytes(v.devices, out);
    writeBytes(v.prefixes, out);
    writeBytes(v.accounts, out);
    writeStrings(v.deviceKeys, out);
    writeLongs(v.deviceCounts, out);
    writeStrings(v.prefixKeys, out);
    writeLongs(v.prefixCounts, out);
    writeStrings(v.accountKeys, out);
    writeLongs(v.accountCounts, out);
    writeLongs(v.durationKeys, out);
    writeLongs(v.durationCounts, out);
    out.writeDouble(v.creatorLikeRate);
    out.writeDouble(v.creatorFollowRate);
    out.writeDouble(v.populationSharedShare);
    out.writeDouble(v.populationFreshShare);
    writeChars(v.regions, out);
    writeLongs(v.regionEvents, out);
    writeLongs(v.regionShared, out);
    writeLongs(v.regionFresh, out);
    writeChars(v.normRegions, out);
    writeFloats(v.normShared, out);
    writeFloats(v.normFresh, out);
  }

  @Override
  protected VideoPartial read(DataInputView in) throws IOException {
    VideoPartial v = new VideoPartial();
    v.videoId = readString(in);
    v.creatorId = readString(in);
    v.bucketStart = in.readLong();
    v.maxEventTime = in.readLong();
    v.events = in.readLong();
    v.views = in.readLong();
    v.likes = in.readLong();
    v.unlikes = in.readLong();
    v.follows = in.readLong();
    v.unfollows = in.readLong();
    v.watchMillis = in.readLong();
    v.regularViews = in.readLong();
    v.withdrawnFollows = in.readLong();
    v.freshEvents = in.readLong();
    v.sharedDeviceEvents = in.readLong();
    v.settledDeviceEvents = in.readLong();
    v.settledSharedEvents = in.readLong();
    v.firstOnVideo = in.readLong();
    v.firstOfAccount = in.readLong();
    v.masks = readBytes(in);
    v.maskViews = readLongs(in);
    v.maskWatch = readLongs(in);
    v.maskLikes = readLongs(in);
    v.maskFollows = readLongs(in);
    v.viewers = readBytes(in);
    v.devices = readBytes(in);
    v.prefixes = readBytes(in);
    v.accounts = readBytes(in);
    v.deviceKeys = readStrings(in);
    v.deviceCounts = readLongs(in);
    v.prefixKeys = readStrings(in);
    v.prefixCounts = readLongs(in);
    v.accountKeys = readStrings(in);
    v.accountCounts = readLongs(in);
    v.durationKeys = readLongs(in);
    v.durationCounts = readLongs(in);
    v.creatorLikeRate = in.readDouble();
    v.creatorFollowRate = in.readDouble();
    v.populationSharedShare = in.readDouble();
    v.populationFreshShare = in.readDouble();
    v.regions = readChars(in);
    v.regionEvents = readLongs(in);
    v.regionShared = readLongs(in);
    v.regionFresh = readLongs(in);
    v.normRegions = readChars(in);
    v.normShared = readFloats(in);
    v.normFresh = readFloats(in);
    return v;
  }

  /** Named by {@code @TypeInfo} on {@link VideoPartial}. */
  public static final class Factory extends TypeInfoFactory<VideoPartial> {
    @Override
    public TypeInformation<VideoPartial> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(VideoPartial.class, VideoPartialSerializer.class);
    }
  }
}
