package com.creatormarket.integrity.common.serializers;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Snapshot of a {@link HandWrittenSerializer}: its class and the {@link Layout} of the class it
 * wrote. Restoring into a serializer of the same class whose type has the same layout is compatible
 * as is; any other layout is incompatible (Flink then fails the restore naming the state), since
 * the bytes were written field by field for the old one.
 */
public final class HandWrittenSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

  private static final int VERSION = 1;

  private String serializerClass;
  private String layout;
  private transient ClassLoader classLoader;

  /** For Flink's restore (read by {@link #readSnapshot}). */
  public HandWrittenSerializerSnapshot() {}

  HandWrittenSerializerSnapshot(HandWrittenSerializer<T> serializer) {
    this.serializerClass = serializer.getClass().getName();
    this.layout = Layout.of(serializer.type());
  }

  @Override
  public int getCurrentVersion() {
    return VERSION;
  }

  @Override
  public void writeSnapshot(DataOutputView out) throws IOException {
    out.writeUTF(serializerClass);
    out.writeUTF(layout);
  }

  @Override
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
    serializerClass = in.readUTF();
    layout = in.readUTF();
    classLoader = userCodeClassLoader;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeSerializer<T> restoreSerializer() {
    try {
      HandWrittenSerializer<T> serializer = (HandWrittenSerializer<T>) InstantiationUtil.instantiate(
          Class.forName(serializerClass, true, classLoader != null ? classLoader : getClass().getClassLoader()));
      if (!Layout.of(serializer.type()).equals(layout)) {
        throw new IllegalStateException(serializerClass + " cannot read state written for another layout of "
            + serializer.type().getName() + ": " + layout);
      }
      return serializer;
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("state was written by " + serializerClass + ", which is gone", e);
    }
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
    if (!(oldSnapshot instanceof HandWrittenSerializerSnapshot<T> old) || !old.serializerClass.equals(serializerClass)) {
      return TypeSerializerSchemaCompatibility.incompatible();
    }
    return old.layout.equals(layout) ? TypeSerializerSchemaCompatibility.compatibleAsIs() : TypeSerializerSchemaCompatibility.incompatible();
  }
}
