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

/** {@link AccountHistory} field by field (the account stage's state, read and written per event; see {@link HandWrittenSerializer}). */
public final class AccountHistorySerializer extends HandWrittenSerializer<AccountHistory> {

  private static final long serialVersionUID = 1L;

  public AccountHistorySerializer() {
    super(AccountHistory.class);
  }

  @Override
  protected void write(AccountHistory v, DataOutputView out) throws IOException {
    writeInts(v.video, out);
    writeLongs(v.at, out);
    writeBytes(v.kind, out);
    out.writeInt(v.size);
    out.writeInt(v.next);
    writeInts(v.followCreator, out);
    writeLongs(v.followAt, out);
    out.writeLong(v.cleanupAt);
  }

  @Override
  protected AccountHistory read(DataInputView in) throws IOException {
    AccountHistory v = new AccountHistory();
    v.video = readInts(in);
    v.at = readLongs(in);
    v.kind = readBytes(in);
    v.size = in.readInt();
    v.next = in.readInt();
    v.followCreator = readInts(in);
    v.followAt = readLongs(in);
    v.cleanupAt = in.readLong();
    return v;
  }

  /** Named by {@code @TypeInfo} on {@link AccountHistory}. */
  public static final class Factory extends TypeInfoFactory<AccountHistory> {
    @Override
    public TypeInformation<AccountHistory> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
      return new HandWrittenTypeInfo<>(AccountHistory.class, AccountHistorySerializer.class);
    }
  }
}
