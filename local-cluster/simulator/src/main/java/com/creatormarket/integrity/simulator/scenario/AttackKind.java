package com.creatormarket.integrity.simulator.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of fake traffic the simulator can inject, each labelled in the ground truth. */
public enum AttackKind {
  /** Bursts of views with near-zero or exactly-full watch time from fresh accounts. */
  BOT_VIEWS,
  /** Realistic watch times, but few devices and network prefixes behind many accounts. */
  CLICK_FARM,
  /** Likes mostly without a view by the same account, far above the creator's norm. */
  BOUGHT_LIKES,
  /** Follows mostly without a view by the same account, far above the creator's norm. */
  BOUGHT_FOLLOWS,
  /** One group of accounts hits the same set of commissioned videos within minutes, round after round. */
  LOCKSTEP,
  /** A purchase spread evenly over days to stay under velocity thresholds. */
  SLOW_DRIP,
  /** Farm accounts that boost the target and also engage honest videos in an ordinary way. */
  CAMOUFLAGE,
  /** Bought follows, most of them undone within days. */
  FOLLOW_AND_WITHDRAW;

  /** The spelling in scenario files, e.g. {@code bot_views}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * For {@code terminations}: how soon fake traffic of this kind is confirmed, so that the enforcement
   * job terminates the order minutes into the attack: 0 bot views, 1 bought likes or follows, 2 a click
   * farm; -1 for the kinds caught only over hours or days (never picked for a termination).
   */
  public int fastDetectionRank() {
    return switch (this) {
      case BOT_VIEWS -> 0;
      case BOUGHT_LIKES, BOUGHT_FOLLOWS -> 1;
      case CLICK_FARM -> 2;
      default -> -1;
    };
  }

  public static AttackKind fromYaml(String text) {
    for (AttackKind k : values()) {
      if (k.yamlName().equals(text)) {
        return k;
      }
    }
    return null;
  }

  public static String allowed() {
    return Arrays.stream(values()).map(AttackKind::yamlName).collect(Collectors.joining(", "));
  }
}
