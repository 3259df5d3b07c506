package com.creatormarket.integrity.drill;

import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.Topic;
import java.util.List;

/**
 * One bad record for an input topic, and the dead letter it must become: every job that reads the
 * topic sets it aside as {@code kind} with a reason starting {@code code:}.
 *
 * @param topic the input topic (catalog entry; the prefix is added when it is written)
 * @param label what is wrong with it, e.g. {@code truncated} or {@code rule:negative-watch-time}
 * @param key key bytes, or null
 * @param value value bytes, or null (a tombstone)
 */
public record PoisonRecord(Topic<?> topic, String label, byte[] key, byte[] value, DeadLetterKind kind, String code) {

  /** The jobs that must each write a dead letter for it. */
  public List<String> readers() {
    return InputReaders.of(topic);
  }

  @Override
  public String toString() {
    return topic.name() + " " + label + " (key " + (key == null ? "null" : key.length + " bytes") + ", value "
        + (value == null ? "null" : value.length + " bytes") + ") -> " + kind + " " + code;
  }
}
