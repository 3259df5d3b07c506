package com.creatormarket.integrity.faketraffic.rules;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.common.rules.RuleSets;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The run-time rules a job has accepted, on top of its start-up settings, and the settings in force
 * at any event time: the start-up settings with every accepted rule whose {@code effectiveFrom} is
 * at or before that time, applied in version order. The rule-set version at a time is the highest
 * version among those rules (0: the start-up settings alone). Since a rule counts from its event
 * time and never from its arrival, a replay of the same input and rules decides the same.
 *
 * <p>Shadow mode: rules on {@code candidate.<knob>} build a candidate rule set (the live one with
 * their values) that the video stage runs beside the live one, writing what it would decide to
 * shadow-cases; {@code candidate.promote} makes it live in one change, {@code candidate.drop} ends it.
 *
 * <p>A rule is accepted only when it passes {@link RuleChecks} (a key that may change at run time,
 * a value valid for the knob), its value leaves the settings consistent at its own time and at every later
 * rule's, its version is above every accepted one, and its time is still ahead of the job's event
 * time; otherwise {@link #rejection} says why, and the settings stay as they were.
 */
public final class RuleHistory implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * What a bucket is judged with: the live rule set and, while one is being tried, the candidate's
   * (shadow mode; null when none), with the version of the candidate's first rule (its epoch: a new
   * candidate after a promotion or a drop starts from nothing).
   */
  public record RuleSet(long version, DetectionSettings settings, RuleSet candidate, long candidateEpoch) implements Serializable {}

  private final DetectionSettings startUp;
  private final TreeMap<Long, DetectionRule> byVersion = new TreeMap<>();
  /** Settings by the versions in force, built once each. */
  private transient Map<List<Long>, RuleSet> built;

  public RuleHistory(DetectionSettings startUp) {
    this.startUp = Objects.requireNonNull(startUp);
  }

  public RuleHistory(DetectionSettings startUp, Collection<DetectionRule> accepted) {
    this(startUp);
    accepted.forEach(this::accept);
  }

  public DetectionSettings startUp() {
    return startUp;
  }

  /** Accepted rules, oldest version first. */
  public List<DetectionRule> rules() {
    return List.copyOf(byVersion.values());
  }

  /** The highest version accepted, 0 when none. */
  public long latestVersion() {
    return byVersion.isEmpty() ? 0 : byVersion.lastKey();
  }

  /** Whether this very rule (same version and content) was accepted already: a re-read, not a change. */
  public boolean knows(DetectionRule rule) {
    return rule.equals(byVersion.get(rule.getVersion()));
  }

  /**
   * Why the rule cannot be accepted with the job's event time at {@code now} (the watermark it
   * would be judged against), or null when it can.
   */
  public Rejection rejection(DetectionRule rule, long now) {
    Rejection own = RuleChecks.problem(rule);
    if (own != null) {
      return own;
    }
    DetectionRule taken = byVersion.get(rule.getVersion());
    if (taken != null) {
      return Rejection.of("version-taken", "version " + rule.getVersion() + " already set '" + taken.getSettingKey() + "' to '"
          + taken.getValue() + "'");
    }
    if (rule.getVersion() <= latestVersion()) {
      return Rejection.of("stale-version", "version " + rule.getVersion() + " is not above the rule set's version " + latestVersion());
    }
    long from = rule.getEffectiveFrom().toEpochMilli();
    try {
      // The new value must hold with the rules in force at its time and with every later one.
      RuleHistory trial = copy();
      trial.byVersion.put(rule.getVersion(), rule);
      TreeSet<Long> times = new TreeSet<>();
      times.add(from);
      for (DetectionRule r : byVersion.values()) {
        long t = r.getEffectiveFrom().toEpochMilli();
        if (t > from) {
          times.add(t);
        }
      }
      for (long t : times) {
        trial.at(t);
      }
    } catch (InvalidConfigException e) {
      return Rejection.of("invalid-value", e.getMessage());
    }
    // Last: whether a rule comes too late depends on when it is read; what is wrong with it does not.
    if (from <= now) {
      return Rejection.of("late", "effective from " + rule.getEffectiveFrom() + ", but the job's event time is already "
          + Instant.ofEpochMilli(now) + ": it would reach back to buckets already judged");
    }
    return null;
  }

  /** Adds a rule {@link #rejection} let through (or one read back from state). */
  public void accept(DetectionRule rule) {
    byVersion.put(rule.getVersion(), rule);
    built = null;
  }

  /** The rule set in force at an event time. */
  public RuleSet at(long eventTime) {
    return builtFor(byVersion.isEmpty() ? List.of() : inForce(eventTime).stream().map(DetectionRule::getVersion).toList());
  }

  /** The live values the rules set in force at an event time, by key (keys no rule set keep their start-up value). */
  public Map<String, String> overridesAt(long eventTime) {
    return valuesAt(eventTime).live();
  }

  /** The candidate's own values in force at an event time (empty: no candidate). */
  public Map<String, String> candidateAt(long eventTime) {
    return valuesAt(eventTime).candidate();
  }

  private RuleSets.Values valuesAt(long eventTime) {
    return RuleSets.apply(inForce(eventTime));
  }

  /** The accepted rules whose time has come, in version order. */
  private List<DetectionRule> inForce(long eventTime) {
    List<DetectionRule> inForce = new ArrayList<>(byVersion.size());
    for (DetectionRule r : byVersion.values()) {
      if (r.getEffectiveFrom().toEpochMilli() <= eventTime) {
        inForce.add(r);
      }
    }
    return inForce;
  }

  private RuleSet builtFor(List<Long> versions) {
    if (built == null) {
      built = new HashMap<>();
    }
    RuleSet set = built.get(versions);
    if (set == null) {
      RuleSets.Values v = RuleSets.apply(versions.stream().map(byVersion::get).toList());
      DetectionSettings live = v.live().isEmpty() ? startUp : startUp.with(v.live());
      RuleSet candidate = null;
      if (!v.candidate().isEmpty()) {
        Map<String, String> both = new LinkedHashMap<>(v.live());
        both.putAll(v.candidate());
        candidate = new RuleSet(v.candidateVersion(), startUp.with(both), null, 0);
      }
      set = new RuleSet(v.liveVersion(), live, candidate, v.candidateEpoch());
      built.put(List.copyOf(versions), set);
    }
    return set;
  }

  private RuleHistory copy() {
    RuleHistory c = new RuleHistory(startUp);
    c.byVersion.putAll(byVersion);
    return c;
  }
}
