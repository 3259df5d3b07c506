package com.creatormarket.integrity.faketraffic.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import org.junit.jupiter.api.Test;

/** Issue #14: seven heavy honest viewers who meet on three popular videos are not a bought group. */
class LockstepMaterialityTest {

  static final DetectionSettings S = DetectionSettings.defaults();

  static VideoWindow group(int size, double share) {
    VideoWindow w = new VideoWindow();
    w.lockstepGroupSize = size;
    w.lockstepWeightedSize = size;
    w.lockstepRounds = 1;
    w.lockstepWindowMillis = 600_000;
    w.lockstepShare = share;
    return w;
  }

  @Test
  void aGroupThatIsASliverOfAPopularVideosViewsDoesNotCount() {
    SignalReading r = LockstepGroup.read(group(7, 0.02), S);
    assertThat(r.fired()).isFalse();
    assertThat(r.detail()).contains("2.0% of the video's views");
  }

  @Test
  void aGroupThatMakesAMaterialShareOfTheVideoCounts() {
    assertThat(LockstepGroup.read(group(7, 0.4), S).fired()).isTrue();
    assertThat(LockstepGroup.read(group(5, 0.9), S).fired()).as("still needs lockstep.min-group accounts").isFalse();
  }
}
