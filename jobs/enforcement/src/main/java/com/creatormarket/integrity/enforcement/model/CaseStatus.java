package com.creatormarket.integrity.enforcement.model;

/** Where a flagged case stands in the review flow. */
public enum CaseStatus {
  /** Known, not acted on: waiting for a reviewer (REVIEW) or kept for analysis (RECORD_ONLY). */
  OPEN,
  /** Closed with consequences: level ENFORCE, or a reviewer confirmed it. */
  ENFORCED,
  /** Closed without consequence by a reviewer. */
  DISMISSED,
  /** Closed without consequence by the review deadline's default: nobody decided within review.default-after. */
  CLOSED_BY_DEFAULT;

  public boolean closed() {
    return this != OPEN;
  }
}
