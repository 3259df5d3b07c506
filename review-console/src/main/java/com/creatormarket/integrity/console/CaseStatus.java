package com.creatormarket.integrity.console;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Where a case stands, as far as the pipeline's outputs and the decisions on it tell. */
public enum CaseStatus {
  /** At REVIEW, nobody decided yet (an escalation keeps it open). */
  OPEN("open"),
  /** At ENFORCE: the enforcement job's penalty is still to come. */
  ENFORCING("enforcing"),
  /** A reviewer confirmed it; the enforcement job's penalty is still to come. */
  CONFIRMED("confirmed, awaiting enforcement"),
  /** The enforcement job penalised it (auto-enforced or confirmed). */
  ENFORCED("enforced"),
  /** Its penalty was reversed (dismissed after enforcement, or an appeal upheld). */
  REVERSED("penalty reversed"),
  DISMISSED("dismissed"),
  /** No decision before the review deadline: closed without penalty by the enforcement job. */
  DEFAULTED("closed by default"),
  /** RECORD_ONLY: noted, nobody is asked. */
  RECORDED("recorded only");

  private final String label;

  CaseStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Whether a reviewer can still confirm, dismiss or escalate it. */
  public boolean open() {
    return this == OPEN;
  }

  /** The status of one case; decisions the enforcement job rejected do not count. */
  static CaseStatus of(Handle h, String caseId) {
    Map<String, Object> c = h.createQuery("SELECT level, max_level FROM cases WHERE case_id = :c")
        .bind("c", caseId).mapToMap().findOne().orElse(null);
    if (c == null) {
      return null;
    }
    List<String> penalties = h.createQuery("SELECT penalty_id FROM penalties WHERE cause_id = :c")
        .bind("c", caseId).mapTo(String.class).list();
    if (!penalties.isEmpty()) {
      boolean reversed = h.createQuery("SELECT COUNT(*) FROM penalty_reversals WHERE penalty_id IN (<ids>)")
          .bindList("ids", penalties).mapTo(Long.class).one() > 0;
      return reversed ? REVERSED : ENFORCED;
    }
    if (h.createQuery("SELECT COUNT(*) FROM review_deadlines WHERE case_id = :c AND kind = 'DEFAULT_APPLIED'")
        .bind("c", caseId).mapTo(Long.class).one() > 0) {
      return DEFAULTED;
    }
    String closing = h.createQuery("SELECT outcome FROM decisions d WHERE case_id = :c AND outcome IN ('CONFIRM', 'DISMISS')"
            + " AND NOT " + Decisions.REJECTED_SQL + " ORDER BY decided_at DESC")
        .bind("c", caseId).mapTo(String.class).findFirst().orElse(null);
    if ("CONFIRM".equals(closing)) {
      return CONFIRMED;
    }
    if ("DISMISS".equals(closing)) {
      return DISMISSED;
    }
    String level = (String) c.get("level");
    if ("ENFORCE".equals(level)) {
      return ENFORCING;
    }
    return "REVIEW".equals(level) || "REVIEW".equals(c.get("max_level")) ? OPEN : RECORDED;
  }

  /** SQL condition on a {@code cases c} row: the case is open (same rule as {@link #of}). */
  static final String OPEN_SQL = "c.level <> 'ENFORCE' AND (c.level = 'REVIEW' OR c.max_level = 'REVIEW')"
      + " AND NOT EXISTS (SELECT 1 FROM penalties p WHERE p.cause_id = c.case_id)"
      + " AND NOT EXISTS (SELECT 1 FROM review_deadlines rd WHERE rd.case_id = c.case_id AND rd.kind = 'DEFAULT_APPLIED')"
      + " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.case_id = c.case_id AND d.outcome IN ('CONFIRM', 'DISMISS')"
      + " AND NOT " + Decisions.REJECTED_SQL + ")";
}
