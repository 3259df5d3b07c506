package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * A video's frequent-items sketches behind the concentration signals, parsed from its state once
 * per partial: parsing a sketch of strings costs more than merging into it, and the signals read
 * the same sketches right after the merge.
 */
public final class ConcentrationSketches {

  public final ItemsSketch<String> epochDevices;
  public final ItemsSketch<String> epochPrefixes;
  public final ItemsSketch<String> prefixes;

  private ConcentrationSketches(ItemsSketch<String> epochDevices, ItemsSketch<String> epochPrefixes,
      ItemsSketch<String> prefixes) {
    this.epochDevices = epochDevices;
    this.epochPrefixes = epochPrefixes;
    this.prefixes = prefixes;
  }

  /**
   * Moves the video's epoch (tumbling, {@code signal.epoch}) to the bucket's when that is newer,
   * starting the epoch's count and sketches afresh; returns whether the bucket belongs to the
   * current epoch (an older one only reaches the sketches since publication).
   */
  public static boolean enterEpoch(VideoState st, long bucketStart, long epochMillis) {
    long epoch = Math.floorDiv(bucketStart, epochMillis) * epochMillis;
    if (epoch > st.epochStart) {
      st.epochStart = epoch;
      st.epochEvents = 0;
      st.epochDevices = null;
      st.epochPrefixes = null;
    }
    return epoch == st.epochStart;
  }

  /**
   * The video's sketches as parsed from its state: the epoch's devices at {@code sketch.device-items-map-size}
   * and prefixes at {@code sketch.items-map-size}, the
   * prefixes since publication at {@code sketch.lifetime-items-map-size} (a slow campaign is judged
   * over the video's life, where a small map's error bound swallows a few heavy prefixes among many
   * light organic ones).
   */
  public static ConcentrationSketches of(VideoState st, DetectionSettings s) {
    return new ConcentrationSketches(Sketches.items(st.epochDevices, s.deviceItemsMapSize), Sketches.items(st.epochPrefixes, s.itemsMapSize),
        Sketches.items(st.prefixes, s.lifetimeItemsMapSize));
  }

  /**
   * Folds a partial's sketches into the video's: events, devices and prefixes of the current epoch
   * (when the partial belongs to it), prefixes and accounts since publication, unique viewers for
   * life and for the open hour. Writes the state's bytes back and returns the concentration sketches live.
   */
  public static ConcentrationSketches fold(VideoState st, VideoPartial p, boolean inEpoch, DetectionSettings s) {
    ConcentrationSketches live = of(st, s);
    if (inEpoch) {
      st.epochEvents += p.events;
      Sketches.mergeInto(live.epochDevices, p.devices);
      Sketches.mergeInto(live.epochPrefixes, p.prefixes);
      st.epochDevices = Sketches.bytes(live.epochDevices);
      st.epochPrefixes = Sketches.bytes(live.epochPrefixes);
    }
    Sketches.mergeInto(live.prefixes, p.prefixes);
    st.prefixes = Sketches.bytes(live.prefixes);
    st.accounts = Sketches.mergeItems(st.accounts, p.accounts, Math.max(8, s.itemsMapSize / 2));
    st.viewers = Sketches.mergeHll(st.viewers, p.viewers, s.hllLgK);
    st.hourViewers = Sketches.mergeHll(st.hourViewers, p.viewers, hourLgK(s));
    return live;
  }

  /** Writes the concentration figures the signals read into {@code w}: top-device and top-prefix shares of the epoch, top-prefix share since publication. */
  public void fill(VideoState st, VideoWindow w, DetectionSettings s) {
    w.epochMillis = s.epochMillis;
    w.epochEvents = st.epochEvents;
    w.epochTopDeviceShare = Sketches.topShare(epochDevices, s.concentrationTopK, s.deviceMinItemEvents, st.epochEvents);
    w.epochTopPrefixShare = Sketches.topShare(epochPrefixes, s.concentrationTopK, s.prefixMinItemEvents, st.epochEvents);
    w.cumTopPrefixShare = Sketches.topShare(prefixes, s.concentrationTopK, s.prefixMinItemEvents, w.cumEvents);
  }

  /** Hourly unique viewers need less precision than the lifetime's: half the buckets. */
  public static int hourLgK(DetectionSettings s) {
    return Math.max(4, s.hllLgK - 1);
  }
}
