package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.testing.KnobDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConsoleKnobsDocumentedTest {

  @Test
  void everyConsoleKnobIsInTheReadmesTable() {
    assertThat(KnobDocs.undocumented(Path.of("README.md"),
        ConsoleOptions.ALL.stream().filter(k -> !KafkaKnobs.ALL.contains(k)).toList())).isEmpty();
  }
}
