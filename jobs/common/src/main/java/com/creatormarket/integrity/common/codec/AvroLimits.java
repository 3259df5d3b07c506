package com.creatormarket.integrity.common.codec;

import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;

/**
 * Avro's own limits on the lengths a record may claim, set for every JVM that decodes our input.
 * Without them, an 18-byte record whose first string claims 1.9 GB makes the decoder allocate
 * that much and the job dies with an OutOfMemoryError; with them, the decoder throws a
 * {@link SystemLimitException}, which the codec reports as an unreadable record.
 *
 * <p>No record on our topics is near these sizes (the largest, a flagged case, is a few KB), and a
 * value can never hold a string longer than its own bytes: 8 MiB is far above both and far below
 * what a TaskManager's heap would miss. A JVM started with the properties set (the cluster and the
 * tests do, {@code -Dorg.apache.avro.limits...}) keeps its values.
 */
public final class AvroLimits {

  /** Longest string or bytes field, in bytes, and most items in one array or map. */
  public static final int MAX_LENGTH = 8 * 1024 * 1024;

  private static final String[] PROPERTIES = {
      SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
      SystemLimitException.MAX_BYTES_LENGTH_PROPERTY,
      SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY};

  private static volatile boolean installed;

  private AvroLimits() {}

  /** Sets the limits unless the JVM was started with them, and makes Avro read them now. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    for (String property : PROPERTIES) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, Integer.toString(MAX_LENGTH));
      }
    }
    // Avro reads the properties once, when SystemLimitException is first loaded; something may
    // have loaded it before us (Flink's Avro serializer restoring state), so make it read them again.
    try {
      Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
      reset.setAccessible(true);
      reset.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot apply Avro's decoding limits: " + e, e);
    }
    installed = true;
  }
}
