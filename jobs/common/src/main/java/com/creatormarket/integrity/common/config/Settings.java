package com.creatormarket.integrity.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The values of a job's knobs, read from an optional properties file ({@code --config FILE}) and
 * overridden by {@code --key value} arguments. Unknown keys and bad values stop start-up with a
 * message naming the key and the allowed values.
 */
public final class Settings implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, Serializable> values;
  private final List<Knob<?>> knobs;

  private Settings(Map<String, Serializable> values, List<Knob<?>> knobs) {
    this.values = values;
    this.knobs = knobs;
  }

  public static Settings defaults(List<Knob<?>> knobs) {
    return from(Map.of(), "defaults", knobs);
  }

  public static Settings fromArgs(String[] args, List<Knob<?>> knobs) {
    Map<String, String> fromFile = new LinkedHashMap<>();
    Map<String, String> fromArgs = new LinkedHashMap<>();
    String file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new InvalidConfigException("arguments: expected '--key value' pairs, got '" + arg + "'"
            + (i + 1 >= args.length ? " with no value" : ""));
      }
      String key = arg.substring(2);
      String value = args[++i];
      if (key.equals("config")) {
        file = value;
      } else {
        fromArgs.put(key, value);
      }
    }
    if (file != null) {
      fromFile.putAll(readProperties(Path.of(file)));
    }
    Settings base = from(fromFile, file == null ? "defaults" : "config file " + file, knobs);
    Map<String, Serializable> merged = new HashMap<>(base.values);
    merged.putAll(from(fromArgs, "command line", knobs).explicit(fromArgs.keySet()));
    return new Settings(merged, knobs);
  }

  /** Builds settings from key/value text, e.g. in tests; {@code source} names where they came from in errors. */
  public static Settings from(Map<String, String> text, String source, List<Knob<?>> knobs) {
    Map<String, Knob<?>> byKey = new LinkedHashMap<>();
    knobs.forEach(k -> byKey.put(k.key(), k));
    Map<String, Serializable> values = new HashMap<>();
    knobs.forEach(k -> values.put(k.key(), k.defaultValue()));
    for (Map.Entry<String, String> e : text.entrySet()) {
      Knob<?> knob = byKey.get(e.getKey());
      if (knob == null) {
        throw new InvalidConfigException(String.format("%s: unknown key '%s'; known keys: %s",
            source, e.getKey(), String.join(", ", new TreeSet<>(byKey.keySet()))));
      }
      values.put(knob.key(), knob.parse(e.getValue(), source));
    }
    return new Settings(values, List.copyOf(knobs));
  }

  private Map<String, Serializable> explicit(Iterable<String> keys) {
    Map<String, Serializable> picked = new HashMap<>();
    keys.forEach(k -> picked.put(k, values.get(k)));
    return picked;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new InvalidConfigException("config file " + file + ": cannot be read: " + e.getMessage());
    }
    Map<String, String> text = new LinkedHashMap<>();
    properties.stringPropertyNames().stream().sorted().forEach(k -> text.put(k, properties.getProperty(k)));
    return text;
  }

  @SuppressWarnings("unchecked")
  public <T extends Serializable> T get(Knob<T> knob) {
    if (!values.containsKey(knob.key())) {
      throw new IllegalArgumentException("knob '" + knob.key() + "' is not one of this job's knobs");
    }
    return (T) values.get(knob.key());
  }

  public List<Knob<?>> knobs() {
    return new ArrayList<>(knobs);
  }

  /** A copy with some values replaced, e.g. a test's shorter windows. */
  public Settings with(Map<String, String> overrides) {
    Map<String, Serializable> merged = new HashMap<>(values);
    merged.putAll(from(overrides, "overrides", knobs).explicit(overrides.keySet()));
    return new Settings(merged, knobs);
  }
}
