package com.creatormarket.integrity.benchmarks.micro;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.model.ConcentrationSketches;
import com.creatormarket.integrity.faketraffic.model.Sketches;
import com.creatormarket.integrity.faketraffic.model.VideoPartial;
import com.creatormarket.integrity.faketraffic.model.VideoState;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import com.creatormarket.integrity.faketraffic.signals.RiskScore;
import com.creatormarket.integrity.faketraffic.signals.SignalReading;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fake-traffic video stage's per-partial work outside Flink, on the job's own code: folding a
 * one-event partial's sketches into a busy video's (parse, merge, serialize: what the sparse
 * benchmark data costs per event) and reading all nine signals. Kafka, network and RocksDB are not
 * in these figures; the cluster benchmark's per-thread CPU shows them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VideoStageBenchmark {

  private DetectionSettings settings;
  private VideoState busy;
  private byte[][] busySketches;
  private VideoPartial[] partials;
  private VideoWindow window;
  private int next;

  @Setup
  public void setUp() {
    settings = DetectionSettings.from(FakeTrafficOptions.defaults());
    partials = new VideoPartial[1024];
    for (int i = 0; i < partials.length; i++) {
      partials[i] = oneEvent(i);
    }
    // A video that has seen 5,000 events from 2,000 accounts: its sketches are as full as they get.
    busy = VideoState.create("video-1", "creator-1", settings.slots, RiskScore.COUNT);
    for (int i = 0; i < 5_000; i++) {
      ConcentrationSketches.fold(busy, oneEvent(i % 2_000), true, settings);
    }
    busySketches = new byte[][] {busy.epochDevices, busy.epochPrefixes, busy.prefixes, busy.accounts, busy.viewers,
        busy.hourViewers};
    window = new VideoWindow();
    window.windowMillis = settings.windowMillis;
    window.events = 900;
    window.views = 800;
    window.likes = 60;
    window.follows = 20;
    window.extremeViews = 300;
    window.regularViews = 12;
    window.freshEvents = 40;
    window.repeatViews = 10;
    window.baselineSlots = 40;
    window.baselineViews = 700;
    window.baselineLikeRate = 0.07;
    window.baselineExtremeShare = 0.35;
    window.baselineFreshShare = 0.05;
    window.creatorLikeRate = 0.06;
    window.creatorFollowRate = 0.02;
    window.cumViews = 20_000;
    window.cumLikes = 1_500;
    window.cumFollows = 400;
    window.cumUnfollows = 30;
    window.cumWithdrawn = 5;
    window.cumEvents = 22_000;
    window.cumFreshEvents = 900;
    window.epochMillis = settings.epochMillis;
    window.epochEvents = 1_800;
    window.epochTopDeviceShare = 0.02;
    window.epochTopPrefixShare = 0.1;
    window.cumTopPrefixShare = 0.08;
  }

  /** A partial of one view, as the combiner sends for a quiet video: one item per sketch. */
  private VideoPartial oneEvent(int i) {
    VideoPartial p = VideoPartial.empty("video-1", "creator-1", 0);
    p.events = 1;
    p.views = 1;
    ItemsSketch<String> devices = new ItemsSketch<>(settings.partialItemsMapSize);
    devices.update("device-" + i);
    ItemsSketch<String> prefixes = new ItemsSketch<>(settings.partialItemsMapSize);
    prefixes.update("10." + (i % 251) + ".0.0/16");
    ItemsSketch<String> accounts = new ItemsSketch<>(settings.partialItemsMapSize);
    accounts.update("account-" + i);
    HllSketch viewers = new HllSketch(settings.hllLgK, TgtHllType.HLL_4);
    viewers.update("account-" + i);
    p.devices = Sketches.bytes(devices);
    p.prefixes = Sketches.bytes(prefixes);
    p.accounts = Sketches.bytes(accounts);
    p.viewers = Sketches.bytes(viewers);
    return p;
  }

  @Benchmark
  public ConcentrationSketches foldOneEventPartial() {
    // fold replaces the state's byte arrays; put the busy video's back so every call starts equal.
    busy.epochDevices = busySketches[0];
    busy.epochPrefixes = busySketches[1];
    busy.prefixes = busySketches[2];
    busy.accounts = busySketches[3];
    busy.viewers = busySketches[4];
    busy.hourViewers = busySketches[5];
    return ConcentrationSketches.fold(busy, partials[next++ & (partials.length - 1)], true, settings);
  }

  @Benchmark
  public SignalReading[] readAllSignals() {
    return RiskScore.readAll(window, settings);
  }
}
