package com.creatormarket.integrity.faketraffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Knob;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The detectors' settings: every knob has a unique key, and a change is validated as at start-up. */
class DetectionSettingsTest {

  @Test
  void everyKnobHasItsOwnKey() {
    Set<String> keys = new HashSet<>();
    for (Knob<?> k : FakeTrafficOptions.KNOBS) {
      assertThat(keys.add(k.key())).as(k.key()).isTrue();
    }
  }

  @Test
  void aRunTimeChangeYieldsNewSettingsAndLeavesTheOldOnesAlone() {
    DetectionSettings before = DetectionSettings.defaults();
    DetectionSettings after = before.with("score.review", "0.7");
    assertThat(after.review).isEqualTo(0.7);
    assertThat(before.review).isEqualTo(0.55);
    assertThat(after.enforce).isEqualTo(before.enforce);
  }

  @Test
  void aBadChangeIsRefusedNamingTheKey() {
    DetectionSettings s = DetectionSettings.defaults();
    assertThatThrownBy(() -> s.with("signal.ratio.weight", "2")).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("signal.ratio.weight");
    assertThatThrownBy(() -> s.with("no.such.knob", "1")).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("unknown key 'no.such.knob'");
    assertThatThrownBy(() -> s.with(Map.of("score.review", "0.9", "score.enforce", "0.8")))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("score.review");
    assertThatThrownBy(() -> s.with("sketch.items-map-size", "24")).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("power of 2");
  }
}
