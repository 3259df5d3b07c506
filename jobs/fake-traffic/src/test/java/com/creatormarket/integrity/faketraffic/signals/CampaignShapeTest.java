package com.creatormarket.integrity.faketraffic.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import org.junit.jupiter.api.Test;

/**
 * Received or bought (issue #14): shared-device traffic that comes with the rest of the audience
 * (a farm's cover on a popular video, families' phones) has no campaign shape; a campaign that starts
 * after publication and stops has.
 */
class CampaignShapeTest {

  private static final long HOUR = 3_600_000L;
  private static final long T0 = 1_000L * HOUR;

  private final DetectionSettings settings = DetectionSettings.defaults();

  /** Feeds {@code hours} hours: per hour, the other audience's events and the shared devices' events. */
  private static VideoState video(int hours, java.util.function.IntUnaryOperator other, java.util.function.IntUnaryOperator shared,
      DetectionSettings s) {
    VideoState st = VideoState.create("v", "c", 6, RiskScore.COUNT);
    for (int h = 0; h <= hours; h++) {
      // Four partials an hour, as buckets come.
      for (int q = 0; q < 4; q++) {
        long o = other.applyAsInt(h) / 4;
        long sh = shared.applyAsInt(h) / 4;
        CampaignShape.learn(st, T0 + h * HOUR + q * 15 * 60_000L, o + sh, sh, s);
      }
    }
    return st;
  }

  @Test
  void coverThatComesWithTheAudienceHasNoShapeEvenAtNightOrInABurst() {
    // A popular video: 200 events an hour, half at night; a farm's returning cover is a fifth of it, night and day.
    VideoState cover = video(24, h -> h % 24 < 6 ? 100 : 200, h -> h % 24 < 6 ? 24 : 48, settings);
    assertThat(cover.shapeScore).isLessThan(5);
    // A viral burst of the other audience (eight times for two hours) while the cover runs on at its rate.
    VideoState viral = video(24, h -> h == 8 || h == 9 ? 1600 : 200, h -> 40, settings);
    assertThat(viral.shapeScore).isLessThan(5);
  }

  @Test
  void anAudienceWhoseMixDriftsAfterABurstHasNoShape() {
    // Measured on seed 202's viral video with 15% shared phones (settled devices, hour by hour): the
    // burst's first hours bring family phones at 40% of events, the hours after at 20-30%.
    int[] shared = {0, 110, 470, 313, 28, 24, 19, 22, 26, 22, 22, 17, 26, 15, 22, 26, 34, 26, 15, 13};
    int[] other = {2, 280, 638, 401, 42, 55, 72, 72, 59, 68, 57, 48, 35, 49, 77, 56, 60, 66, 55, 44};
    VideoState drifting = video(shared.length - 1, h -> 4 * other[h], h -> 4 * shared[h], settings);
    assertThat(drifting.shapeScore).isLessThan(settings.campaignShapeMin);
    // Without the tolerance the drift read as a campaign that stopped, and the video was flagged.
    VideoState strict = video(shared.length - 1, h -> 4 * other[h], h -> 4 * shared[h],
        settings.with("signal.devices.shape-tolerance", "0"));
    assertThat(strict.shapeScore).isGreaterThan(settings.campaignShapeMin);
  }

  @Test
  void aCampaignThatStartsAfterPublicationAndStopsHasIt() {
    // The same video, bought: 80 events an hour from the farm's phones from hour 2 to hour 13, none before or after.
    VideoState bought = video(24, h -> 200, h -> h >= 2 && h < 14 ? 80 : 0, settings);
    assertThat(bought.shapeScore).isGreaterThan(100);
    // Two hours into the campaign the silence before it already shows.
    VideoState early = video(4, h -> 200, h -> h >= 2 ? 80 : 0, settings);
    assertThat(early.shapeScore).isGreaterThan(settings.campaignShapeMin);
  }

  @Test
  void theReadingFromSharedDevicesCountsOnlyWithTheShape() {
    VideoWindow w = new VideoWindow();
    w.windowMillis = 30 * 60_000L;
    w.events = 200;
    w.sharedDeviceEvents = 80;
    w.cumEvents = 2_000;
    w.cumSharedDeviceEvents = 800;
    w.campaignShape = 3;
    SignalReading received = Concentration.devices(w, settings);
    assertThat(received.fired()).isTrue();
    assertThat(received.received()).isTrue();
    assertThat(received.strength()).isZero();
    assertThat(received.detail()).contains("no campaign shape (cohort silence 3.0, needs 20.0)");

    w.campaignShape = 45;
    SignalReading bought = Concentration.devices(w, settings);
    assertThat(bought.received()).isFalse();
    assertThat(bought.strength()).isGreaterThan(0.5);
    assertThat(bought.detail()).contains("campaign shape: cohort silence 45.0");

    DetectionSettings off = settings.with("signal.devices.campaign-shape", "0");
    w.campaignShape = 0;
    assertThat(Concentration.devices(w, off).received()).as("requirement off").isFalse();
  }
}
