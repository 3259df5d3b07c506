package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.LockstepFinding;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.model.VideoNotice;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The device, account and lockstep stages decide in event-time order (DESIGN.md section 3,
 * "Determinism"; issue #12): the same engagement events, arriving in event-time order or in seeded
 * shuffles within a bounded out-of-orderness (watermarks that never make one late), give the same
 * annotated events, the same lockstep hits and the same lockstep findings, each with its timestamp.
 */
class UpstreamStagesDeterminismTest {

  static final long DISORDER = 30_000L;

  /** What the three stages emitted, each record as text with its timestamp, sorted. */
  record Outcome(List<String> annotated, List<String> hits, List<String> findings) {}

  @Test
  void giveTheSameFlagsHitsAndFindingsWhateverOrderTheEventsArriveIn() throws Exception {
    Traffic traffic = new Traffic(7)
        .honest("vh1", "c1", at(0), at(6 * HOUR), 400)
        .honest("vh2", "c2", at(0), at(6 * HOUR), 250)
        .lockstep(List.of("vl1", "vl2", "vl3"), "c3", at(30 * MINUTE), 12, 3, HOUR, 8 * MINUTE)
        .clickFarm("vc", "c4", at(2 * HOUR), 40 * MINUTE, 600, 60, 4, 3)
        .repeats("vr", "c5", at(HOUR), 30 * MINUTE, 10, 6);
    List<EngagementEvent> events = traffic.events();

    Outcome inOrder = replay(events, null);
    assertThat(inOrder.findings()).as("lockstep findings to compare").hasSizeGreaterThanOrEqualTo(3);
    assertThat(inOrder.annotated()).hasSize(events.size());
    for (long seed = 1; seed <= 3; seed++) {
      Outcome shuffled = replay(events, new Random(seed));
      assertThat(shuffled.annotated()).as("annotated events, shuffle " + seed).isEqualTo(inOrder.annotated());
      assertThat(shuffled.hits()).as("lockstep hits, shuffle " + seed).isEqualTo(inOrder.hits());
      assertThat(shuffled.findings()).as("lockstep findings, shuffle " + seed).isEqualTo(inOrder.findings());
    }
  }

  /** Feeds the events through the three stages in event-time order ({@code random} null) or shuffled within DISORDER. */
  static Outcome replay(List<EngagementEvent> events, Random random) throws Exception {
    DetectionSettings s = DetectionSettings.defaults();
    List<EngagementEvent> arrival = new ArrayList<>(events);
    if (random != null) {
      long[] key = new long[arrival.size()];
      Integer[] index = new Integer[arrival.size()];
      for (int i = 0; i < key.length; i++) {
        key[i] = arrival.get(i).getEventTime().toEpochMilli() + (long) (random.nextDouble() * DISORDER);
        index[i] = i;
      }
      Arrays.sort(index, Comparator.comparingLong(i -> key[i]));
      List<EngagementEvent> shuffled = new ArrayList<>();
      for (int i : index) {
        shuffled.add(arrival.get(i));
      }
      arrival = shuffled;
    }
    List<String> annotated = new ArrayList<>();
    List<String> hits = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    try (var devices = new KeyedOneInputStreamOperatorTestHarness<>(DeviceSharing.operator(s),
            e -> e.deviceId, Types.STRING);
        var accounts = new KeyedOneInputStreamOperatorTestHarness<>(AccountFeatures.operator(s),
            (AnnotatedEngagement e) -> e.accountId, Types.STRING);
        var lockstep = new KeyedOneInputStreamOperatorTestHarness<>(LockstepGroups.operator(s),
            (LockstepHit h) -> h.bandKey, Types.STRING)) {
      devices.open();
      accounts.open();
      lockstep.open();
      long newest = Long.MIN_VALUE;
      long watermark = Long.MIN_VALUE;
      for (EngagementEvent e : arrival) {
        long t = e.getEventTime().toEpochMilli();
        devices.processElement(AnnotatedEngagement.of(e), t);
        newest = Math.max(newest, t);
        long next = newest - DISORDER - 1;
        if (next > watermark) {
          watermark = next;
          advance(devices, accounts, lockstep, watermark, annotated, hits, findings);
        }
      }
      advance(devices, accounts, lockstep, newest + 30 * DAY, annotated, hits, findings);
      assertThat(devices.numKeyedStateEntries() + accounts.numKeyedStateEntries() + lockstep.numKeyedStateEntries())
          .as("state left").isZero();
    }
    annotated.sort(null);
    hits.sort(null);
    findings.sort(null);
    return new Outcome(annotated, hits, findings);
  }

  private static void advance(KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> devices,
      KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> accounts,
      KeyedOneInputStreamOperatorTestHarness<String, LockstepHit, VideoNotice> lockstep, long watermark,
      List<String> annotated, List<String> hits, List<String> findings) throws Exception {
    devices.processWatermark(watermark);
    for (StreamRecord<? extends AnnotatedEngagement> r : devices.extractOutputStreamRecords()) {
      accounts.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
    }
    devices.getOutput().clear();
    accounts.processWatermark(watermark);
    for (StreamRecord<? extends AnnotatedEngagement> r : accounts.extractOutputStreamRecords()) {
      AnnotatedEngagement a = r.getValue();
      annotated.add(r.getTimestamp() + " " + a.accountId + " " + a.videoId + " " + a.kind + " " + a.deviceId + " " + a.watchMillis
          + " flags=" + a.flags);
    }
    var side = accounts.getSideOutput(AccountFeatures.LOCKSTEP);
    if (side != null) {
      for (StreamRecord<LockstepHit> r : side) {
        LockstepHit h = r.getValue();
        hits.add(r.getTimestamp() + " " + h.bandKey + " " + h.accountId + " " + h.videoId + " " + Arrays.toString(h.videoSet));
        lockstep.processElement(new StreamRecord<>(h, r.getTimestamp()));
      }
      side.clear();
    }
    accounts.getOutput().clear();
    lockstep.processWatermark(watermark);
    for (StreamRecord<? extends VideoNotice> r : lockstep.extractOutputStreamRecords()) {
      LockstepFinding f = r.getValue().lockstep;
      findings.add(r.getTimestamp() + " " + f.videoId + " " + f.groupKey + " size=" + f.groupSize + " repeated=" + f.repeatedAccounts
          + " rounds=" + f.rounds + " views=" + f.views + " likes=" + f.likes + " sample=" + Arrays.toString(f.sampleAccounts));
    }
    lockstep.getOutput().clear();
  }
}
