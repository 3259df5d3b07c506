package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.SlotWindow;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The figures the signals read are assembled from every part of the video's state. */
class VideoSignalsTest {

  final DetectionSettings s = DetectionSettings.defaults();
  final SlotWindow slots = new SlotWindow(s);
  final VideoSignals signals = new VideoSignals(s, slots);

  @Test
  void theWindowShowsSlotsTotalsConcentrationLockstepAndCreatorNorms() {
    VideoState st = video();
    VideoPartial p = partial(T0, 40, 2);
    p.creatorLikeRate = 0.05;
    slots.add(st, slots.advance(st, T0), p);
    ConcentrationSketches.enterEpoch(st, T0, s.epochMillis);
    ConcentrationSketches live = ConcentrationSketches.fold(st, p, true, s);
    LifetimeTotals.add(st, p);
    LifetimeTotals.add(st, partial(T0 - HOUR, 10, 0)); // an older partial: counts since publication only
    st.lockSize = 7;

    VideoWindow w = signals.window(st, p.creatorLikeRate, Double.NaN, live);

    assertThat(w.windowMillis).isEqualTo(s.windowMillis);
    assertThat(w.views).isEqualTo(40);
    assertThat(w.cumViews).isEqualTo(50);
    assertThat(w.cumEvents).isEqualTo(52);
    assertThat(w.epochEvents).isEqualTo(42);
    assertThat(w.epochMillis).isEqualTo(s.epochMillis);
    assertThat(w.lockstepGroupSize).isEqualTo(7);
    assertThat(w.creatorLikeRate).isEqualTo(0.05);
    assertThat(w.creatorFollowRate).isNaN();
  }

  @Test
  void honestSmallTrafficFiresNothing() {
    VideoState st = video();
    VideoPartial p = partial(T0, 12, 1);
    slots.add(st, slots.advance(st, T0), p);
    LifetimeTotals.add(st, p);

    SignalReading[] readings = signals.read(st, Double.NaN, Double.NaN, ConcentrationSketches.of(st, s));

    assertThat(readings).hasSize(RiskScore.COUNT);
    assertThat(Arrays.stream(readings).noneMatch(SignalReading::fired)).isTrue();
  }
}
