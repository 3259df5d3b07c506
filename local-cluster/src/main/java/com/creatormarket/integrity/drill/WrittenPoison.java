package com.creatormarket.integrity.drill;

/**
 * A bad record as the broker acknowledged it: where it is, so its dead letters can be found by
 * their topic, partition and offset.
 */
public record WrittenPoison(PoisonRecord record, String topicName, int partition, long offset) {

  @Override
  public String toString() {
    return topicName + "[" + partition + "]@" + offset + " " + record.label() + " -> " + record.kind() + " " + record.code();
  }
}
