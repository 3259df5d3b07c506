package com.creatormarket.integrity.simulator;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The truth file agrees with the events, for every attack kind and every retention case the shipped scenarios hold. */
class GroundTruthTest {

  @Test
  void smokeTruthAgreesWithItsEvents(@TempDir Path dir) throws Exception {
    TruthChecks.verify(Runs.generate("smoke", dir));
  }

  @Test
  void retentionScenarioTruthAgreesWithItsEvents(@TempDir Path dir) throws Exception {
    TruthChecks.verify(Runs.generate("retention-70d", dir));
  }

  @Test
  void midDayTruthAgreesWithItsEvents(@TempDir Path dir) throws Exception {
    TruthChecks.verify(Runs.generate("mid-day", dir));
  }
}
