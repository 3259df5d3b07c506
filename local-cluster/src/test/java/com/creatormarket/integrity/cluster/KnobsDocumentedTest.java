package com.creatormarket.integrity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.enforcement.EnforcementOptions;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import com.creatormarket.integrity.retention.RetentionOptions;
import com.creatormarket.integrity.testing.KnobDocs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every knob appears in a README knobs table: the shared ones in jobs/common, the rest in their job's. */
class KnobsDocumentedTest {

  private static List<Knob<?>> ownKnobs(List<Knob<?>> all) {
    return all.stream().filter(k -> !KafkaKnobs.ALL.contains(k)).toList();
  }

  @Test
  void sharedKnobsAreInTheCommonReadme() {
    assertThat(KnobDocs.undocumented(Path.of("../jobs/common/README.md"), KafkaKnobs.ALL)).isEmpty();
  }

  @Test
  void retentionKnobsAreInItsReadme() {
    assertThat(KnobDocs.undocumented(Path.of("../jobs/retention/README.md"), ownKnobs(RetentionOptions.KNOBS))).isEmpty();
  }

  @Test
  void fakeTrafficKnobsAreInItsReadme() {
    assertThat(KnobDocs.undocumented(Path.of("../jobs/fake-traffic/README.md"), ownKnobs(FakeTrafficOptions.KNOBS))).isEmpty();
  }

  @Test
  void enforcementKnobsAreInItsReadme() {
    assertThat(KnobDocs.undocumented(Path.of("../jobs/enforcement/README.md"), ownKnobs(EnforcementOptions.KNOBS))).isEmpty();
  }
}
