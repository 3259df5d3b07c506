package com.creatormarket.integrity.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether the current contracts may be released: every record schema must stay backward
 * compatible (new readers read old records) and forward compatible (old readers read new records)
 * with its last released version under {@code released/vN/}. Run at build time; also writes the
 * catalog of schema resources the runtime schema store loads.
 */
public final class SchemaCompatibilityCheck {

  private SchemaCompatibilityCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SchemaCompatibilityCheck <schemas folder> <catalog file to write>");
      System.exit(2);
    }
    Path folder = Path.of(args[0]);
    List<String> problems = check(folder);
    if (!problems.isEmpty()) {
      System.err.println("Schema compatibility check FAILED against the last released version:");
      problems.forEach(p -> System.err.println("  - " + p));
      System.err.println(
          "Make the change compatible (e.g. give a new field a default), or, for a deliberate break,"
              + " introduce a new schema name and topic.");
      // A non-zero exit fails the Maven build at this phase.
      System.exit(1);
    }
    writeCatalog(folder, Path.of(args[1]));
    System.out.println("Schema compatibility check passed against " + latestRelease(folder).map(Path::toString).orElse("no release yet"));
  }

  /** Every incompatibility between the current set and the latest release, one line each. */
  public static List<String> check(Path schemasFolder) {
    SchemaSet current = SchemaSet.fromFolder(schemasFolder, "current");
    Optional<Path> release = latestRelease(schemasFolder);
    if (release.isEmpty()) {
      return List.of();
    }
    SchemaSet released = SchemaSet.fromFolder(release.get(), release.get().getFileName().toString());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Schema> old : released.records().entrySet()) {
      Schema now = current.records().get(old.getKey());
      if (now == null) {
        problems.add(old.getKey() + ": schema removed; released " + released.label() + " still has readers and writers");
        continue;
      }
      describe(old.getKey(), "backward (a new reader cannot read records written with " + released.label() + ")",
          SchemaCompatibility.checkReaderWriterCompatibility(now, old.getValue()), now, problems);
      describe(old.getKey(), "forward (a " + released.label() + " reader cannot read records written now)",
          SchemaCompatibility.checkReaderWriterCompatibility(old.getValue(), now), old.getValue(), problems);
    }
    return problems;
  }

  private static void describe(String name, String direction, SchemaPairCompatibility result, Schema reader, List<String> problems) {
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      problems.add(String.format("%s: field '%s' breaks %s: %s %s (at %s)",
          name, fieldPath(reader, incompatibility.getLocation()), direction, incompatibility.getType(),
          incompatibility.getMessage(), incompatibility.getLocation()));
    }
  }

  /** Turns a location such as /fields/3/type/fields/0 into a dotted field path of the reader schema. */
  static String fieldPath(Schema reader, String location) {
    List<String> names = new ArrayList<>();
    Schema schema = reader;
    String[] steps = location.split("/");
    for (int i = 0; i < steps.length && schema != null; i++) {
      String step = steps[i];
      switch (step) {
        case "fields" -> {
          if (i + 1 < steps.length && schema.getType() == Schema.Type.RECORD) {
            int index = Integer.parseInt(steps[++i]);
            if (index < schema.getFields().size()) {
              Schema.Field field = schema.getFields().get(index);
              names.add(field.name());
              schema = field.schema();
            } else {
              schema = null;
            }
          }
        }
        case "items" -> schema = schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : null;
        case "values" -> schema = schema.getType() == Schema.Type.MAP ? schema.getValueType() : null;
        case "type", "" -> { }
        default -> {
          if (schema.getType() == Schema.Type.UNION && step.chars().allMatch(Character::isDigit)) {
            schema = schema.getTypes().get(Integer.parseInt(step));
          }
        }
      }
    }
    return names.isEmpty() ? "(record)" : String.join(".", names);
  }

  static Optional<Path> latestRelease(Path schemasFolder) {
    Path released = schemasFolder.resolve("released");
    if (!Files.isDirectory(released)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(released)) {
      return versions.filter(p -> p.getFileName().toString().matches("v\\d+"))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(1))));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + released, e);
    }
  }

  /** Lists every schema file, released versions included, in parse order, as classpath resource paths. */
  static void writeCatalog(Path schemasFolder, Path catalog) throws IOException {
    List<String> lines = new ArrayList<>();
    Path released = schemasFolder.resolve("released");
    if (Files.isDirectory(released)) {
      try (Stream<Path> versions = Files.list(released)) {
        for (Path version : versions.sorted().toList()) {
          lines.add("# " + version.getFileName());
          appendSet(schemasFolder, version, lines);
        }
      }
    }
    lines.add("# current");
    appendSet(schemasFolder, schemasFolder, lines);
    Files.createDirectories(catalog.getParent());
    Files.write(catalog, lines);
  }

  private static void appendSet(Path root, Path setFolder, List<String> lines) throws IOException {
    for (Path sub : List.of(setFolder.resolve("types"), setFolder)) {
      if (!Files.isDirectory(sub)) {
        continue;
      }
      try (Stream<Path> files = Files.list(sub)) {
        files.filter(f -> f.getFileName().toString().endsWith(".avsc")).sorted()
            .forEach(f -> lines.add("schemas/" + root.relativize(f).toString().replace('\\', '/')));
      }
    }
  }
}
