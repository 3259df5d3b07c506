package com.creatormarket.integrity.faketraffic.signals;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.faketraffic.testing.Rig;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: a click farm behind residential proxies (every account on its own phone and home
 * network) leaves no device or prefix concentration; its accounts coming back again and again are
 * what is left, and enough to send the order to review.
 */
class ProxyFarmTest {

  static Traffic proxyFarm() {
    Traffic t = new Traffic(61);
    t.order("farmed", "v-farmed", "c-farmed", at(0), 60).honest("v-farmed", "c-farmed", at(0), at(12 * HOUR), 200);
    // 60 accounts, 60 phones, 60 networks: 1,500 views in four hours, about six an hour per account,
    // under three times the video's own rate (no velocity burst).
    t.clickFarm("v-farmed", "c-farmed", at(2 * HOUR), 4 * HOUR, 1500, 60, 60, 60);
    return t;
  }

  @Test
  void aProxyFarmIsSentToReviewOnItsRepeatViewsAlone() throws Exception {
    Rig rig = Rig.withDefaults().run(proxyFarm(), at(12 * HOUR));
    assertThat(rig.fired("farmed", Concentration.DEVICES)).isFalse();
    assertThat(rig.fired("farmed", Concentration.PREFIXES)).isFalse();
    assertThat(rig.fired("farmed", VelocityBurst.NAME)).isFalse();
    assertThat(rig.fired("farmed", RepeatEngagement.NAME)).isTrue();
    assertThat(rig.levelOf("farmed")).isEqualTo(ResponseLevel.REVIEW);
    rig.close();

    // At the weights before (repeats a generic signal, 0.45, full strength only when every view is a repeat) it was only recorded.
    DetectionSettings before = DetectionSettings.from(FakeTrafficOptions.defaults().with(Map.of(
        "signal.repeat.weight", "0.45", "signal.repeat.saturation", "1", "signal.repeat.share", "0.25")));
    Rig old = new Rig(before).run(proxyFarm(), at(12 * HOUR));
    assertThat(old.levelOf("farmed")).isEqualTo(ResponseLevel.RECORD_ONLY);
    old.close();
  }
}
