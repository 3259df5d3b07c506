package com.creatormarket.integrity.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Every version of every contract shipped in this jar: released sets and the current one. */
public final class SchemaCatalog {

  public static final String CATALOG_RESOURCE = "schemas/catalog.txt";

  private SchemaCatalog() {}

  /** All schema sets, oldest release first, the current set last. */
  public static List<SchemaSet> allVersions() {
    List<SchemaSet> sets = new ArrayList<>();
    try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(CATALOG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CATALOG_RESOURCE + " missing: the schemas module was not built with its compatibility check");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String label = null;
      List<String> paths = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("# ")) {
          if (label != null) {
            sets.add(SchemaSet.fromClasspath(label, paths));
          }
          label = line.substring(2).trim();
          paths = new ArrayList<>();
        } else if (!line.isBlank()) {
          paths.add(line.trim());
        }
      }
      if (label != null) {
        sets.add(SchemaSet.fromClasspath(label, paths));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sets;
  }
}
