package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import org.junit.jupiter.api.Test;

/** The sliding window's slots and the baselines learned from slots that leave it. */
class SlotWindowTest {

  final DetectionSettings s = DetectionSettings.defaults(); // 6 slots of 5 min, half-life 2 h
  final SlotWindow window = new SlotWindow(s);
  final long slot = s.slotMillis;

  VideoWindow sums(VideoState st) {
    VideoWindow w = new VideoWindow();
    window.fill(st, w);
    return w;
  }

  @Test
  void countsAPartialAndEachFlagCombinationIntoItsSlot() {
    VideoState st = video();
    VideoPartial p = partial(T0, 10, 2);
    flagged(p, Flags.FRESH | Flags.EXTREME_WATCH, 4, 0, 0);
    flagged(p, Flags.EXTREME_WATCH, 3, 0, 0);
    flagged(p, Flags.REPEAT, 2, 0, 0);
    flagged(p, Flags.NO_VIEW, 0, 5, 1);

    int pos = window.advance(st, T0);
    window.add(st, pos, p);
    VideoWindow w = sums(st);

    assertThat(w.views).isEqualTo(19);
    assertThat(w.likes).isEqualTo(7);
    assertThat(w.follows).isEqualTo(1);
    assertThat(w.extremeViews).isEqualTo(7);
    assertThat(w.freshExtremeViews).isEqualTo(4);
    assertThat(w.repeatViews).isEqualTo(2);
    assertThat(w.noViewLikes).isEqualTo(5);
    assertThat(w.noViewFollows).isEqualTo(1);
  }

  @Test
  void aPartialOlderThanTheWindowHasNoSlot() {
    VideoState st = video();
    window.advance(st, T0 + 10 * slot);
    assertThat(window.advance(st, T0 + 5 * slot)).as("5 slots back: still in the window").isGreaterThanOrEqualTo(0);
    assertThat(window.advance(st, T0 + 4 * slot)).as("6 slots back: left the window").isEqualTo(-1);
    assertThat(st.newestSlot).as("an older partial does not move the window").isEqualTo(Math.floorDiv(T0, slot) + 10);
  }

  @Test
  void aSlotLeavingTheWindowTeachesTheBaselines() {
    VideoState st = video();
    window.add(st, window.advance(st, T0), partial(T0, 30, 3));
    assertThat(sums(st).baselineSlots).isZero();

    window.advance(st, T0 + 6 * slot); // six slots leave: five empty ones, then the one with traffic
    VideoWindow w = sums(st);

    double alpha = 1 - Math.pow(0.5, (double) s.slotMillis / s.baselineHalfLifeMillis);
    double weight = 1 - Math.pow(1 - alpha, 6);
    assertThat(w.views).as("the window moved on").isZero();
    assertThat(w.baselineSlots).isEqualTo(6);
    assertThat(w.baselineViews).as("bias-corrected EWMA per slot, times the slots of a window")
        .isCloseTo(alpha * 30 / weight * s.slots, within(1e-9));
    assertThat(w.baselineLikeRate).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void aSuspectSlotDoesNotTeachTheBaselines() {
    VideoState st = video();
    int pos = window.advance(st, T0);
    window.add(st, pos, partial(T0, 500, 0));
    window.markSuspect(st, pos);

    window.advance(st, T0 + 6 * slot);

    assertThat(st.baselineSlots).as("only the five empty slots taught").isEqualTo(5);
    assertThat(sums(st).baselineViews).isZero();
  }

  @Test
  void honestViralitysSlotsTeachNeitherTheBaselinesNorTheDripDetector() {
    VideoPartial p = partial(T0, 500, 25);
    p.freshEvents = 250; // half the events from fresh accounts, against the 5% prior

    VideoState burst = video();
    int pos = window.advance(burst, T0);
    window.add(burst, pos, p);
    window.markBurst(burst, pos);
    window.advance(burst, T0 + 6 * slot);
    assertThat(burst.baselineSlots).as("only the five empty slots taught: a burst is not the video's usual rate").isEqualTo(5);
    assertThat(sums(burst).baselineViews).isZero();
    leaveTheHour(burst);
    assertThat(burst.liftCusum).as("the drip detector did not see the burst's fresh accounts").isZero();
    assertThat(burst.liftRunExcess).isZero();

    VideoState unmarked = video();
    window.add(unmarked, window.advance(unmarked, T0), p);
    window.advance(unmarked, T0 + 6 * slot);
    leaveTheHour(unmarked);
    assertThat(unmarked.liftCusum).as("the same slot unmarked: a capped hour towards a drip").isEqualTo(s.liftHourCap);
    assertThat(unmarked.liftRunExcess).isPositive();
  }

  /** Moves the window on until a slot of a later hour has left it, so the drip detector scores the hour of {@code T0}. */
  private void leaveTheHour(VideoState st) {
    window.advance(st, T0 + 2 * 3_600_000L);
    window.advance(st, T0 + 3 * 3_600_000L);
  }

  @Test
  void emptySlotsDecayTheRateButKeepTheShares() {
    VideoState st = video();
    window.add(st, window.advance(st, T0), partial(T0, 30, 3));
    window.advance(st, T0 + 6 * slot);
    VideoWindow before = sums(st);

    window.advance(st, T0 + 6 * slot + 24 * slot); // two hours without traffic: one half-life
    VideoWindow after = sums(st);

    assertThat(after.baselineViews).isLessThan(before.baselineViews * 0.6);
    assertThat(after.baselineLikeRate).isCloseTo(before.baselineLikeRate, within(1e-9));
    assertThat(after.baselineSlots).isGreaterThan(before.baselineSlots);
  }

  @Test
  void aVideosOwnSharesNeverLowerTheBarBelowThePriors() {
    VideoState st = video();
    window.add(st, window.advance(st, T0), partial(T0, 100, 0)); // no extreme views, no fresh accounts
    window.advance(st, T0 + 6 * slot);
    VideoWindow w = sums(st);

    assertThat(w.baselineExtremeShare).isEqualTo(s.watchShapeBaselinePrior);
    assertThat(w.baselineFreshShare).isEqualTo(s.freshPrior);
  }
}
