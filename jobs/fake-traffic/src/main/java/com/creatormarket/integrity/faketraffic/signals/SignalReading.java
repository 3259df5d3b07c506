package com.creatormarket.integrity.faketraffic.signals;

import java.util.function.Supplier;

/**
 * One signal's verdict at one moment: its value against its threshold, over which window, and how
 * strong. The human-readable detail is built only when a case needs it: every signal is read on
 * every partial, and formatting eight sentences each time was a fifth of the video stage's CPU.
 */
public record SignalReading(String signal, double value, double threshold, long windowMillis, boolean fired, double strength,
    Supplier<String> describe) {

  public static SignalReading quiet(String signal, double value, double threshold, long windowMillis, Supplier<String> detail) {
    return new SignalReading(signal, value, threshold, windowMillis, false, 0, detail);
  }

  /** A fired reading whose strength grows from 0.5 at the threshold to 1 at {@code saturation}. */
  public static SignalReading fired(String signal, double value, double threshold, double saturation, long windowMillis,
      Supplier<String> detail) {
    double span = saturation - threshold;
    double strength = span <= 0 ? 1 : 0.5 + 0.5 * Math.max(0, Math.min(1, (value - threshold) / span));
    return new SignalReading(signal, value, threshold, windowMillis, true, strength, detail);
  }

  /**
   * A reading over its threshold on traffic the video received rather than bought (issue #14): it
   * fires (its events are invalid and the case names it) with strength 0, so it adds nothing to the
   * risk score; the case it alone opens stays at RECORD_ONLY.
   */
  public static SignalReading receivedOnly(String signal, double value, double threshold, long windowMillis, Supplier<String> detail) {
    return new SignalReading(signal, value, threshold, windowMillis, true, 0, detail);
  }

  /** Fired on traffic received, not bought: see {@link #receivedOnly}. */
  public boolean received() {
    return fired && strength == 0;
  }

  /** The reading in words, for a case's evidence. */
  public String detail() {
    return describe.get();
  }
}
