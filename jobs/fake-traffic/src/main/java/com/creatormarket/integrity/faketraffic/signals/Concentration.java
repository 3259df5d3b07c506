package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Concentration: who is behind the engagement. Three readings:
 * <ul>
 *   <li>{@code device-concentration}: share of events from the top devices, each with at least
 *       {@code min-item-events} events, or from devices several accounts use (marked by the device
 *       stage), whichever is larger (a farm runs many accounts on few phones);</li>
 *   <li>{@code prefix-concentration}: the same for network prefixes (a farm sits on few networks);</li>
 *   <li>{@code fresh-accounts}: share of events from accounts younger than {@code account.fresh-age},
 *       in the window against the video's own earlier share, and since publication against the prior.</li>
 * </ul>
 * Device and prefix shares are read from DataSketches frequent-items sketches, over the current
 * epoch, and for prefixes also since publication (a slow campaign is diluted per hour but not over
 * days); the larger counts. Items below {@code min-item-events} do not count, so a small video whose top five prefixes
 * had two views each does not look concentrated, and a viral video's carrier-NAT prefixes, heavy in
 * absolute terms, stay a small share.
 */
public final class Concentration {

  public static final String DEVICES = "device-concentration";
  public static final String PREFIXES = "prefix-concentration";
  public static final String FRESH = "fresh-accounts";

  private Concentration() {}

  public static final Knob<Integer> TOP_K = Knob.integer("signal.concentration.top-k", 5, 1, 50,
      "How many top devices (and top prefixes) the concentration shares add up.");
  public static final Knob<Integer> MIN_EVENTS = Knob.integer("signal.concentration.min-events", 20, 1, 1_000_000,
      "Events an epoch (or the video's life) needs before concentration is judged.");
  public static final Knob<Double> MIN_Z = Knob.decimal("signal.concentration.min-z", 2.0, 0, 100,
      "The top devices' (or prefixes') share must also be this many standard deviations above the top-share threshold for"
          + " the sample it was read on, so a few dozen events whose top items met by chance do not fire.");
  public static final Knob<Double> DEVICE_SHARE = Knob.decimal("signal.devices.top-share", 0.15, 0.01, 1,
      "Share of events from the top devices at which device concentration fires.");
  public static final Knob<Integer> DEVICE_MIN_ITEM = Knob.integer("signal.devices.min-item-events", 5, 1, 1_000_000,
      "Events a device needs before it counts towards the top-device share.");
  public static final Knob<Double> SHARED_PRIOR = Knob.decimal("signal.devices.shared-baseline", 0.01, 0, 0.99,
      "Share of events from shared devices (device.shared-accounts or more accounts) expected in honest traffic, for the chance test.");
  public static final Knob<Double> DEVICE_WEIGHT = Knob.decimal("signal.devices.weight", 0.62, 0, 1,
      "Weight of device concentration in the risk score.");
  public static final Knob<Double> PREFIX_SHARE = Knob.decimal("signal.prefixes.top-share", 0.2, 0.01, 1,
      "Share of events from the top network prefixes at which prefix concentration fires.");
  public static final Knob<Integer> PREFIX_MIN_ITEM = Knob.integer("signal.prefixes.min-item-events", 3, 1, 1_000_000,
      "Events a prefix needs before it counts towards the top-prefix share.");
  public static final Knob<Double> PREFIX_WEIGHT = Knob.decimal("signal.prefixes.weight", 0.62, 0, 1,
      "Weight of prefix concentration in the risk score.");
  public static final Knob<Double> FRESH_EXCESS = Knob.decimal("signal.fresh.min-excess", 0.2, 0.01, 1,
      "Excess of the window's share of events from fresh accounts over the video's baseline (scaled 0..1) at which the signal fires.");
  public static final Knob<Double> FRESH_MIN_Z = Knob.decimal("signal.fresh.min-z", 4.0, 0, 100,
      "The fresh-account excess must also be this many standard deviations above the baseline.");
  public static final Knob<Double> FRESH_PRIOR = Knob.decimal("signal.fresh.baseline-prior", 0.05, 0, 0.99,
      "Share of events from fresh accounts assumed before a video's own baseline has formed.");
  public static final Knob<Double> FRESH_WEIGHT = Knob.decimal("signal.fresh.weight", 0.45, 0, 1,
      "Weight of the fresh-accounts signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(TOP_K, MIN_EVENTS, MIN_Z, DEVICE_SHARE, DEVICE_MIN_ITEM, SHARED_PRIOR, DEVICE_WEIGHT,
      PREFIX_SHARE, PREFIX_MIN_ITEM, PREFIX_WEIGHT, FRESH_EXCESS, FRESH_MIN_Z, FRESH_PRIOR, FRESH_WEIGHT);

  public static SignalReading devices(VideoWindow w, DetectionSettings s) {
    // Devices since publication are judged by sharing, not by a sketch: the video state keeps no
    // lifetime device sketch (state budget), and a farm's phones are shared by definition.
    SignalReading top = topShare(DEVICES, "devices", w, s, w.epochTopDeviceShare, Double.NaN, s.deviceTopShare);
    // Against the marketplace's usual share, not only the prior: where families share phones (or
    // farms spread cover over every video), every video has shared-device traffic (issue #14).
    double base = baseline(s.sharedDevicePrior, w.populationSharedShare);
    double window = w.events >= s.minViews && Shares.z(w.sharedDeviceEvents, w.events, base) >= 4
        ? Shares.excess(w.sharedDeviceEvents, w.events, base) : 0;
    double life = w.cumEvents >= s.minViews && Shares.z(w.cumSharedDeviceEvents, w.cumEvents, base) >= 4
        ? Shares.excess(w.cumSharedDeviceEvents, w.cumEvents, base) : 0;
    double shared = Math.max(window, life);
    // A top share over its threshold but not beyond chance is quiet: it must not hide a shared-device reading that counts.
    if (shared <= top.value() && (top.fired() || shared < s.deviceTopShare)) {
      return top;
    }
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d events in the window and %d of %d since publication came from devices used by "
            + "%d or more accounts (usual share %.3f); %s", w.sharedDeviceEvents, w.events, w.cumSharedDeviceEvents, w.cumEvents,
        s.deviceSharedAccounts, base, top.detail());
    long span = window >= life ? w.windowMillis : 0;
    if (shared >= s.deviceTopShare) {
      // Received or bought (issue #14): a farm's cover on popular videos and a marketplace's shared phones come at a
      // flat rate; a bought campaign starts and stops, and its devices are silent on the video outside it.
      if (!CampaignShape.bought(w, s)) {
        Supplier<String> received = () -> detail.get() + String.format(Locale.ROOT, "; no campaign shape (cohort silence %.1f, "
            + "needs %.1f): traffic the video received, not bought; recorded, its events invalid", w.campaignShape, s.campaignShapeMin);
        return SignalReading.receivedOnly(DEVICES, shared, s.deviceTopShare, span, received);
      }
      Supplier<String> bought = () -> detail.get() + (s.campaignShapeMin <= 0 ? ""
          : String.format(Locale.ROOT, "; campaign shape: cohort silence %.1f (needs %.1f)", w.campaignShape, s.campaignShapeMin));
      return SignalReading.fired(DEVICES, shared, s.deviceTopShare, Math.min(1, 3 * s.deviceTopShare), span, bought);
    }
    return SignalReading.quiet(DEVICES, shared, s.deviceTopShare, span, detail);
  }

  public static SignalReading prefixes(VideoWindow w, DetectionSettings s) {
    return topShare(PREFIXES, "network prefixes", w, s, w.epochTopPrefixShare, w.cumTopPrefixShare, s.prefixTopShare);
  }

  private static SignalReading topShare(String name, String what, VideoWindow w, DetectionSettings s, double epochShare,
      double cumShare, double threshold) {
    double epoch = w.epochEvents >= s.concentrationMinEvents ? epochShare : 0;
    double life = w.cumEvents >= s.concentrationMinEvents && !Double.isNaN(cumShare) ? cumShare : 0;
    boolean epochWins = epoch >= life;
    double value = Math.max(epoch, life);
    long window = epochWins ? w.epochMillis : 0;
    // Like every share signal, beyond chance for the sample's size (issue #14): early in a video's life a few prefixes of
    // a carrier's NAT, each a couple of per cent of everyone's traffic, meet three times in fifty events by chance.
    boolean clear = (epoch >= threshold && Shares.z(epoch * w.epochEvents, w.epochEvents, threshold) >= s.concentrationMinZ)
        || (life >= threshold && Shares.z(life * w.cumEvents, w.cumEvents, threshold) >= s.concentrationMinZ);
    Supplier<String> detail = () -> String.format(Locale.ROOT, "top %d %s carry %.1f%% of %d events this epoch", s.concentrationTopK, what,
        100 * epochShare, w.epochEvents)
        + (Double.isNaN(cumShare) ? "" : String.format(Locale.ROOT, " and %.1f%% of %d since publication", 100 * cumShare, w.cumEvents))
        + (value >= threshold && !clear ? String.format(Locale.ROOT, "; not beyond chance for so few events (needs z %.1f above %.0f%%)",
            s.concentrationMinZ, 100 * threshold) : "");
    if (clear) {
      return SignalReading.fired(name, value, threshold, Math.min(1, 3 * threshold), window, detail);
    }
    return SignalReading.quiet(name, value, threshold, window, detail);
  }

  /**
   * The window against the video's own baseline (a sudden wave of fresh accounts), and the life
   * since publication against the prior (a slow campaign that never makes a wave, and would teach
   * the baseline to expect it).
   */
  public static SignalReading fresh(VideoWindow w, DetectionSettings s) {
    double prior = baseline(s.freshPrior, w.populationFreshShare);
    double base = w.baselineSlots > 0 ? Math.max(w.baselineFreshShare, prior) : prior;
    double excess = w.events >= s.minViews && Shares.z(w.freshEvents, w.events, base) >= s.freshMinZ
        ? Shares.excess(w.freshEvents, w.events, base) : 0;
    double life = w.cumEvents >= s.minViews && Shares.z(w.cumFreshEvents, w.cumEvents, prior) >= s.freshMinZ
        ? Shares.excess(w.cumFreshEvents, w.cumEvents, prior) : 0;
    double value = Math.max(excess, life);
    long window = excess >= life ? w.windowMillis : 0;
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d of %d events in the window and %d of %d since publication from accounts younger than "
            + "%d days (usual share %.3f)", w.freshEvents, w.events, w.cumFreshEvents, w.cumEvents,
        s.freshAgeMillis / 86_400_000L, base);
    if (value >= s.freshMinExcess && Double.isNaN(w.populationFreshShare)) {
      // Fresh against what? Until the marketplace's usual share is known, the prior is our own simulator's world, and a young
      // market's newcomers (or a farm's cover on every video) would read as a campaign (issue #14): no verdict yet.
      Supplier<String> unknown = () -> detail.get() + String.format(Locale.ROOT, "; the marketplace's usual share is not known yet "
          + "(%s events learnt): not judged", FakeTrafficOptions.POPULATION_MIN_EVENTS.key());
      return SignalReading.quiet(FRESH, value, s.freshMinExcess, window, unknown);
    }
    if (value >= s.freshMinExcess) {
      return SignalReading.fired(FRESH, value, s.freshMinExcess, 1, window, detail);
    }
    return SignalReading.quiet(FRESH, value, s.freshMinExcess, window, detail);
  }

  /** The prior, or the marketplace's usual share when that is known and higher. */
  public static double baseline(double prior, double population) {
    return Double.isNaN(population) ? prior : Math.max(prior, population);
  }

  /** Events from shared devices are invalid once device concentration fired. */
  public static boolean sharedDeviceInvalidates(int mask) {
    return Flags.has(mask, Flags.SHARED_DEVICE);
  }

  /** Events of fresh accounts are invalid once the fresh-accounts signal fired. */
  public static boolean freshInvalidates(int mask) {
    return Flags.has(mask, Flags.FRESH);
  }
}
