package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.InvalidCounts;
import com.creatormarket.integrity.faketraffic.model.Kinds;
import com.creatormarket.integrity.faketraffic.model.Sketches;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Decides how many of a partial's events are invalid, by the signals firing now: per flag
 * combination, the events a fired signal invalidates ({@link RiskScore#invalidates}); for the
 * concentration signals, the partial's share of events from the devices and prefixes that made
 * them fire (a sketch estimate), whichever is larger.
 */
public final class InvalidEvents {

  private final DetectionSettings settings;

  public InvalidEvents(DetectionSettings settings) {
    this.settings = settings;
  }

  public InvalidCounts of(VideoState st, VideoPartial p, SignalReading[] readings) {
    DetectionSettings s = settings;
    long invalidViews = 0;
    long invalidWatch = 0;
    long invalidLikes = 0;
    long invalidFollows = 0;
    for (int k = 0; k < p.masks.length; k++) {
      int m = p.masks[k];
      boolean view = false;
      boolean like = false;
      boolean follow = false;
      for (int i = 0; i < RiskScore.COUNT; i++) {
        if (readings[i].fired()) {
          view |= RiskScore.invalidates(i, m, Kinds.VIEW);
          like |= RiskScore.invalidates(i, m, Kinds.LIKE);
          follow |= RiskScore.invalidates(i, m, Kinds.FOLLOW);
        }
      }
      if (view) {
        invalidViews += p.maskViews[k];
        invalidWatch += p.maskWatch[k];
      }
      if (like) {
        invalidLikes += p.maskLikes[k];
      }
      if (follow) {
        invalidFollows += p.maskFollows[k];
      }
    }
    // Concentration: this partial's events from the devices and prefixes that made the signal fire.
    long concentrated = 0;
    if (readings[RiskScore.DEVICES].fired()) {
      List<String> heavy = Sketches.heavy(st.epochDevices, s.concentrationTopK, s.deviceMinItemEvents);
      concentrated = Math.max(concentrated, Sketches.countOf(p.devices, distinct(heavy)));
    }
    if (readings[RiskScore.PREFIXES].fired()) {
      List<String> heavy = Sketches.heavy(st.epochPrefixes, s.concentrationTopK, s.prefixMinItemEvents);
      heavy.addAll(Sketches.heavy(st.prefixes, s.concentrationTopK, s.prefixMinItemEvents));
      concentrated = Math.max(concentrated, Sketches.countOf(p.prefixes, distinct(heavy)));
    }
    if (concentrated > 0 && p.events > 0) {
      double share = Math.min(1.0, (double) concentrated / p.events);
      long views = Math.round(share * p.views);
      if (views > invalidViews) {
        invalidWatch = Math.round(share * p.watchMillis);
        invalidViews = views;
      }
      invalidLikes = Math.max(invalidLikes, Math.round(share * p.likes));
      invalidFollows = Math.max(invalidFollows, Math.round(share * p.follows));
    }
    return new InvalidCounts(invalidViews, invalidWatch, invalidLikes, invalidFollows);
  }

  private static List<String> distinct(List<String> keys) {
    return new ArrayList<>(new LinkedHashSet<>(keys));
  }
}
