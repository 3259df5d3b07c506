package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import org.junit.jupiter.api.Test;

/** Which signals count as fired now, and the peak a case shows for each. */
class SignalPeaksTest {

  final DetectionSettings s = DetectionSettings.defaults(); // case.signal-memory 1 d
  final SignalPeaks peaks = new SignalPeaks(s);

  static SignalReading[] quiet() {
    SignalReading[] r = new SignalReading[RiskScore.COUNT];
    for (int i = 0; i < RiskScore.COUNT; i++) {
      r[i] = SignalReading.quiet(RiskScore.NAMES[i], 0, 1, 0, () -> "");
    }
    return r;
  }

  static SignalReading[] firing(int signal, double value) {
    SignalReading[] r = quiet();
    r[signal] = SignalReading.fired(RiskScore.NAMES[signal], value, 0.2, 0.6, 1_800_000, () -> "why");
    return r;
  }

  @Test
  void keepsTheStrongestReadingWhileTheSignalIsRemembered() {
    VideoState st = video();
    long now = T0 + HOUR;
    assertThat(peaks.remember(st, quiet(), now)).isFalse();
    assertThat(peaks.recent(st, RiskScore.DEVICES, now)).isFalse();

    assertThat(peaks.remember(st, firing(RiskScore.DEVICES, 0.5), now)).isTrue();
    peaks.remember(st, firing(RiskScore.DEVICES, 0.3), now + 5 * MINUTE);

    assertThat(peaks.recent(st, RiskScore.DEVICES, now + 5 * MINUTE)).isTrue();
    assertThat(st.peak[RiskScore.DEVICES]).isEqualTo(0.5f);
    assertThat(st.peakThreshold[RiskScore.DEVICES]).isEqualTo(0.2f);
    assertThat(st.peakWindow[RiskScore.DEVICES]).isEqualTo(1800);
    assertThat(st.firedAt[RiskScore.DEVICES]).as("last fired, in minutes").isEqualTo((int) ((now + 5 * MINUTE) / MINUTE));
  }

  @Test
  void aSignalIsForgottenAfterTheMemoryAndItsNextFiringStartsANewPeak() {
    VideoState st = video();
    long now = T0 + HOUR;
    peaks.remember(st, firing(RiskScore.RATIO, 0.6), now);
    long later = now + s.signalMemoryMillis + 2 * MINUTE;
    assertThat(peaks.recent(st, RiskScore.RATIO, now + s.signalMemoryMillis)).isTrue();
    assertThat(peaks.recent(st, RiskScore.RATIO, later)).isFalse();

    peaks.remember(st, firing(RiskScore.RATIO, 0.3), later);
    assertThat(st.peak[RiskScore.RATIO]).isEqualTo(0.3f);
  }
}
