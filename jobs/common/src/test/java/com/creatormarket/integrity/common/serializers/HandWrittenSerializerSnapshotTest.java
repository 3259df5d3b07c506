package com.creatormarket.integrity.common.serializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;

/**
 * State written for one layout of a class restores only into a serializer that declares that layout:
 * as is, or migrated from an older version; never read as garbage.
 */
class HandWrittenSerializerSnapshotTest {

  public static class Point {
    public long x;
    public String label;
  }

  public static final class PointSerializer extends HandWrittenSerializer<Point> {
    public PointSerializer() {
      super(Point.class);
    }

    @Override
    protected void write(Point v, DataOutputView out) throws IOException {
      out.writeLong(v.x);
      writeString(v.label, out);
    }

    @Override
    protected Point read(DataInputView in) throws IOException {
      Point p = new Point();
      p.x = in.readLong();
      p.label = readString(in);
      return p;
    }
  }

  /** A later build's Point: it gained {@code label} (version 2), and still reads version 1's bytes. */
  public static class Labelled {
    public long x;
    public String label;
  }

  public static final class LabelledSerializer extends HandWrittenSerializer<Labelled> {
    public LabelledSerializer() {
      super(Labelled.class);
    }

    @Override
    public int version() {
      return 2;
    }

    @Override
    public String layout(int version) {
      return version == 1 ? "x:long" : super.layout(version);
    }

    @Override
    protected void write(Labelled v, DataOutputView out) throws IOException {
      out.writeLong(v.x);
      writeString(v.label, out);
    }

    @Override
    protected Labelled read(DataInputView in) throws IOException {
      Labelled p = new Labelled();
      p.x = in.readLong();
      p.label = readString(in);
      return p;
    }

    @Override
    protected Labelled read(DataInputView in, int version) throws IOException {
      if (version == 1) {
        Labelled p = new Labelled();
        p.x = in.readLong();
        p.label = "unlabelled";
        return p;
      }
      return super.read(in, version);
    }
  }

  @Test
  void anOlderVersionTheSerializerDeclaresIsMigrated() throws IOException {
    HandWrittenSerializerSnapshot<Labelled> older = snapshot(LabelledSerializer.class, "x:long", 1);
    TypeSerializerSchemaCompatibility<Labelled> compatibility = new LabelledSerializer().snapshotConfiguration().resolveSchemaCompatibility(older);
    assertThat(compatibility.isCompatibleAfterMigration()).isTrue();

    // Flink reads the old bytes with the old snapshot's serializer and writes them with the new one.
    TypeSerializer<Labelled> reader = older.restoreSerializer();
    DataOutputSerializer oldBytes = new DataOutputSerializer(16);
    oldBytes.writeLong(42);
    Labelled read = reader.deserialize(new DataInputDeserializer(oldBytes.getCopyOfBuffer()));
    assertThat(read.x).isEqualTo(42);
    assertThat(read.label).isEqualTo("unlabelled");
    assertThat(reader.duplicate()).isEqualTo(reader).isNotEqualTo(new LabelledSerializer());
    assertThatThrownBy(() -> reader.serialize(read, new DataOutputSerializer(16))).hasMessageContaining("does not write");

    DataOutputSerializer newBytes = new DataOutputSerializer(16);
    new LabelledSerializer().serialize(read, newBytes);
    Labelled back = new LabelledSerializer().deserialize(new DataInputDeserializer(newBytes.getCopyOfBuffer()));
    assertThat(back.x).isEqualTo(42);
    assertThat(back.label).isEqualTo("unlabelled");
  }

  @Test
  void aNewerOrUndeclaredVersionIsIncompatible() throws IOException {
    assertThat(new LabelledSerializer().snapshotConfiguration()
        .resolveSchemaCompatibility(snapshot(LabelledSerializer.class, "x:long,label:java.lang.String,extra:int", 3)).isIncompatible()).isTrue();
    assertThat(new LabelledSerializer().snapshotConfiguration()
        .resolveSchemaCompatibility(snapshot(LabelledSerializer.class, "x:int", 1)).isIncompatible()).isTrue();
  }

  @Test
  void aSnapshotFromBeforeLayoutVersionsRestoresAsIs() throws IOException {
    // Format 1 wrote the class and the layout only: every serializer was at version 1.
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(PointSerializer.class.getName());
    out.writeUTF(Layout.of(Point.class));
    HandWrittenSerializerSnapshot<Point> format1 = new HandWrittenSerializerSnapshot<>();
    format1.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(new PointSerializer().snapshotConfiguration().resolveSchemaCompatibility(format1).isCompatibleAsIs()).isTrue();
    assertThat(format1.restoreSerializer()).isEqualTo(new PointSerializer());
  }

  private static <V> HandWrittenSerializerSnapshot<V> snapshot(Class<?> serializer, String layout, int version) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(serializer.getName());
    out.writeUTF(layout);
    out.writeInt(version);
    HandWrittenSerializerSnapshot<V> s = new HandWrittenSerializerSnapshot<>();
    s.readSnapshot(2, new DataInputDeserializer(out.getCopyOfBuffer()), HandWrittenSerializerSnapshotTest.class.getClassLoader());
    return s;
  }

  @Test
  void sameLayoutRestoresAsIs() throws IOException {
    TypeSerializerSnapshot<Point> restored = roundTrip(new PointSerializer().snapshotConfiguration());
    assertThat(restored.restoreSerializer()).isEqualTo(new PointSerializer());
    assertThat(new PointSerializer().snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
  }

  @Test
  void anotherLayoutIsIncompatible() throws IOException {
    // As written by a build whose Point had only x.
    DataOutputSerializer out = new DataOutputSerializer(64);
    out.writeUTF(PointSerializer.class.getName());
    out.writeUTF("x:long");
    HandWrittenSerializerSnapshot<Point> older = new HandWrittenSerializerSnapshot<>();
    older.readSnapshot(1, new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    TypeSerializerSchemaCompatibility<Point> compatibility = new PointSerializer().snapshotConfiguration().resolveSchemaCompatibility(older);
    assertThat(compatibility.isIncompatible()).isTrue();
    assertThatThrownBy(older::restoreSerializer).hasMessageContaining("another layout").hasMessageContaining("x:long");
  }

  @Test
  void theLayoutNamesEveryInstanceField() {
    assertThat(Layout.of(Point.class)).isEqualTo("x:long,label:java.lang.String");
  }

  private static TypeSerializerSnapshot<Point> roundTrip(TypeSerializerSnapshot<Point> snapshot) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    snapshot.writeSnapshot(out);
    HandWrittenSerializerSnapshot<Point> back = new HandWrittenSerializerSnapshot<>();
    back.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()), HandWrittenSerializerSnapshotTest.class.getClassLoader());
    return back;
  }
}
