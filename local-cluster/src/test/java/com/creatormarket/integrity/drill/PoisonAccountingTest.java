package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoisonAccountingTest {

  private static final String HEADER = "topic\tpartition\toffset\tlabel\tkind\tcode\treaders";

  private static PoisonAccounting.Letter letter(String job, String topic, int partition, long offset, String kind, String code) {
    return new PoisonAccounting.Letter(job, topic, partition, offset, kind, code);
  }

  @Test
  void eachBadRecordNeedsOneDeadLetterPerReadingJobAtItsCoordinates() {
    List<String> listing = List.of(HEADER,
        "order-events\t0\t5\trandom-bytes\tUNREADABLE\tundecodable\tfake-traffic,retention",
        "engagement-events\t1\t9\tdated-2100\tINVALID\tfuture-event-time\tfake-traffic");
    List<PoisonAccounting.Letter> letters = List.of(
        letter("fake-traffic", "order-events", 0, 5, "UNREADABLE", "undecodable"),
        letter("retention", "order-events", 0, 5, "UNREADABLE", "undecodable"),
        letter("fake-traffic", "engagement-events", 1, 9, "INVALID", "future-event-time"),
        letter("enforcement", "review-decisions", 0, 3, "INVALID", "unknown-case"));

    PoisonAccounting p = PoisonAccounting.of(listing, letters);

    assertThat(p.complete()).isTrue();
    assertThat(p.expected()).isEqualTo(3);
    assertThat(p.matched()).isEqualTo(3);
    assertThat(p.ofGoodRecords()).containsExactly("enforcement review-decisions INVALID unknown-case");
  }

  @Test
  void reportsMissingDuplicatedAndWronglyReasonedDeadLetters() {
    List<String> listing = List.of(HEADER,
        "order-events\t0\t5\trandom-bytes\tUNREADABLE\tundecodable\tfake-traffic,retention",
        "engagement-events\t1\t9\tdated-2100\tINVALID\tfuture-event-time\tfake-traffic");
    List<PoisonAccounting.Letter> letters = List.of(
        letter("fake-traffic", "order-events", 0, 5, "UNREADABLE", "undecodable"),
        letter("fake-traffic", "order-events", 0, 5, "UNREADABLE", "undecodable"),
        letter("fake-traffic", "engagement-events", 1, 9, "LATE", "late"));

    PoisonAccounting p = PoisonAccounting.of(listing, letters);

    assertThat(p.complete()).isFalse();
    assertThat(p.missing()).containsExactly("retention order-events[0]@5 random-bytes");
    assertThat(p.duplicated()).containsExactly("fake-traffic order-events[0]@5 random-bytes: 2 dead letters");
    assertThat(p.wrong()).containsExactly("fake-traffic engagement-events[1]@9 dated-2100: expected INVALID future-event-time, got LATE late");
  }
}
