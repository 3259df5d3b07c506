package com.creatormarket.integrity.common.config;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * One typed setting: key, default, one-line description and the values it allows. Job READMEs list
 * every knob; a test checks they do.
 */
public final class Knob<T extends Serializable> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final T defaultValue;
  private final String description;
  private final String allowed;
  private final SerializableParser<T> parser;

  /** Parses the text form of a value; returns null when the text is not allowed. */
  @FunctionalInterface
  public interface SerializableParser<T> extends Function<String, T>, Serializable {}

  private Knob(String key, T defaultValue, String description, String allowed, SerializableParser<T> parser) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.allowed = allowed;
    this.parser = parser;
  }

  public static Knob<String> text(String key, String defaultValue, String description) {
    return new Knob<>(key, defaultValue, description, "any non-empty text", s -> s.isBlank() ? null : s.trim());
  }

  public static Knob<Integer> integer(String key, int defaultValue, int min, int max, String description) {
    return new Knob<>(key, defaultValue, description, "a whole number from " + min + " to " + max, s -> {
      try {
        int v = Integer.parseInt(s.trim());
        return v >= min && v <= max ? v : null;
      } catch (NumberFormatException e) {
        return null;
      }
    });
  }

  public static Knob<Long> longValue(String key, long defaultValue, long min, long max, String description) {
    return new Knob<>(key, defaultValue, description, "a whole number from " + min + " to " + max, s -> {
      try {
        long v = Long.parseLong(s.trim());
        return v >= min && v <= max ? v : null;
      } catch (NumberFormatException e) {
        return null;
      }
    });
  }

  public static Knob<Double> decimal(String key, double defaultValue, double min, double max, String description) {
    return new Knob<>(key, defaultValue, description, "a number from " + min + " to " + max, s -> {
      try {
        double v = Double.parseDouble(s.trim());
        return v >= min && v <= max ? v : null;
      } catch (NumberFormatException e) {
        return null;
      }
    });
  }

  public static Knob<Boolean> flag(String key, boolean defaultValue, String description) {
    return new Knob<>(key, defaultValue, description, "true or false", s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> null;
    });
  }

  public static Knob<Duration> duration(String key, Duration defaultValue, Duration min, Duration max, String description) {
    return new Knob<>(key, defaultValue, description,
        "a duration from " + Durations.format(min) + " to " + Durations.format(max) + " written like 500ms, 30s, 15m, 24h or 2d",
        s -> {
          Duration d = Durations.parse(s);
          return d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
        });
  }

  public static <E extends Enum<E>> Knob<E> choice(String key, E defaultValue, String description) {
    Class<E> type = defaultValue.getDeclaringClass();
    String names = String.join(", ", Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    return new Knob<>(key, defaultValue, description, "one of: " + names, s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s.trim().replace('-', '_'))) {
          return e;
        }
      }
      return null;
    });
  }

  public static Knob<ZoneId> zone(String key, ZoneId defaultValue, String description) {
    return new Knob<>(key, defaultValue, description, "an IANA time zone such as Asia/Shanghai or UTC", s -> {
      try {
        return ZoneId.of(s.trim());
      } catch (DateTimeException e) {
        return null;
      }
    });
  }

  /** Parses a value for this knob, or fails naming the key, the value and what is allowed. */
  public T parse(String text, String source) {
    T value = text == null ? null : parser.apply(text);
    if (value == null) {
      throw new InvalidConfigException(String.format("%s: bad value '%s' for key '%s'; allowed: %s",
          source, text, key, allowed));
    }
    return value;
  }

  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public String allowed() {
    return allowed;
  }

  /** The default as it would be written in a config file. */
  public String defaultText() {
    if (defaultValue instanceof Duration d) {
      return Durations.format(d);
    }
    if (defaultValue instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(defaultValue);
  }
}
