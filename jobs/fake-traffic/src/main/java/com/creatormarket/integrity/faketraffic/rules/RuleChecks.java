package com.creatormarket.integrity.faketraffic.rules;

import static com.creatormarket.integrity.common.checks.Fields.blank;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.io.RecordCheck;
import com.creatormarket.integrity.common.io.Rejection;

/**
 * What a rule must be on its own, checked at the door (the rules source), where a dead letter still
 * knows the rule's partition and offset: who made it, a version from 1, a key that may change at
 * run time and a value that key accepts. Whether it fits the rules already taken (version order,
 * the score levels' order, its time ahead of the job's) is the {@link RuleGate}'s to judge.
 */
public final class RuleChecks {

  private RuleChecks() {}

  public static RecordCheck<DetectionRule> door() {
    return RuleChecks::problem;
  }

  public static Rejection problem(DetectionRule r) {
    if (blank(r.getSettingKey()) || blank(r.getChangedBy())) {
      return Rejection.of("blank-field", "detection rule without settingKey or changedBy");
    }
    if (r.getVersion() < 1) {
      return Rejection.of("bad-version", "rule-set version " + r.getVersion() + "; versions start at 1");
    }
    if (r.getSettingKey().equals(RunTimeKnobs.PROMOTE) || r.getSettingKey().equals(RunTimeKnobs.DROP)) {
      return "true".equals(r.getValue()) ? null
          : Rejection.of("invalid-value", "'" + r.getSettingKey() + "' takes the value 'true', not '" + r.getValue() + "'");
    }
    Knob<?> knob = RunTimeKnobs.knobOf(r.getSettingKey());
    if (knob == null) {
      return Rejection.of("not-changeable", "'" + r.getSettingKey() + "' is not a knob the job can change while it runs;"
          + " changeable: the signal.*, score.* and case.* keys of the job README's run-time table, each also as candidate.<key>,"
          + " and candidate.promote, candidate.drop");
    }
    try {
      knob.parse(r.getValue(), "detection rule version " + r.getVersion());
    } catch (InvalidConfigException e) {
      return Rejection.of("invalid-value", e.getMessage());
    }
    return null;
  }
}
