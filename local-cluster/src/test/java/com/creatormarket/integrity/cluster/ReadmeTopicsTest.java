package com.creatormarket.integrity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's topics table is what the jobs and `up` use: names, keys, partitions, compaction. */
class ReadmeTopicsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| (\\w+) \\| (\\w+) \\| (\\d+)(, compacted)? \\|.*");

  @Test
  void topicsTableMatchesTheTopicCatalog() throws IOException {
    Map<String, String> documented = new TreeMap<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        documented.put(m.group(1), m.group(2) + " " + m.group(3) + " " + m.group(4) + (m.group(5) != null ? " compacted" : ""));
      }
    }
    Map<String, String> actual = new TreeMap<>();
    for (Topic<?> t : Topics.ALL) {
      actual.put(t.name(), t.keyField() + " " + t.valueType().getSimpleName() + " " + t.partitions() + (t.compacted() ? " compacted" : ""));
    }
    assertThat(documented).isEqualTo(actual);
  }
}
