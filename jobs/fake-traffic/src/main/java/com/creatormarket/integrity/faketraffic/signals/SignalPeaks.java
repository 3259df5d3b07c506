package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoState;

/**
 * Decides which of a video's signals count as fired now (fired within {@code case.signal-memory}) and
 * keeps each one's peak reading since it first fired within that memory: what a case shows and
 * scores. The fired-at times are event-time minutes ({@link VideoState#firedAt}).
 */
public final class SignalPeaks {

  private static final long MINUTE = 60_000L;

  private final long memoryMillis;

  public SignalPeaks(DetectionSettings s) {
    this.memoryMillis = s.signalMemoryMillis;
  }

  /** Keeps each fired signal's peak within the signal memory; true when any fired now. */
  public boolean remember(VideoState st, SignalReading[] readings, long now) {
    boolean any = false;
    for (int i = 0; i < RiskScore.COUNT; i++) {
      SignalReading r = readings[i];
      if (!r.fired()) {
        continue;
      }
      any = true;
      boolean fresh = !recent(st, i, now);
      if (fresh || r.strength() >= st.peakStrength[i]) {
        st.peak[i] = (float) r.value();
        st.peakStrength[i] = (float) r.strength();
        st.peakThreshold[i] = (float) r.threshold();
        st.peakWindow[i] = (int) (r.windowMillis() / 1000);
      }
      st.firedAt[i] = Math.max(st.firedAt[i], (int) (now / MINUTE));
    }
    return any;
  }

  /** Whether the signal fired within the memory (and the minute it fired in) before {@code now}. */
  public boolean recent(VideoState st, int signal, long now) {
    return st.firedAt[signal] != 0 && st.firedAt[signal] * MINUTE >= now - memoryMillis - MINUTE;
  }
}
