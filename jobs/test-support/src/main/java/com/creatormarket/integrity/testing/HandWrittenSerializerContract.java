package com.creatormarket.integrity.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.serializers.HandWrittenSerializer;
import com.creatormarket.integrity.common.serializers.HandWrittenTypeInfo;
import com.creatormarket.integrity.common.serializers.Layout;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * The tests every {@link HandWrittenSerializer} passes: Flink's own serializer contract
 * ({@link SerializerTestBase}: copies, sequences, snapshots, duplicates) on instances whose every
 * field is filled, each field alone round-tripped (a field the serializer forgets fails here), and
 * the class resolving to the hand-written type information wherever Flink asks for it.
 */
public abstract class HandWrittenSerializerContract<T> extends SerializerTestBase<T> {

  protected HandWrittenSerializerContract() {
    // The classes have no equals(): Flink's checks compare them field by field too.
    super(new DeeplyEqualsChecker().withCustomCheck((a, b) -> a != null && b != null && a.getClass() == b.getClass()
        && Layout.fields(a.getClass()).size() > 0 && !a.getClass().getName().startsWith("java."),
        (a, b, checker) -> sameFields(a, b)));
  }

  private static boolean sameFields(Object a, Object b) {
    try {
      assertSameFields(null, a, b);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Field by field, NaN equal to NaN (a field's "unknown" value). */
  private static void assertSameFields(String message, Object is, Object should) {
    assertThat(is).as(message).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class)
        .withComparatorForType(Float::compare, Float.class)
        .isEqualTo(should);
  }

  protected abstract HandWrittenSerializer<T> serializer();

  @Override
  protected TypeSerializer<T> createSerializer() {
    return serializer();
  }

  @Override
  protected int getLength() {
    return -1;
  }

  @Override
  protected Class<T> getTypeClass() {
    return serializer().type();
  }

  @Override
  @SuppressWarnings("unchecked")
  protected T[] getTestData() {
    Class<T> type = getTypeClass();
    T[] data = (T[]) Array.newInstance(type, 5);
    data[0] = serializer().createInstance();
    data[1] = filled(type, new Random(1), true);
    for (int i = 2; i < data.length; i++) {
      data[i] = filled(type, new Random(i), false);
    }
    return data;
  }

  @Override
  protected void deepEquals(String message, T should, T is) {
    assertSameFields(message, is, should);
  }

  @Test
  void everyFieldComesBack() throws Exception {
    HandWrittenSerializer<T> serializer = serializer();
    Class<T> type = serializer.type();
    T filled = filled(type, new Random(42), false);
    for (Field field : Layout.fields(type)) {
      T one = serializer.createInstance();
      field.setAccessible(true);
      field.set(one, field.get(filled));
      assertThat(field.get(one)).as(field.getName() + " is filled with something other than its default")
          .usingRecursiveComparison().isNotEqualTo(field.get(serializer.createInstance()));
      DataOutputSerializer out = new DataOutputSerializer(64);
      serializer.serialize(one, out);
      T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertSameFields(type.getSimpleName() + "." + field.getName() + " after a round trip", back, one);
    }
  }

  @Test
  void theCurrentVersionDeclaresTheClassAsItIs() {
    // A snapshot records layout(version()): anything but the class's fields would let state of
    // another layout restore as is.
    assertThat(serializer().layout(serializer().version())).isEqualTo(Layout.of(getTypeClass()));
  }

  @Test
  void flinkUsesTheHandWrittenSerializer() {
    TypeInformation<T> info = TypeInformation.of(getTypeClass());
    assertThat(info).isInstanceOf(HandWrittenTypeInfo.class);
    assertThat(info.createSerializer(new SerializerConfigImpl())).isEqualTo(serializer());
  }

  /** An instance with every field set to a value other than its default (references null when {@code nulls}). */
  public static <V> V filled(Class<V> type, Random random, boolean nulls) {
    try {
      V value = type.getDeclaredConstructor().newInstance();
      for (Field f : Layout.fields(type)) {
        f.setAccessible(true);
        if (nulls && !f.getType().isPrimitive()) {
          f.set(value, null);
        } else {
          f.set(value, any(f.getType(), random));
        }
      }
      return value;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName(), e);
    }
  }

  private static Object any(Class<?> t, Random r) {
    if (t == long.class) {
      return r.nextLong() | 1;
    } else if (t == int.class) {
      return r.nextInt() | 1;
    } else if (t == byte.class) {
      return (byte) (r.nextInt(127) + 1);
    } else if (t == char.class) {
      return (char) (r.nextInt(60_000) + 1);
    } else if (t == short.class) {
      return (short) (r.nextInt(30_000) + 1);
    } else if (t == double.class) {
      return r.nextDouble() + 0.5;
    } else if (t == float.class) {
      return r.nextFloat() + 0.5f;
    } else if (t == boolean.class) {
      return true;
    } else if (t == String.class) {
      return "v" + r.nextInt(1_000_000) + "\u00e9\u4e2d";
    } else if (t.isArray()) {
      int n = 1 + r.nextInt(4);
      Object a = Array.newInstance(t.getComponentType(), n);
      for (int i = 0; i < n; i++) {
        Array.set(a, i, any(t.getComponentType(), r));
      }
      return a;
    }
    return filled(t, r, false);
  }
}
