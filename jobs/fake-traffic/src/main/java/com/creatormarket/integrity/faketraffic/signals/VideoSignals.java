package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.LifetimeTotals;
import com.creatormarket.integrity.faketraffic.model.LockstepOnVideo;
import com.creatormarket.integrity.faketraffic.model.SlotWindow;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;

/**
 * Reads every signal of a video as of now: assembles the {@link VideoWindow} from the video's
 * state (window counts and baselines, counts since publication, concentration shares, the lockstep
 * group, the creator's norms) and reads each signal on it ({@link RiskScore#readAll}).
 */
public final class VideoSignals {

  private final DetectionSettings settings;
  private final SlotWindow slots;

  public VideoSignals(DetectionSettings settings, SlotWindow slots) {
    this.settings = settings;
    this.slots = slots;
  }

  /** Every signal's reading; the creator's rates are NaN when unknown (a reading without a partial). */
  public SignalReading[] read(VideoState st, double creatorLikeRate, double creatorFollowRate, ConcentrationSketches live) {
    return RiskScore.readAll(window(st, creatorLikeRate, creatorFollowRate, live), settings);
  }

  /** The figures the signals read, as of now. */
  public VideoWindow window(VideoState st, double creatorLikeRate, double creatorFollowRate, ConcentrationSketches live) {
    VideoWindow w = new VideoWindow();
    w.windowMillis = settings.windowMillis;
    slots.fill(st, w);
    w.creatorLikeRate = creatorLikeRate;
    w.creatorFollowRate = creatorFollowRate;
    w.populationSharedShare = st.populationSharedShare;
    w.populationFreshShare = st.populationFreshShare;
    LifetimeTotals.fill(st, w);
    live.fill(st, w, settings);
    LockstepOnVideo.fill(st, w);
    SustainedLift.fill(st, w);
    CampaignShape.fill(st, w);
    return w;
  }
}
