package com.creatormarket.integrity.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times, money and shares. */
public final class Fmt {

  private Fmt() {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public static String time(Object epochMillis) {
    if (epochMillis == null) {
      return "-";
    }
    return TIME.format(Instant.ofEpochMilli(((Number) epochMillis).longValue()));
  }

  public static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  public static String money(Object minor, Object currency) {
    if (minor == null) {
      return "-";
    }
    long m = ((Number) minor).longValue();
    return String.format(Locale.ROOT, "%,d.%02d %s", m / 100, Math.abs(m % 100), currency == null ? "" : currency);
  }

  public static String score(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  public static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e12) {
      return String.format(Locale.ROOT, "%,d", (long) d);
    }
    return String.format(Locale.ROOT, "%.3f", d);
  }

  public static String share(double d) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * d);
  }

  public static String duration(long millis) {
    long minutes = millis / 60_000;
    if (minutes < 120) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    return hours < 72 ? hours + " h" : hours / 24 + " d";
  }

  public static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public static String orBlank(Object o) {
    return o == null ? "" : o.toString();
  }
}
