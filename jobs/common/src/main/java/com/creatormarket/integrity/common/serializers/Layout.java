package com.creatormarket.integrity.common.serializers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** A class's instance fields, names and types in declaration order: what a hand-written serializer writes. */
public final class Layout {

  private Layout() {}

  public static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
        fields.add(f);
      }
    }
    return fields;
  }

  /** E.g. {@code "videoId:java.lang.String,slots:[I"}. */
  public static String of(Class<?> type) {
    StringBuilder b = new StringBuilder();
    for (Field f : fields(type)) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(f.getName()).append(':').append(f.getType().getName());
    }
    return b.toString();
  }
}
