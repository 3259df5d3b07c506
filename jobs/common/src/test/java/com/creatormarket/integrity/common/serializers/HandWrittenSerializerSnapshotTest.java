package com.creatormarket.integrity.common.serializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;

/** State written for one layout of a class restores only into that layout: never read as garbage. */
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
