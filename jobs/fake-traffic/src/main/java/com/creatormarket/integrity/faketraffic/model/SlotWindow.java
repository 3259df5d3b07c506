package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoState.*;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.signals.Concentration;
import com.creatormarket.integrity.faketraffic.signals.SustainedLift;
import java.util.Arrays;

/**
 * Decides which slot of a video's sliding window a partial's counts go into, and what the video's
 * baselines learn: a ring of {@code signal.slots} per-slot counts ({@link VideoState#slots}); a
 * slot that leaves the window teaches the EWMA baselines (half-life {@code signal.baseline-half-life})
 * unless a signal fired while it was the newest. Reads and writes only the window and baseline
 * fields of the state.
 */
public final class SlotWindow {

  private final int slots;
  private final long slotMillis;
  private final double alpha;
  private final double extremePrior;
  private final double freshPrior;
  private final DetectionSettings settings;

  public SlotWindow(DetectionSettings s) {
    this.slots = s.slots;
    this.slotMillis = s.slotMillis;
    this.alpha = 1 - Math.pow(0.5, (double) s.slotMillis / s.baselineHalfLifeMillis);
    this.extremePrior = s.watchShapeBaselinePrior;
    this.freshPrior = s.freshPrior;
    this.settings = s;
  }

  /**
   * Moves the window to the bucket's slot (slots that leave it teach the baselines, slots without
   * traffic decay the rate baselines); returns the slot's position, or -1 when it is older than the window.
   */
  public int advance(VideoState st, long bucketStart) {
    int n = slots;
    long idx = Math.floorDiv(bucketStart, slotMillis);
    if (st.newestSlot == Long.MIN_VALUE) {
      st.newestSlot = idx;
      return (int) Math.floorMod(idx, n);
    }
    if (idx <= st.newestSlot) {
      return idx > st.newestSlot - n ? (int) Math.floorMod(idx, n) : -1;
    }
    long steps = idx - st.newestSlot;
    for (long k = 1; k <= Math.min(steps, n); k++) {
      int pos = (int) Math.floorMod(st.newestSlot + k, n);
      int base = pos * SLOT_FIELDS;
      // Every slot, suspect or not, feeds the sustained-lift detector (it judges against the marketplace,
      // not the video), but honest virality's: new accounts that a viral hour brought are not a drip.
      boolean burst = (st.slots[base + S_SUSPECT] & BURST) != 0;
      SustainedLift.learn(st, (st.newestSlot + k - n) * slotMillis, burst ? 0 : st.slots[base + S_EVENTS],
          burst ? 0 : st.slots[base + S_FRESH], Concentration.baseline(freshPrior, st.populationFreshShare), settings);
      // Neither a suspect slot nor honest virality's teaches the baselines: a burst taught as the video's
      // usual rate would stop being a burst within the hour, and its later hours would count as a drip.
      if (st.slots[base + S_SUSPECT] == 0) {
        learn(st, st.slots[base + S_EVENTS], st.slots[base + S_VIEWS], st.slots[base + S_LIKES],
            st.slots[base + S_EXTREME], st.slots[base + S_FRESH]);
      }
      Arrays.fill(st.slots, base, base + SLOT_FIELDS, 0);
    }
    if (steps > n) {
      // Slots without traffic: the rate baseline decays towards zero, the shares stay.
      long empty = Math.min(steps - n, 100_000);
      double keep = Math.pow(1 - alpha, empty);
      st.baseEvents *= keep;
      st.baseViews *= keep;
      st.baseLikes *= keep;
      st.baseExtreme *= keep;
      st.baseFresh *= keep;
      st.baseWeight = st.baseWeight * keep + (1 - keep);
      st.baselineSlots += (int) empty;
    }
    st.newestSlot = idx;
    return (int) Math.floorMod(idx, n);
  }

  private void learn(VideoState st, double events, double views, double likes, double extreme, double fresh) {
    st.baseEvents = (1 - alpha) * st.baseEvents + alpha * events;
    st.baseViews = (1 - alpha) * st.baseViews + alpha * views;
    st.baseLikes = (1 - alpha) * st.baseLikes + alpha * likes;
    st.baseExtreme = (1 - alpha) * st.baseExtreme + alpha * extreme;
    st.baseFresh = (1 - alpha) * st.baseFresh + alpha * fresh;
    st.baseWeight = (1 - alpha) * st.baseWeight + alpha;
    st.baselineSlots++;
  }

  /** Adds a partial's counts, and its counts per flag combination, to the slot at {@code slot}. */
  public void add(VideoState st, int slot, VideoPartial p) {
    int b = slot * SLOT_FIELDS;
    int[] x = st.slots;
    x[b + S_EVENTS] += (int) p.events;
    x[b + S_VIEWS] += (int) p.views;
    x[b + S_LIKES] += (int) p.likes;
    x[b + S_FOLLOWS] += (int) p.follows;
    x[b + S_REGULAR] += (int) p.regularViews;
    x[b + S_FRESH] += (int) p.freshEvents;
    x[b + S_SHARED] += (int) p.sharedDeviceEvents;
    for (int i = 0; i < p.masks.length; i++) {
      int m = p.masks[i];
      long v = p.maskViews[i];
      if (Flags.has(m, Flags.EXTREME_WATCH)) {
        x[b + S_EXTREME] += (int) v;
        if (Flags.has(m, Flags.FRESH)) {
          x[b + S_FRESH_EXTREME] += (int) v;
        }
      }
      if (Flags.has(m, Flags.REPEAT)) {
        x[b + S_REPEAT] += (int) v;
      }
      if (Flags.has(m, Flags.NO_VIEW)) {
        x[b + S_NO_VIEW_LIKES] += (int) p.maskLikes[i];
        x[b + S_NO_VIEW_FOLLOWS] += (int) p.maskFollows[i];
      }
    }
  }

  /** Marks the slot as suspect: a signal fired while it was the newest, so it will not teach the baselines. */
  public void markSuspect(VideoState st, int slot) {
    st.slots[slot * SLOT_FIELDS + S_SUSPECT] |= SUSPECT;
  }

  /** Marks the slot as honest virality's (the window held a burst that likes as usual while it was the newest): the drip detector leaves it out. */
  public void markBurst(VideoState st, int slot) {
    st.slots[slot * SLOT_FIELDS + S_SUSPECT] |= BURST;
  }

  /** Writes the window's sums and the baselines (rate per window, like rate, extreme and fresh shares) into {@code w}. */
  public void fill(VideoState st, VideoWindow w) {
    long[] sum = new long[SLOT_FIELDS];
    for (int slot = 0; slot < slots; slot++) {
      for (int f = 0; f < SLOT_FIELDS; f++) {
        sum[f] += st.slots[slot * SLOT_FIELDS + f];
      }
    }
    w.events = sum[S_EVENTS];
    w.views = sum[S_VIEWS];
    w.likes = sum[S_LIKES];
    w.follows = sum[S_FOLLOWS];
    w.extremeViews = sum[S_EXTREME];
    w.regularViews = sum[S_REGULAR];
    w.freshEvents = sum[S_FRESH];
    w.freshExtremeViews = sum[S_FRESH_EXTREME];
    w.repeatViews = sum[S_REPEAT];
    w.noViewLikes = sum[S_NO_VIEW_LIKES];
    w.noViewFollows = sum[S_NO_VIEW_FOLLOWS];
    w.sharedDeviceEvents = sum[S_SHARED];

    w.baselineSlots = st.baselineSlots;
    if (st.baseWeight > 0) {
      w.baselineViews = st.baseViews / st.baseWeight * slots;
    }
    w.baselineLikeRate = st.baseViews > 0 ? st.baseLikes / st.baseViews : 0;
    // A video's own shares may only raise the bar above the priors, never lower it: an early
    // quarter-hour with few skips must not make ordinary skipping look like bots later.
    w.baselineExtremeShare = Math.max(extremePrior, st.baseViews > 0 ? st.baseExtreme / st.baseViews : 0);
    w.baselineFreshShare = Math.max(freshPrior, st.baseEvents > 0 ? st.baseFresh / st.baseEvents : 0);
  }
}
