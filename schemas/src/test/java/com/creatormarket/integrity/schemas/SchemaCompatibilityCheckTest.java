package com.creatormarket.integrity.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCompatibilityCheckTest {

  @TempDir Path copy;

  @BeforeEach
  void copyTheRealSchemas() throws IOException {
    Path source = Path.of(System.getProperty("user.dir"));
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).toList()) {
        Path rel = source.relativize(file);
        if (rel.startsWith("target")) {
          continue;
        }
        Files.createDirectories(copy.resolve(rel).getParent());
        Files.copy(file, copy.resolve(rel));
      }
    }
  }

  @Test
  void currentSchemasAreCompatibleWithTheLastRelease() {
    assertThat(SchemaCompatibilityCheck.check(Path.of(System.getProperty("user.dir")))).isEmpty();
  }

  @Test
  void newFieldWithoutDefaultIsRejectedNamingSchemaAndField() throws IOException {
    replaceIn("EngagementEvent.avsc",
        "{\"name\": \"eventId\"", "{\"name\": \"campaignId\", \"type\": \"string\", \"doc\": \"x\"},\n    {\"name\": \"eventId\"");

    List<String> problems = SchemaCompatibilityCheck.check(copy);

    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("EngagementEvent: field 'campaignId' breaks backward")
        .contains("READER_FIELD_MISSING_DEFAULT"));
  }

  @Test
  void newFieldWithDefaultIsAccepted() throws IOException {
    replaceIn("EngagementEvent.avsc",
        "{\"name\": \"eventId\"", "{\"name\": \"campaignId\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"x\"},\n    {\"name\": \"eventId\"");

    assertThat(SchemaCompatibilityCheck.check(copy)).isEmpty();
  }

  @Test
  void removingAFieldWithoutDefaultBreaksOldReaders() throws IOException {
    replaceIn("Refund.avsc", "{\"name\": \"creatorId\", \"type\": \"string\", \"doc\": \"The order's creator.\"},", "");

    assertThat(SchemaCompatibilityCheck.check(copy)).anySatisfy(p -> assertThat(p)
        .startsWith("Refund: field 'creatorId' breaks forward"));
  }

  @Test
  void changingAFieldTypeIsRejected() throws IOException {
    replaceIn("Penalty.avsc", "{\"name\": \"pointsDeducted\", \"type\": \"int\"", "{\"name\": \"pointsDeducted\", \"type\": \"string\"");

    assertThat(SchemaCompatibilityCheck.check(copy)).anySatisfy(p -> assertThat(p)
        .startsWith("Penalty: field 'pointsDeducted' breaks"));
  }

  @Test
  void removingASchemaIsRejected() throws IOException {
    Files.delete(copy.resolve("ContentFinding.avsc"));

    assertThat(SchemaCompatibilityCheck.check(copy)).containsExactly(
        "ContentFinding: schema removed; released " + lastRelease() + " still has readers and writers");
  }

  /** The newest folder under released/ (v1, v2, ...), which the check compares against. */
  private String lastRelease() throws IOException {
    try (Stream<Path> dirs = Files.list(copy.resolve("released"))) {
      return dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("v\\d+"))
          .max(java.util.Comparator.comparingInt(n -> Integer.parseInt(n.substring(1)))).orElseThrow();
    }
  }

  private void replaceIn(String file, String from, String to) throws IOException {
    Path path = copy.resolve(file);
    // Whitespace is dropped on both sides so the edit does not depend on the file's layout.
    String text = Files.readString(path).replaceAll("\\s+", "");
    String compactFrom = from.replaceAll("\\s+", "");
    assertThat(text).contains(compactFrom);
    Files.writeString(path, text.replace(compactFrom, to));
  }
}
