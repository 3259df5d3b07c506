package com.creatormarket.integrity.testing;

import com.creatormarket.integrity.common.config.Knob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks a job README against the job's knobs: every key must appear in its knobs table. */
public final class KnobDocs {

  private KnobDocs() {}

  /** Keys of knobs that no table row of the README names (a row starts with "| `key` |"). */
  public static List<String> undocumented(Path readme, List<Knob<?>> knobs) {
    String text;
    try {
      text = Files.readString(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme, e);
    }
    return knobs.stream().map(Knob::key).filter(key -> !text.contains("| `" + key + "` |")).toList();
  }
}
