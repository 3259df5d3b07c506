package com.creatormarket.integrity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #15: amounts are shown with each currency's own minor units, not always two decimals. */
class DemoSummaryMoneyTest {

  @Test
  void eachCurrencyIsShownWithItsOwnDigits() {
    assertThat(DemoSummary.amount("JPY", 123_457)).isEqualTo("JPY 123,457");
    assertThat(DemoSummary.amount("USD", 123_457)).isEqualTo("USD 1,234.57");
    assertThat(DemoSummary.amount("CNY", 100)).isEqualTo("CNY 1.00");
    assertThat(DemoSummary.amount("KWD", 1_234_567)).isEqualTo("KWD 1,234.567");
  }

  @Test
  void aCodeJavaDoesNotKnowIsShownInMinorUnitsAndSaysSo() {
    assertThat(DemoSummary.amount("XYZ", 4_200)).isEqualTo("XYZ 4,200 (minor units)");
  }

  @Test
  void totalsPerCurrencyAreJoinedInTheirOrder() {
    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put("CNY", 23_832_500L);
    totals.put("JPY", 50_000L);
    assertThat(DemoSummary.money(totals)).isEqualTo("CNY 238,325.00, JPY 50,000");
    assertThat(DemoSummary.money(Map.of())).isEqualTo("none");
  }
}
