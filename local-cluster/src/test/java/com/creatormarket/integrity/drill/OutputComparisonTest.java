package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputComparisonTest {

  private static String refund(String id, long amount, String currency) {
    return "{\"refundId\": \"" + id + "\", \"orderId\": \"ord-" + id + "\", \"amountMinor\": " + amount + ", \"currency\": \"" + currency + "\"}";
  }

  @Test
  void findsDuplicateMissingUnexpectedAndDifferingRecordsById() {
    List<String> clean = List.of(refund("r1", 100, "CNY"), refund("r2", 200, "CNY"), refund("r3", 50, "USD"));
    List<String> faulted = List.of(refund("r1", 100, "CNY"), refund("r1", 100, "CNY"), refund("r2", 250, "CNY"), refund("r4", 50, "USD"));

    OutputComparison c = OutputComparison.of("refunds", clean, faulted);

    assertThat(c.duplicates()).containsExactly("r1");
    assertThat(c.missing()).containsExactly("r3");
    assertThat(c.unexpected()).containsExactly("r4");
    assertThat(c.differing()).containsExactly("r2");
    assertThat(c.identical()).isFalse();
    assertThat(c.verdict()).isEqualTo("1 duplicate, 1 missing, 1 unexpected, 1 differing");
    // Money is summed over the records as delivered: the duplicate counts twice.
    assertThat(c.cleanMoney()).isEqualTo(Map.of("CNY", 300L, "USD", 50L));
    assertThat(c.faultedMoney()).isEqualTo(Map.of("CNY", 450L, "USD", 50L));
  }

  @Test
  void theSameRecordsInAnotherOrderAreIdentical() {
    List<String> clean = List.of(refund("r1", 100, "CNY"), refund("r2", 200, "CNY"));
    OutputComparison c = OutputComparison.of("refunds", clean, List.of(clean.get(1), clean.get(0)));
    assertThat(c.identical()).isTrue();
    assertThat(c.verdict()).isEqualTo("identical");
  }

  @Test
  void caseVersionsAreToldApartByTheirVersionIdNotTheCaseId() {
    String v1 = "{\"caseId\": \"case-1\", \"version\": 1, \"caseVersionId\": \"case-1-v1\", \"level\": \"REVIEW\"}";
    String v2 = "{\"caseId\": \"case-1\", \"version\": 2, \"caseVersionId\": \"case-1-v2\", \"level\": \"ENFORCE\"}";
    OutputComparison c = OutputComparison.of("flagged-cases", List.of(v1, v2), List.of(v1));
    assertThat(c.duplicates()).isEmpty();
    assertThat(c.missing()).containsExactly("case-1-v2");
  }

  @Test
  void penaltiesSumPointsAndTerminationsCountOrders() {
    assertThat(OutputComparison.money("penalties", List.of("{\"penaltyId\": \"p1\", \"pointsDeducted\": 10}",
        "{\"penaltyId\": \"p2\", \"pointsDeducted\": 25}"))).isEqualTo(Map.of("points", 35L));
    assertThat(OutputComparison.money("order-terminations", List.of("{\"terminationId\": \"t1\"}"))).isEqualTo(Map.of("orders", 1L));
    assertThat(OutputComparison.money("verified-metrics", List.of("{\"metricsId\": \"m1\"}"))).isEmpty();
  }

  @Test
  void aRecordWithoutItsIdIsAnErrorNotASilentMatch() {
    assertThatThrownBy(() -> OutputComparison.of("refunds", List.of("{\"orderId\": \"o1\"}"), List.of()))
        .hasMessageContaining("refundId");
  }

  @Test
  void comparesEveryTopicOfTwoOutputFoldersAndTreatsAnAbsentFileAsEmpty(@TempDir Path dir) throws Exception {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Path faulted = Files.createDirectories(dir.resolve("faulted"));
    Files.write(clean.resolve("refunds.jsonl"), List.of(refund("r1", 100, "CNY")));
    Files.write(faulted.resolve("refunds.jsonl"), List.of());

    List<OutputComparison> all = OutputComparison.of(clean, faulted);

    assertThat(all).extracting(OutputComparison::topic).containsExactlyElementsOf(new java.util.TreeSet<>(OutputComparison.ID_FIELDS.keySet()));
    assertThat(all).filteredOn(c -> c.topic().equals("refunds")).singleElement().satisfies(c -> assertThat(c.missing()).containsExactly("r1"));
    assertThat(all).filteredOn(c -> !c.topic().equals("refunds")).allMatch(OutputComparison::identical);
  }
}
