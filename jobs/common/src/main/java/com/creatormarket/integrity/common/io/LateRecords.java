package com.creatormarket.integrity.common.io;

/**
 * What the input triage does with a record further behind the watermark than
 * {@code source.allowed-lateness}. Either way it is counted ({@code lateRecords}).
 */
public enum LateRecords {
  /** Set aside as a LATE dead letter (reason code {@code late}): the default of every job. */
  DEAD_LETTER,
  /**
   * Passed on like any other record, for a job whose stages take a record behind their watermark
   * by a rule of their own (enforcement: facts about money are never dropped for arriving slowly).
   */
  GO_ON
}
