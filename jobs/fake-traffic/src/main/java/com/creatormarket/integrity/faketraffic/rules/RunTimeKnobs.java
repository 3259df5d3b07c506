package com.creatormarket.integrity.faketraffic.rules;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.rules.RuleSets;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.signals.CampaignShape;
import com.creatormarket.integrity.faketraffic.signals.Concentration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The knobs a {@code DetectionRule} may change while the job runs: the thresholds, weights and
 * priors the video stage reads when it judges a bucket (keys {@code signal.*}, {@code score.*},
 * {@code case.*}). The others stay as the job started: they size state (window, slots, epoch, shape
 * hours, top-k), or belong to a stage before the video stage (account, device, lockstep bands,
 * pre-aggregation), which does not read the rules.
 */
public final class RunTimeKnobs {

  private RunTimeKnobs() {}

  private static final Set<String> FIXED = Set.of(
      FakeTrafficOptions.WINDOW.key(), FakeTrafficOptions.SLOTS.key(), FakeTrafficOptions.EPOCH.key(),
      FakeTrafficOptions.BASELINE_HALF_LIFE.key(), CampaignShape.HOURS.key(), CampaignShape.WARM_UP.key(),
      Concentration.TOP_K.key());

  /** Changeable knobs by key, in the order of the job's knobs table. */
  public static final Map<String, Knob<?>> CHANGEABLE = FakeTrafficOptions.KNOBS.stream()
      .filter(k -> k.key().startsWith("signal.") || k.key().startsWith("score.") || k.key().startsWith("case."))
      .filter(k -> !FIXED.contains(k.key()))
      .collect(Collectors.toMap(Knob::key, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));

  /** Keys of the shadow mode's rules ({@link RuleSets}). */
  public static final String CANDIDATE = RuleSets.CANDIDATE;
  public static final String PROMOTE = RuleSets.PROMOTE;
  public static final String DROP = RuleSets.DROP;

  public static boolean changeable(String key) {
    return CHANGEABLE.containsKey(key);
  }

  /** The knob a rule's key sets, live or for the candidate; null for the candidate's promote and drop, or an unknown key. */
  public static Knob<?> knobOf(String ruleKey) {
    String key = ruleKey.startsWith(CANDIDATE) ? ruleKey.substring(CANDIDATE.length()) : ruleKey;
    return CHANGEABLE.get(key);
  }

  public static List<String> keys() {
    return List.copyOf(CHANGEABLE.keySet());
  }
}
