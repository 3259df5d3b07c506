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
 * <p>Evolution (issue #19, savepoint upgrade): the snapshot records the serializer's
 * {@link #version()} and the class's fields ({@link Layout}). A class that gains a field bumps the
 * version, keeps the old layout in {@link #layout(int)} and reads the old bytes in
 * {@link #read(DataInputView, int)}, giving the new field its default; a restore from the older
 * version is then migrated (Flink reads every value with the old version's reader and writes it with
 * the new one). A restore from a layout the serializer does not declare fails with an
 * incompatible-serializer error instead of reading garbage.
 */
public abstract class HandWrittenSerializer<T> extends TypeSerializer<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  /** The version this instance reads: {@link #version()}, or an older one when restored from an older snapshot. */
  private int readVersion;
  /** For {@link #copy}: one per instance, and {@link #duplicate} makes a new instance per thread. */
  private transient DataOutputSerializer copyOut;
  private transient DataInputDeserializer copyIn;

  protected HandWrittenSerializer(Class<T> type) {
    this.type = type;
    this.readVersion = version();
  }

  /** The layout this serializer writes; bump it when the class gains a field (see the class comment). */
  public int version() {
    return 1;
  }

  /**
   * The class's fields as {@link Layout#of} gave them at {@code version}: the current layout for
   * {@link #version()}, the recorded one for an older version this serializer can still read, null
   * for any other.
   */
  public String layout(int version) {
    return version == version() ? Layout.of(type) : null;
  }

  /** This serializer reading values written at {@code version} (for a restore from an older snapshot); writes stay current. */
  final HandWrittenSerializer<T> reading(int version) {
    if (layout(version) == null) {
      throw new IllegalArgumentException(getClass().getName() + " cannot read version " + version);
    }
    HandWrittenSerializer<T> s = newInstance();
    s.readVersion = version;
    return s;
  }

  public final Class<T> type() {
    return type;
  }

  /** Writes every field of {@code value}, in declaration order. */
  protected abstract void write(T value, DataOutputView out) throws IOException;

  /** Reads what {@link #write} wrote into a new instance. */
  protected abstract T read(DataInputView in) throws IOException;

  /**
   * Reads what an older {@code version} of {@link #write} wrote (fields added since get their
   * defaults). Only versions {@link #layout(int)} declares are asked for.
   */
  protected T read(DataInputView in, int version) throws IOException {
    if (version != version()) {
      throw new IOException(getClass().getName() + " declares layout version " + version + " but does not read it");
    }
    return read(in);
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    HandWrittenSerializer<T> s = newInstance();
    s.readVersion = readVersion;
    return s;
  }

  private HandWrittenSerializer<T> newInstance() {
    try {
      @SuppressWarnings("unchecked")
      HandWrittenSerializer<T> s = getClass().getDeclaredConstructor().newInstance();
      return s;
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
    if (readVersion != version()) {
      // Its reads expect the old layout: what it wrote it could not read back.
      throw new IllegalStateException(getClass().getName() + " restored to read layout version " + readVersion + " does not write");
    }
    write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return readVersion == version() ? read(source) : read(source, readVersion);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    write(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass() && ((HandWrittenSerializer<?>) obj).readVersion == readVersion;
  }

  @Override
  public int hashCode() {
    return getClass().hashCode() * 31 + readVersion;
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
