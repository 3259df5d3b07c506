package com.creatormarket.integrity.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  enum Basis { FULL, PRO_RATA, NONE }

  static final Knob<Duration> GRACE = Knob.duration("retention.hide-grace", Duration.ofHours(24), Duration.ZERO, Duration.ofDays(30), "grace");
  static final Knob<Integer> DAYS = Knob.integer("retention.default-days", 60, 1, 3650, "days");
  static final Knob<Basis> BASIS = Knob.choice("refund.basis", Basis.FULL, "basis");
  static final Knob<ZoneId> ZONE = Knob.zone("retention.time-zone", ZoneId.of("Asia/Shanghai"), "zone");
  static final List<Knob<?>> KNOBS = List.of(GRACE, DAYS, BASIS, ZONE);

  @TempDir Path dir;

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    Settings s = Settings.fromArgs(new String[0], KNOBS);
    assertThat(s.get(GRACE)).isEqualTo(Duration.ofHours(24));
    assertThat(s.get(BASIS)).isEqualTo(Basis.FULL);
  }

  @Test
  void commandLineOverridesTheConfigFile() throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "retention.default-days=90\nretention.hide-grace=12h\nrefund.basis=pro-rata\n");

    Settings s = Settings.fromArgs(new String[] {"--config", file.toString(), "--retention.default-days", "30"}, KNOBS);

    assertThat(s.get(DAYS)).isEqualTo(30);
    assertThat(s.get(GRACE)).isEqualTo(Duration.ofHours(12));
    assertThat(s.get(BASIS)).isEqualTo(Basis.PRO_RATA);
  }

  @Test
  void badValueInFileNamesFileKeyAndAllowedValues() throws IOException {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "refund.basis=half\n");

    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"--config", file.toString()}, KNOBS))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("config file " + file + ": bad value 'half' for key 'refund.basis'; allowed: one of: full, pro_rata, none");
  }

  @Test
  void outOfRangeNumberNamesTheRange() {
    assertThatThrownBy(() -> Settings.from(Map.of("retention.default-days", "0"), "test", KNOBS))
        .hasMessageContaining("'retention.default-days'").hasMessageContaining("a whole number from 1 to 3650");
  }

  @Test
  void badDurationAndZoneAreRejected() {
    assertThatThrownBy(() -> Settings.from(Map.of("retention.hide-grace", "a day"), "test", KNOBS))
        .hasMessageContaining("written like 500ms, 30s, 15m, 24h or 2d");
    assertThatThrownBy(() -> Settings.from(Map.of("retention.time-zone", "Mars/Olympus"), "test", KNOBS))
        .hasMessageContaining("an IANA time zone");
  }

  @Test
  void unknownKeyIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> Settings.from(Map.of("retention.grace", "1h"), "test", KNOBS))
        .hasMessage("test: unknown key 'retention.grace'; known keys: refund.basis, retention.default-days, retention.hide-grace, retention.time-zone");
  }

  @Test
  void missingConfigFileIsAClearError() {
    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"--config", dir.resolve("nope.properties").toString()}, KNOBS))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void argumentWithoutValueIsRejected() {
    assertThatThrownBy(() -> Settings.fromArgs(new String[] {"--retention.default-days"}, KNOBS))
        .hasMessageContaining("with no value");
  }
}
