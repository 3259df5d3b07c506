package com.creatormarket.integrity.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.retention.model.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RetentionOptionsTest {

  @Test
  void readmeListsEveryKnobWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (Knob<?> knob : RetentionOptions.KNOBS) {
      assertThat(readme).as("README knobs table row for " + knob.key())
          .containsPattern("\\| `" + java.util.regex.Pattern.quote(knob.key()) + "` \\| `" + java.util.regex.Pattern.quote(knob.defaultText()) + "`");
    }
  }

  @Test
  void everyKnobHasADescriptionAndAUniqueKey() {
    assertThat(RetentionOptions.KNOBS).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    assertThat(RetentionOptions.KNOBS).extracting(Knob::key).doesNotHaveDuplicates();
  }

  @Test
  void defaultsAreTheMarketplaceRule() {
    RetentionPolicy policy = RetentionPolicy.from(RetentionOptions.fromArgs(new String[0]));
    assertThat(policy.calendar().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(policy.defaultDays()).isEqualTo(60);
    assertThat(policy.hideGraceMillis()).isEqualTo(Duration.ofHours(24).toMillis());
    assertThat(policy.decisionDelayMillis()).isEqualTo(Duration.ofMinutes(65).toMillis());
  }

  @Test
  void badValuesStopStartUpNamingTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> RetentionOptions.fromArgs(new String[] {"--retention.time-zone", "Mars/Olympus"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.time-zone").hasMessageContaining("IANA");
    assertThatThrownBy(() -> RetentionOptions.fromArgs(new String[] {"--retention.hide-grace", "a day"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.hide-grace");
    assertThatThrownBy(() -> RetentionOptions.fromArgs(new String[] {"--retention.default-days", "90", "--retention.max-days", "60"}))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.default-days").hasMessageContaining("retention.max-days");
  }
}
