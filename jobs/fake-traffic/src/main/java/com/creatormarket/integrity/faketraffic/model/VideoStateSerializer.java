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

/** {@link VideoState} field by field (the video stage's state, read and written whole per partial; see {@link HandWrittenSerializer}). */
public final class VideoStateSerializer extends HandWrittenSerializer<VideoState> {

  private static final long serialVersionUID = 1L;

  /** Version 1, before {@code firstInvalidAt} (release 2026-12-04): what savepoints of that release hold. */
  static final String LAYOUT_1 = "videoId:java.lang.String,creatorId:java.lang.String,"
      + "orders:[Lcom.creatormarket.integrity.faketraffic.model.OrderSlot;,firstSeen:long,lastEventTime:long,newestSlot:long,"
      + "slots:[I,baselineSlots:int,baseWeight:double,baseEvents:double,baseViews:double,baseLikes:double,baseExtreme:double,"
      + "baseFresh:double,populationSharedShare:double,populationFreshShare:double,audienceRegions:[C,audienceEvents:[J,"
      + "epochStart:long,epochEvents:long,epochDevices:[B,epochPrefixes:[B,totals:[J,prefixes:[B,accounts:[B,viewers:[B,"
      + "hourStart:long,hour:[J,hourViewers:[B,life:[J,hourlyViews:[I,hourlyNewest:long,liftHour:long,shapeStartHour:long,"
      + "shapeShared:[C,shapeOther:[C,shapeClosedHours:int,shapeScore:double,liftHourEvents:long,liftHourFresh:long,"
      + "liftCusum:double,liftRunStart:long,liftRunExcess:double,lockSize:int,lockWeightedSize:double,lockRepeated:int,"
      + "lockRounds:int,lockWindow:long,lockViews:long,lockLikes:long,lockFollows:long,lockSample:[Ljava.lang.String;,"
      + "lockShare:double,lockExpected:double,firedAt:[I,peak:[F,peakStrength:[F,peakThreshold:[F,peakWindow:[I,"
      + "hourTimer:long,cleanupTimer:long";

  public VideoStateSerializer() {
    super(VideoState.class);
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public String layout(int version) {
    return version == 1 ? LAYOUT_1 : super.layout(version);
  }

  @Override
  protected void write(VideoState v, DataOutputView out) throws IOException {
    writeString(v.videoId, out);
    writeString(v.creatorId, out);
    writeOrders(v.orders, out);
    out.writeLong(v.firstSeen);
    out.writeLong(v.lastEventTime);
    out.writeLong(v.newestSlot);
    writeInts(v.slots, out);
    out.writeInt(v.baselineSlots);
    out.writeDouble(v.baseWeight);
    out.writeDouble(v.baseEvents);
    out.writeDouble(v.baseViews);
    out.writeDouble(v.baseLikes);
    out.writeDouble(v.baseExtreme);
    out.writeDouble(v.baseFresh);
    out.writeDouble(v.populationSharedShare);
    out.writeDouble(v.populationFreshShare);
    writeChars(v.audienceRegions, out);
    writeLongs(v.audienceEvents, out);
    out.writeLong(v.epochStart);
    out.writeLong(v.epochEvents);
    writeBytes(v.epochDevices, out);
    writeBytes(v.epochPrefixes, out);
    writeLongs(v.totals, out);
    writeBytes(v.prefixes, out);
    writeBytes(v.accounts, out);
    writeBytes(v.viewers, out);
    out.writeLong(v.hourStart);
    writeLongs(v.hour, out);
    writeBytes(v.hourViewers, out);
    writeLongs(v.life, out);
    out.writeLong(v.firstInvalidAt);
    writeInts(v.hourlyViews, out);
    out.writeLong(v.hourlyNewest);
    out.writeLong(v.liftHour);
    out.writeLong(v.shapeStartHour);
    writeChars(v.shapeShared, out);
    writeChars(v.shapeOther, out);
    out.writeInt(v.shapeClosedHours);
    out.writeDouble(v.shapeScore);
    out.writeLong(v.liftHourEvents);
    out.writeLong(v.liftHourFresh);
    out.writeDouble(v.liftCusum);
    out.writeLong(v.liftRunStart);
    out.writeDouble(v.liftRunExcess);
    out.writeInt(v.lockSize);
    out.writeDouble(v.lockWeightedSize);
    out.writeInt(v.lockRepeated);
    out.writeInt(v.lockRounds);
    out.writeLong(v.lockWindow);
    out.writeLong(v.lockViews);
    out.writeLong(v.lockLikes);
    out.writeLong(v.lockFollows);
    writeStrings(v.lockSample, out);
    out.writeDouble(v.lockShare);
    out.writeDouble(v.lockExpected);
    writeInts(v.firedAt, out);
    writeFloats(v.peak, out);
    writeFloats(v.peakStrength, out);
    writeFloats(v.peakThreshold, out);
    writeInts(v.peakWindow, out);
    out.writeLong(v.hourTimer);
    out.writeLong(v.cleanupTimer);
  }

  @Override
  protected VideoState read(DataInputView in) throws IOException {
    return read(in, version());
  }

  @Override
  protected VideoState read(DataInputView in, int version) throws IOException {
    VideoState v = new VideoState();
    v.videoId = readString(in);
    v.creatorId = readString(in);
    v.orders = readOrders(in);
    v.firstSeen = in.readLong();
    v.lastEventTime = in.readLong();
    v.newestSlot = in.readLong();
    v.slots = readInts(in);
    v.baselineSlots = in.readInt();
    v.baseWeight = in.readDouble();
    v.baseEvents = in.readDouble();
    v.baseViews = in.readDouble();
    v.baseLikes = in.readDouble();
    v.baseExtreme = in.readDouble();
    v.baseFresh = in.readDouble();
    v.populationSharedShare = in.readDouble();
    v.populationFreshShare = in.readDouble();
    v.audienceRegions = readChars(in);
    v.audienceEvents = readLongs(in);
    v.epochStart = in.readLong();
    v.epochEvents = in.readLong();
    v.epochDevices = readBytes(in);
    v.epochPrefixes = readBytes(in);
    v.totals = readLongs(in);
    v.prefixes = readBytes(in);
    v.accounts = readBytes(in);
    v.viewers = readBytes(in);
    v.hourStart = in.readLong();
    v.hour = readLongs(in);
    v.hourViewers = readBytes(in);
    v.life = readLongs(in);
    if (version >= 2) {
      v.firstInvalidAt = in.readLong();
    } else {
      // Invalid traffic before the upgrade came at a time the old release did not keep.
      v.firstInvalidAt = v.life != null && v.life[VideoState.M_INVALID] > 0 ? VideoState.FIRST_INVALID_UNKNOWN : VideoState.NO_INVALID_YET;
    }
    v.hourlyViews = readInts(in);
    v.hourlyNewest = in.readLong();
    v.liftHour = in.readLong();
    v.shapeStartHour = in.readLong();
    v.shapeShared = readChars(in);
    v.shapeOther = readChars(in);
    v.shapeClosedHours = in.readInt();
    v.shapeScore = in.readDouble();
    v.liftHourEvents = in.readLong();
    v.liftHourFresh = in.readLong();
    v.liftCusum = in.readDouble();
    v.liftRunStart = in.readLong();
    v.liftRunExcess = in.readDouble();
    v.lockSize = in.readInt();
    v.lockWeightedSize = in.readDouble();
    v.lockRepeated = in.readInt();
    v.lockRounds = in.readInt();
    v.lockWindow = in.readLong();
    v.lockViews = in.readLong();
    v.lockLikes = in.readLong();
    v.lockFollows = in.readLong();
    v.lockSample = readStrings(in);
    v.lockShare = in.readDouble();
    v.lockExpected = in.readDouble();
    v.firedAt = readInts(in);
    v.peak = readFloats(in);
    v.peakStrength = readFloats(in);
    v.peakThreshold = readFloats(in);
    v.peakWindow = readInts(in);
    v.hourTimer = in.readLong();
    v.cleanupTimer = in.readLong();
    return v;
  }

  /** {@link OrderSlot}s inline: the video's orders are part of its one value. */
  private static void writeOrders(OrderSlot[] orders, DataOutputView out) throws IOException {
    out.writeInt(orders == null ? -1 : orders.length);
    if (orders == null) {
      return;
    }
    for (OrderSlot o : orders) {
      writeString(o.orderId, out);
      writeString(o.creatorId, out);
      writeString(o.advertiserId, out);
      writeString(o.agencyId, out);
      out.writeLong(o.publishedAt);
      out.writeLong(o.endsAt);
      out.writeInt(o.version);
      out.writeInt(o.level);
      out.writeLong(o.firstFlaggedAt);
      out.writeLong(o.lastCaseEvents);
      out.writeInt(o.lastCaseSignals);
      out.writeDouble(o.maxScore);
    }
  }

  private static OrderSlot[] readOrders(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    OrderSlot[] orders = new OrderSlot[n];
    for (int i = 0; i < n; i++) {
      OrderSlot o = new OrderSlot();
      o.orderId = readString(in);
      o.creatorId = readString(in);
      o.advertiserId = readString(in);
      o.agencyId = readString(in);
      o.publishedAt = in.readLong();
      o.endsAt = in.readLong();
      o.version = in.readInt();
      o.level = in.readInt();
      o.firstFlaggedAt = in.readLong();
      o.lastCaseEvents = in.readLong();
      o.lastCaseSignals = in.readInt();
      o.maxScore = in.readDouble();
      orders[i] = o;
    }
    return orders;
  }

  /** Named by {@code @TypeInfo} on {@link VideoState}. */
  public static final class Factory extends TypeInfoFactory<VideoState> {
    @Override
    public TypeInformation<VideoState> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(VideoState.class, VideoStateSerializer.class);
    }
  }
}
