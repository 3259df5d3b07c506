package com.creatormarket.integrity.common.serializers;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.InstantiationUtil;

/**
 * Type information whose serializer is a {@link HandWrittenSerializer}. A class names it through
 * {@code @TypeInfo(SomeSerializer.Factory.class)}, so records, state descriptors and
 * {@code returns(SomeClass.class)} all pick the hand-written serializer up.
 */
public final class HandWrittenTypeInfo<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final Class<? extends HandWrittenSerializer<T>> serializer;

  public HandWrittenTypeInfo(Class<T> type, Class<? extends HandWrittenSerializer<T>> serializer) {
    this.type = type;
    this.serializer = serializer;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return InstantiationUtil.instantiate(serializer);
  }

  @Override
  public String toString() {
    return type.getSimpleName() + "(" + serializer.getSimpleName() + ")";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof HandWrittenTypeInfo<?> other && other.type == type && other.serializer == serializer;
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + serializer.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof HandWrittenTypeInfo;
  }
}
