package com.creatormarket.integrity.common.checks;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** Field-level facts the input checks of every job share. */
public final class Fields {

  private static final Set<String> ISO_4217 = Currency.getAvailableCurrencies().stream()
      .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

  private Fields() {}

  /** Null, empty or only white space: an id that names nothing. */
  public static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** An ISO 4217 currency code the JDK knows (CNY, USD, JPY, ...); money is minor units of it. */
  public static boolean isoCurrency(String code) {
    return code != null && ISO_4217.contains(code);
  }
}
