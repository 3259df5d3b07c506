package com.creatormarket.integrity.common.serializers;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A serializer written field by field for one mutable class with public fields, in place of Flink's
 * reflective POJO serializer: that one reads and writes every field through {@code java.lang.reflect}
 * and a null flag, which on the fake-traffic job's hot records and state took a tenth to a third of
 * a stage's time (issue #16). A subclass writes the fields in declaration order and reads them back
 * in the same order; {@code HandWrittenSerializerContract} (test-support) fills every field of the
 * class with values and checks they come back, so a field added to the class without a line here
 * fails the build. Values are never null (state clears instead, records always exist); fields may be.
 *
 * <p>State written by one layout of the class does not restore into another: the snapshot records
 * the class's fields ({@link Layout}) and a restore with different fields fails with an
 * incompatible-serializer error instead of reading garbage.
 */
public abstract class HandWrittenSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  /** For {@link #copy}: one per instance, and {@link #duplicate} makes a new instance per thread. */
  private transient DataOutputSerializer copyOut;
  private transient DataInputDeserializer copyIn;

  protected HandWrittenSerializer(Class<T> type) {
    this.type = type;
  }

  public final Class<T> type() {
    return type;
  }

  /** Writes every field of {@code value}, in declaration order. */
  protected abstract void write(T value, DataOutputView out) throws IOException;

  /** Reads what {@link #write} wrote into a new instance. */
  protected abstract T read(DataInputView in) throws IOException;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    try {
      return getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getClass().getName() + " needs a public no-argument constructor", e);
    }
  }

  @Override
  public T createInstance() {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " needs a public no-argument constructor", e);
    }
  }

  @Override
  public T copy(T from) {
    if (from == null) {
      return null;
    }
    try {
      if (copyOut == null) {
        copyOut = new DataOutputSerializer(256);
        copyIn = new DataInputDeserializer();
      }
      copyOut.clear();
      write(from, copyOut);
      copyIn.setBuffer(copyOut.getSharedBuffer(), 0, copyOut.length());
      return read(copyIn);
    } catch (IOException e) {
      throw new IllegalStateException("copying a " + type.getSimpleName(), e);
    }
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    write(read(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new HandWrittenSerializerSnapshot<>(this);
  }

  // Field helpers: arrays carry their length, -1 for null.

  protected static void writeString(String s, DataOutputView out) throws IOException {
    StringValue.writeString(s, out);
  }

  protected static String readString(DataInputView in) throws IOException {
    return StringValue.readString(in);
  }

  protected static void writeStrings(String[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (String s : a) {
        StringValue.writeString(s, out);
      }
    }
  }

  protected static String[] readStrings(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    String[] a = new String[n];
    for (int i = 0; i < n; i++) {
      a[i] = StringValue.readString(in);
    }
    return a;
  }

  protected static void writeBytes(byte[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      out.write(a);
    }
  }

  protected static byte[] readBytes(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] a = new byte[n];
    in.readFully(a);
    return a;
  }

  protected static void writeInts(int[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (int v : a) {
        out.writeInt(v);
      }
    }
  }

  protected static int[] readInts(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  protected static void writeLongs(long[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (long v : a) {
        out.writeLong(v);
      }
    }
  }

  protected static long[] readLongs(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    long[] a = new long[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readLong();
    }
    return a;
  }

  protected static void writeFloats(float[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (float v : a) {
        out.writeFloat(v);
      }
    }
  }

  protected static float[] readFloats(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  protected static void writeChars(char[] a, DataOutputView out) throws IOException {
    out.writeInt(a == null ? -1 : a.length);
    if (a != null) {
      for (char v : a) {
        out.writeChar(v);
      }
    }
  }

  protected static char[] readChars(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    char[] a = new char[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readChar();
    }
    return a;
  }
}
