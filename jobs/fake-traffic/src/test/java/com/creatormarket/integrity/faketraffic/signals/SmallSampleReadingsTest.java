package com.creatormarket.integrity.faketraffic.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, seen on the every-look-alike world (report seed 303, an innocent recipient of a farm's
 * cover): readings taken before they can mean anything. The top-prefix share of a video's first 56
 * events (16 of them on five carrier-NAT prefixes) and the fresh-account share of its first hour,
 * judged against our own prior while the marketplace's usual share was not known yet, each fired,
 * and signal peaks kept them for the case's whole life.
 */
class SmallSampleReadingsTest {

  static final DetectionSettings S = DetectionSettings.defaults();

  /** A video's first {@code events} events, all in the window, the epoch and its life. */
  static VideoWindow firstEvents(long events) {
    VideoWindow w = new VideoWindow();
    w.events = events;
    w.cumEvents = events;
    w.epochEvents = events;
    w.windowMillis = 1_800_000;
    w.epochMillis = 1_800_000;
    return w;
  }

  static VideoWindow prefixes(long events, double share) {
    VideoWindow w = firstEvents(events);
    w.epochTopPrefixShare = share;
    w.cumTopPrefixShare = share;
    return w;
  }

  @Test
  void aTopPrefixShareOnAFewDozenEventsIsNotBeyondChance() {
    SignalReading r = Concentration.prefixes(prefixes(56, 16 / 56.0), S);
    assertThat(r.fired()).isFalse();
    assertThat(r.value()).isGreaterThan(r.threshold());
    assertThat(r.detail()).contains("not beyond chance for so few events");
  }

  @Test
  void theSameShareOnTenTimesTheEventsFires() {
    assertThat(Concentration.prefixes(prefixes(560, 160 / 560.0), S).fired()).isTrue();
  }

  @Test
  void aFarmThatCarriesMostOfTheFirstTwentyEventsStillFires() {
    // The click farm's case: concentration from signal.concentration.min-events, not later.
    assertThat(Concentration.prefixes(prefixes(20, 0.6), S).fired()).isTrue();
  }

  @Test
  void withoutTheChanceTestTheFewDozenEventsFire() {
    DetectionSettings off = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of("signal.concentration.min-z", "0")));
    assertThat(Concentration.prefixes(prefixes(56, 16 / 56.0), off).fired()).isTrue();
  }

  @Test
  void aTopDeviceShareThatIsNotBeyondChanceDoesNotHideASharedDeviceReadingThatIs() {
    // 9 of 50 events on the top devices (18%, z 0.6 above 15%); 8 of 50 from shared devices against a usual 1% (z 10.7),
    // with a campaign's shape: the shared-device reading counts.
    VideoWindow w = firstEvents(50);
    w.epochTopDeviceShare = 0.18;
    w.sharedDeviceEvents = 8;
    w.cumSharedDeviceEvents = 8;
    w.campaignShape = 30;
    SignalReading r = Concentration.devices(w, S);
    assertThat(r.fired()).isTrue();
    assertThat(r.received()).isFalse();
    assertThat(r.detail()).contains("8 of 50 events in the window");
  }

  static VideoWindow freshWave(double populationFreshShare) {
    VideoWindow w = firstEvents(56);
    w.freshEvents = 14;
    w.cumFreshEvents = 14;
    w.populationFreshShare = populationFreshShare;
    return w;
  }

  @Test
  void freshAccountsAreNotJudgedUntilTheMarketplacesUsualShareIsKnown() {
    SignalReading r = Concentration.fresh(freshWave(Double.NaN), S);
    assertThat(r.fired()).isFalse();
    assertThat(r.detail()).contains("not known yet").contains("population.min-events");
  }

  @Test
  void freshAccountsAreJudgedAgainstTheKnownUsualShare() {
    // A quarter of the events from fresh accounts: a wave where the usual share is 5%, ordinary where it is 18%.
    assertThat(Concentration.fresh(freshWave(0.05), S).fired()).isTrue();
    assertThat(Concentration.fresh(freshWave(0.18), S).fired()).isFalse();
  }
}
