package com.creatormarket.integrity.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * One version of the stream contracts: the record schemas of a folder laid out like {@code schemas/}
 * (shared enums in {@code types/}, parsed first, records beside them).
 */
public final class SchemaSet {

  private final String label;
  private final Map<String, Schema> records;

  private SchemaSet(String label, Map<String, Schema> records) {
    this.label = label;
    this.records = records;
  }

  /** Parses the set in {@code folder}; a file that does not parse fails with its path. */
  public static SchemaSet fromFolder(Path folder, String label) {
    List<Path> files = new ArrayList<>(avscIn(folder.resolve("types")));
    files.addAll(avscIn(folder));
    Map<String, String> sources = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        sources.put(folder.relativize(file).toString(), Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + file, e);
      }
    }
    return parse(label, sources);
  }

  /** Parses sources given in dependency order (shared types first), keyed by their file name. */
  public static SchemaSet parse(String label, Map<String, String> sourcesInOrder) {
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> records = new LinkedHashMap<>();
    sourcesInOrder.forEach(
        (file, text) -> {
          Schema schema;
          try {
            schema = parser.parse(text);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(label + ": schema " + file + " does not parse: " + e.getMessage(), e);
          }
          if (schema.getType() == Schema.Type.RECORD) {
            records.put(schema.getName(), schema);
          }
        });
    return new SchemaSet(label, records);
  }

  /** Reads a set from the classpath, listed by a catalog written at build time. */
  public static SchemaSet fromClasspath(String label, List<String> resourcePaths) {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String path : resourcePaths) {
      try (InputStream in = SchemaSet.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("schema resource missing from the classpath: " + path);
        }
        sources.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema resource " + path, e);
      }
    }
    return parse(label, sources);
  }

  private static List<Path> avscIn(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  public String label() {
    return label;
  }

  /** Record schemas by simple name, e.g. {@code EngagementEvent}. */
  public Map<String, Schema> records() {
    return records;
  }
}
