package com.creatormarket.integrity.common.io;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source whose every assigned partition holds back the watermark from the moment it is assigned,
 * not from its first record. Flink's split readers create a partition's watermark output lazily,
 * when its first record is emitted; until then the partition does not count, so the watermark
 * follows whichever partitions the consumer happened to fetch first, and records of the others turn
 * up behind it. Which ones depends on fetch timing (at start, after a restart, after a rebalance):
 * outputs would then depend on timing too. This wrapper creates each partition's output as soon
 * as the partition is assigned, and emits on it an assignment notice before any record, which
 * tells the triage which partitions its watermark speaks for ({@link TriageOperator}). Everything
 * else is the wrapped source's, state included.
 */
final class EveryPartitionHoldsTime<T, S extends SourceSplit, E> implements Source<T, S, E>, ResultTypeQueryable<T> {

  private static final long serialVersionUID = 1L;

  private final Source<T, S, E> source;
  private final TypeInformation<T> type;
  private final AssignmentNotice<T> notice;

  /** The record a reader emits, first thing, for a split it has been given (from the split id). */
  @FunctionalInterface
  interface AssignmentNotice<T> extends java.io.Serializable {
    T of(String splitId);
  }

  EveryPartitionHoldsTime(Source<T, S, E> source, TypeInformation<T> type, AssignmentNotice<T> notice) {
    this.source = source;
    this.type = type;
    this.notice = notice;
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
    return new Reader<>(source.createReader(context), notice);
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
    return source.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  /**
   * Creates the watermark output of every split it is given before the wrapped reader emits
   * anything, and emits the split's assignment notice first on it.
   */
  static final class Reader<T, S extends SourceSplit> implements SourceReader<T, S> {
    private final SourceReader<T, S> reader;
    private final AssignmentNotice<T> notice;
    /** Splits added but without their output yet (addSplits and pollNext run on the same task thread). */
    private final List<String> withoutOutput = new ArrayList<>();
    /** Splits whose notice is still to be emitted, from the next pollNext (records are emitted only there). */
    private final List<String> noticeDue = new ArrayList<>();
    private ReaderOutput<T> output;

    Reader(SourceReader<T, S> reader, AssignmentNotice<T> notice) {
      this.reader = reader;
      this.notice = notice;
    }

    @Override
    public void start() {
      reader.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> out) throws Exception {
      output = out;
      createOutputs();
      if (!noticeDue.isEmpty()) {
        noticeDue.forEach(id -> out.createOutputForSplit(id).collect(notice.of(id)));
        noticeDue.clear();
      }
      return reader.pollNext(out);
    }

    @Override
    public void addSplits(List<S> splits) {
      splits.forEach(s -> withoutOutput.add(s.splitId()));
      splits.forEach(s -> noticeDue.add(s.splitId()));
      if (output != null) {
        createOutputs();
      }
      reader.addSplits(splits);
    }

    private void createOutputs() {
      // The wrapped reader later asks for the same split's output and gets this one.
      withoutOutput.forEach(output::createOutputForSplit);
      withoutOutput.clear();
    }

    @Override
    public List<S> snapshotState(long checkpointId) {
      return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      // A notice is due even for a partition with nothing to read.
      return noticeDue.isEmpty() ? reader.isAvailable() : CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyNoMoreSplits() {
      reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
      reader.handleSourceEvents(sourceEvent);
    }

    @Override
    public void pauseOrResumeSplits(java.util.Collection<String> splitsToPause, java.util.Collection<String> splitsToResume) {
      reader.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
      reader.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
      reader.close();
    }
  }
}
