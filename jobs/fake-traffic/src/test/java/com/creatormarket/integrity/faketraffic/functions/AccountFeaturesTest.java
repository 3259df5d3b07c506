package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.Flags;
import com.creatormarket.integrity.faketraffic.model.LockstepHit;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device and account stages mark each event with what its device and account did before. */
class AccountFeaturesTest {

  KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> devices;
  KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> accounts;

  @BeforeEach
  void open() throws Exception {
    DetectionSettings s = DetectionSettings.defaults();
    devices = new KeyedOneInputStreamOperatorTestHarness<>(DeviceSharing.operator(s),
        e -> e.deviceId, Types.STRING);
    accounts = new KeyedOneInputStreamOperatorTestHarness<>(AccountFeatures.operator(s),
        e -> e.accountId, Types.STRING);
    devices.open();
    accounts.open();
  }

  @AfterEach
  void close() throws Exception {
    devices.close();
    accounts.close();
  }

  /**
   * Runs events (in event-time order) through both stages, the watermark following each one, and
   * returns each event's flags, in order. Both stages decide at the watermark.
   */
  List<Integer> flags(EngagementEvent... events) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (EngagementEvent e : events) {
      long t = e.getEventTime().toEpochMilli();
      devices.processElement(AnnotatedEngagement.of(e), t);
      devices.processWatermark(t);
      for (StreamRecord<? extends AnnotatedEngagement> r : devices.extractOutputStreamRecords()) {
        accounts.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
      }
      devices.getOutput().clear();
      accounts.processWatermark(t);
      out.add(accounts.extractOutputValues().get(accounts.extractOutputValues().size() - 1).flags);
    }
    return out;
  }

  static EngagementEvent view(String account, String device, long createdAt, long watch, long t) {
    return Traffic.event(EngagementKind.VIEW, "v1", "c1", account, device, "p1", createdAt, watch, t);
  }

  static EngagementEvent act(EngagementKind kind, String account, long t) {
    return Traffic.event(kind, "v1", "c1", account, "d-" + account, "p1", at(-500 * DAY), null, t);
  }

  @Test
  void marksFreshAccountsAndBotShapedWatchTimes() throws Exception {
    List<Integer> f = flags(
        view("new", "d1", at(-2 * DAY), 900, at(0)),
        view("old", "d2", at(-400 * DAY), Traffic.LENGTH, at(MINUTE)),
        view("old2", "d3", at(-400 * DAY), 12_345, at(2 * MINUTE)));
    assertThat(f.get(0) & (Flags.FRESH | Flags.EXTREME_WATCH)).isEqualTo(Flags.FRESH | Flags.EXTREME_WATCH);
    assertThat(f.get(1) & (Flags.FRESH | Flags.EXTREME_WATCH)).isEqualTo(Flags.EXTREME_WATCH);
    // Nothing else about a plain view but that its device was first seen just now, and that it is the
    // account's first of the hour (what the reach counts).
    assertThat(f.get(2)).isEqualTo(Flags.YOUNG_DEVICE | Flags.FIRST_ON_VIDEO | Flags.FIRST_OF_ACCOUNT);
  }

  @Test
  void aDeviceIsYoungForTheShapeWarmUpAfterItIsFirstSeen() throws Exception {
    long old = at(-400 * DAY);
    List<Integer> f = flags(view("a", "d1", old, 9000, at(0)), view("b", "d1", old, 9000, at(2 * HOUR)),
        view("c", "d1", old, 9000, at(3 * HOUR)));
    assertThat(f).extracting(x -> x & Flags.YOUNG_DEVICE).containsExactly(Flags.YOUNG_DEVICE, Flags.YOUNG_DEVICE, 0);
    // Its third account makes it shared at 3 h, when it is no longer young.
    assertThat(f.get(2) & Flags.SHARED_DEVICE).isEqualTo(Flags.SHARED_DEVICE);
  }

  @Test
  void marksTheThirdViewWithinTheRepeatWindowAsRepeat() throws Exception {
    long old = at(-400 * DAY);
    List<Integer> f = flags(view("a", "d1", old, 9000, at(0)), view("a", "d1", old, 9000, at(10 * MINUTE)),
        view("a", "d1", old, 9000, at(20 * MINUTE)), view("a", "d1", old, 9000, at(3 * HOUR)));
    assertThat(f).extracting(x -> Flags.has(x, Flags.REPEAT)).containsExactly(false, false, true, false);
  }

  @Test
  void marksLikesAndFollowsWithNoViewByTheSameAccount() throws Exception {
    long old = at(-400 * DAY);
    List<Integer> f = flags(view("a", "d-a", old, 9000, at(0)), act(EngagementKind.LIKE, "a", at(5000)),
        act(EngagementKind.LIKE, "b", at(6000)), act(EngagementKind.FOLLOW, "c", at(7000)),
        act(EngagementKind.LIKE, "a", at(8 * HOUR)));
    assertThat(f).extracting(x -> Flags.has(x, Flags.NO_VIEW)).containsExactly(false, false, true, true, true);
  }

  @Test
  void marksAnUnfollowOfARecentFollowAsWithdrawn() throws Exception {
    List<Integer> f = flags(act(EngagementKind.FOLLOW, "a", at(0)), act(EngagementKind.UNFOLLOW, "a", at(DAY)),
        act(EngagementKind.FOLLOW, "b", at(0)), act(EngagementKind.UNFOLLOW, "b", at(30 * DAY)));
    assertThat(Flags.has(f.get(1), Flags.WITHDRAWN)).isTrue();
    assertThat(Flags.has(f.get(3), Flags.WITHDRAWN)).isFalse();
  }

  @Test
  void marksEventsFromADeviceThreeAccountsUse() throws Exception {
    long old = at(-400 * DAY);
    List<Integer> f = flags(view("a", "farm-phone", old, 9000, at(0)), view("b", "farm-phone", old, 9000, at(MINUTE)),
        view("c", "farm-phone", old, 9000, at(2 * MINUTE)), view("a", "farm-phone", old, 9000, at(3 * MINUTE)),
        view("d", "family-phone", old, 9000, at(0)), view("e", "family-phone", old, 9000, at(MINUTE)));
    assertThat(f).extracting(x -> Flags.has(x, Flags.SHARED_DEVICE)).containsExactly(false, false, true, true, false, false);
  }

  @Test
  void emitsLockstepBandsOnceTheAccountHitsEnoughVideosAndForgetsItLater() throws Exception {
    long old = at(-400 * DAY);
    for (int i = 0; i < 3; i++) {
      EngagementEvent e = Traffic.event(EngagementKind.VIEW, "v" + i, "c1", "a", "d1", "p1", old, 9000L, at(i * MINUTE));
      flags(e);
    }
    List<StreamRecord<LockstepHit>> hits = new ArrayList<>(accounts.getSideOutput(AccountFeatures.LOCKSTEP));
    // From its second video (lockstep.min-videos-significant: two-video groups are judged by significance), one hit per band.
    int bands = DetectionSettings.defaults().lockstepBands;
    assertThat(DetectionSettings.defaults().lockstepSmallestSet).isEqualTo(2);
    assertThat(hits).hasSize(2 * bands);
    assertThat(hits.subList(0, bands)).allSatisfy(h -> assertThat(h.getValue().videoSet).hasSize(2));
    assertThat(hits.subList(bands, 2 * bands)).allSatisfy(h -> {
      assertThat(h.getValue().videoSet).hasSize(3);
      assertThat(h.getValue().creatorHash).isEqualTo("c1".hashCode());
    });

    accounts.processWatermark(at(30 * DAY));
    devices.processWatermark(at(30 * DAY));
    assertThat(accounts.numKeyedStateEntries()).isZero();
    assertThat(devices.numKeyedStateEntries()).isZero();
    assertThat(accounts.numEventTimeTimers()).isZero();
  }

  @Test
  void anAccountsFirstHitOfTheHourAndFirstOnAVideoAreMarkedForTheReach() {
    com.creatormarket.integrity.faketraffic.model.AccountHistory h = com.creatormarket.integrity.faketraffic.model.AccountHistory.empty(16);
    long hour = at(2 * HOUR);
    assertThat(AccountFeatures.firstThisEpoch(h, 1, hour)).as("nothing yet").isEqualTo(Flags.FIRST_ON_VIDEO | Flags.FIRST_OF_ACCOUNT);
    h.add(1, hour - 5 * MINUTE, com.creatormarket.integrity.faketraffic.model.Kinds.VIEW);
    assertThat(AccountFeatures.firstThisEpoch(h, 1, hour)).as("only the hour before").isEqualTo(Flags.FIRST_ON_VIDEO | Flags.FIRST_OF_ACCOUNT);
    h.add(1, hour + MINUTE, com.creatormarket.integrity.faketraffic.model.Kinds.VIEW);
    assertThat(AccountFeatures.firstThisEpoch(h, 1, hour)).as("again on the video this hour").isZero();
    assertThat(AccountFeatures.firstThisEpoch(h, 2, hour)).as("another video this hour").isEqualTo(Flags.FIRST_ON_VIDEO);
  }
}
