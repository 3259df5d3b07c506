package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.avro.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** A triaged input: the usable records, with event-time timestamps, and what was set aside. */
public record Input<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {}
