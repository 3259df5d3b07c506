package com.creatormarket.integrity.console;

/** What a console user may do. */
public enum Role {
  /** Claims and decides cases, except four-eyes cases. */
  REVIEWER,
  /** A reviewer who may also decide four-eyes cases (ENFORCE level above the amount knob). */
  SENIOR_REVIEWER,
  /** Reads everything, decides nothing; sees dead letters. */
  ENGINEER;

  boolean decides() {
    return this != ENGINEER;
  }
}
