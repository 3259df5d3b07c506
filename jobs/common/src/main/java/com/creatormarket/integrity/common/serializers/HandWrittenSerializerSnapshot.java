package com.creatormarket.integrity.common.serializers;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Snapshot of a {@link HandWrittenSerializer}: its class, its layout version and the {@link Layout}
 * of the class it wrote. Restoring into a serializer of the same class at the same version and
 * layout is compatible as is; from an older version whose layout the serializer still declares,
 * compatible after migration (Flink reads with {@link #restoreSerializer()}, the old version's
 * reader, and writes with the new serializer); any other layout is incompatible (Flink then fails
 * the restore naming the state), since the bytes were written field by field for it.
 *
 * <p>Snapshot format 1 (before layout versions) had no version: its serializers were all at 1.
 */
public final class HandWrittenSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

  private static final int VERSION = 2;

  private String serializerClass;
  private int layoutVersion;
  private String layout;
  private transient ClassLoader classLoader;

  /** For Flink's restore (read by {@link #readSnapshot}). */
  public HandWrittenSerializerSnapshot() {}

  HandWrittenSerializerSnapshot(HandWrittenSerializer<T> serializer) {
    this.serializerClass = serializer.getClass().getName();
    this.layoutVersion = serializer.version();
    this.layout = serializer.layout(layoutVersion);
  }

  @Override
  public int getCurrentVersion() {
    return VERSION;
  }

  @Override
  public void writeSnapshot(DataOutputView out) throws IOException {
    out.writeUTF(serializerClass);
    out.writeUTF(layout);
    out.writeInt(layoutVersion);
  }

  @Override
  public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
    serializerClass = in.readUTF();
    layout = in.readUTF();
    layoutVersion = readVersion >= 2 ? in.readInt() : 1;
    classLoader = userCodeClassLoader;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeSerializer<T> restoreSerializer() {
    try {
      HandWrittenSerializer<T> serializer = (HandWrittenSerializer<T>) InstantiationUtil.instantiate(
          Class.forName(serializerClass, true, classLoader != null ? classLoader : getClass().getClassLoader()));
      if (!layout.equals(serializer.layout(layoutVersion))) {
        throw new IllegalStateException(serializerClass + " cannot read state written for another layout of "
            + serializer.type().getName() + " (version " + layoutVersion + "): " + layout);
      }
      return layoutVersion == serializer.version() ? serializer : serializer.reading(layoutVersion);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("state was written by " + serializerClass + ", which is gone", e);
    }
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
    if (!(oldSnapshot instanceof HandWrittenSerializerSnapshot<T> old) || !old.serializerClass.equals(serializerClass)) {
      return TypeSerializerSchemaCompatibility.incompatible();
    }
    if (old.layoutVersion == layoutVersion && old.layout.equals(layout)) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    HandWrittenSerializer<T> current = (HandWrittenSerializer<T>) restoreSerializer();
    if (old.layoutVersion < layoutVersion && old.layout.equals(current.layout(old.layoutVersion))) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }
}
