package com.creatormarket.integrity.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through that makes the job fail on purpose: once a checkpoint has completed since the
 * task started and some records have passed since, it throws, up to a set number of times per test
 * run. The counters live in the JVM (MiniCluster), so a restarted task sees how many failures already happened.
 * While a failure is still due and no checkpoint has completed since the task started, it slows
 * each record by a few milliseconds: a small bounded input would otherwise be read to its end
 * before the first checkpoint, and the failure would never come (the test then failed by timing).
 */
public final class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {

  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

  private final String name;
  private final int maxFailures;
  private final long recordsAfterCheckpoint;

  private transient boolean checkpointDone;
  private transient long seenSinceCheckpoint;

  /** @param recordsAfterCheckpoint how many records this subtask lets through after its first completed checkpoint before it fails */
  public FailureInjector(String name, int maxFailures, long recordsAfterCheckpoint) {
    this.name = name;
    this.maxFailures = maxFailures;
    this.recordsAfterCheckpoint = recordsAfterCheckpoint;
  }

  public static int failuresSoFar(String name) {
    return FAILURES.getOrDefault(name, new AtomicInteger()).get();
  }

  @Override
  public void open(OpenContext openContext) {
    checkpointDone = false;
    seenSinceCheckpoint = 0;
  }

  @Override
  public T map(T value) throws InterruptedException {
    if (!checkpointDone && FAILURES.computeIfAbsent(name, n -> new AtomicInteger()).get() < maxFailures) {
      Thread.sleep(5); // between records the task still takes checkpoint barriers and completions
    }
    if (checkpointDone && ++seenSinceCheckpoint >= recordsAfterCheckpoint) {
      // Parallel subtasks race for the last failure: only one may take it, and the count never passes the maximum.
      AtomicInteger failures = FAILURES.computeIfAbsent(name, n -> new AtomicInteger());
      int before;
      do {
        before = failures.get();
        if (before >= maxFailures) {
          return value;
        }
      } while (!failures.compareAndSet(before, before + 1));
      throw new InjectedFailure("injected failure #" + (before + 1) + " of " + name);
    }
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    // Counted from the first checkpoint only: a sparse output (a few records per interval) must still reach its
    // count, or whether the failure comes at all would depend on how records fall between checkpoints.
    if (!checkpointDone) {
      checkpointDone = true;
      seenSinceCheckpoint = 0;
    }
  }

  /** Thrown on purpose; a test that sees it in a job's final failure knows restarts ran out. */
  public static final class InjectedFailure extends RuntimeException {
    InjectedFailure(String message) {
      super(message);
    }
  }
}
