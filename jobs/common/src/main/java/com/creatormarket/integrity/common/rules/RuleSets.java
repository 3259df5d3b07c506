package com.creatormarket.integrity.common.rules;

import com.creatormarket.integrity.avro.DetectionRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sequence of run-time detection rules (topic detection-rules) sets, applied in version
 * order: a knob's key sets the live value; {@code candidate.<knob>} the candidate rule set's value
 * (shadow mode); {@code candidate.promote} makes the candidate's values live and ends the
 * candidate; {@code candidate.drop} ends it. The fake-traffic job judges with this; the review
 * console shows it. No Flink here: the console reads it too.
 */
public final class RuleSets {

  /** Prefix of a knob's key in a rule that sets the candidate's value, e.g. {@code candidate.score.review}. */
  public static final String CANDIDATE = "candidate.";
  /** A rule that makes the candidate's values live, in one change. */
  public static final String PROMOTE = "candidate.promote";
  /** A rule that ends the candidate without promoting it. */
  public static final String DROP = "candidate.drop";

  private RuleSets() {}

  /**
   * The values set: live and candidate knob values by key, the live rule-set version (the last rule
   * that changed live values, 0: none), the candidate's newest rule version and its first (its epoch:
   * a candidate after a promotion or a drop starts afresh); candidate values empty when none is tried.
   */
  public record Values(Map<String, String> live, Map<String, String> candidate, long liveVersion, long candidateVersion, long candidateEpoch) {}

  /** @param rules accepted rules in force, in version order */
  public static Values apply(Iterable<DetectionRule> rules) {
    Map<String, String> live = new LinkedHashMap<>();
    Map<String, String> candidate = new LinkedHashMap<>();
    long liveVersion = 0;
    long candidateVersion = 0;
    long epoch = 0;
    for (DetectionRule r : rules) {
      String key = r.getSettingKey();
      long version = r.getVersion();
      if (key.equals(PROMOTE)) {
        live.putAll(candidate);
        candidate.clear();
        liveVersion = version;
      } else if (key.equals(DROP)) {
        candidate.clear();
      } else if (key.startsWith(CANDIDATE)) {
        if (candidate.isEmpty()) {
          epoch = version;
        }
        candidate.put(key.substring(CANDIDATE.length()), r.getValue());
        candidateVersion = version;
      } else {
        live.put(key, r.getValue());
        liveVersion = version;
      }
    }
    return new Values(live, candidate, liveVersion, candidate.isEmpty() ? 0 : Math.max(liveVersion, candidateVersion),
        candidate.isEmpty() ? 0 : epoch);
  }
}
