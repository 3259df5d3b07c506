package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.avro.DeadLetterKind;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PoisonRecordsTest {

  private static final Instant AT = Instant.parse("2025-03-04T00:00:00Z");

  @Test
  void everyInputTopicGetsEveryKindOfBadRecordAndItsRuleBreakers() {
    List<PoisonRecord> all = PoisonRecords.everyKind(1, AT);

    assertThat(InputReaders.TOPICS).extracting(Topic::name)
        .containsExactly("engagement-events", "order-events", "video-lifecycle", "review-decisions", "content-findings");
    for (Topic<?> topic : InputReaders.TOPICS) {
      Set<String> labels = all.stream().filter(r -> r.topic() == topic).map(PoisonRecord::label).collect(Collectors.toSet());
      assertThat(labels).as(topic.name()).contains(PoisonRecords.RANDOM_BYTES, PoisonRecords.EMPTY_VALUE, PoisonRecords.TRUNCATED,
          PoisonRecords.UNKNOWN_FINGERPRINT, PoisonRecords.OTHER_TOPIC_RECORD, PoisonRecords.TOMBSTONE_RECORD,
          PoisonRecords.TOMBSTONE_NULL_KEY, PoisonRecords.NULL_KEY, PoisonRecords.CLAIMS_GIGABYTES, PoisonRecords.OVERSIZED,
          PoisonRecords.DATED_2100);
      assertThat(labels.stream().filter(l -> l.startsWith("rule:"))).as(topic.name() + " rule breakers").hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(all.stream().filter(r -> r.topic() == Topics.ENGAGEMENT).map(r -> r.label() + " " + r.code()))
        .contains("rule:view-without-watch-time missing-field", "rule:negative-watch-time watch-time-out-of-range",
            "rule:unknown-kind unknown-kind", "rule:blank-ids-null-key blank-id", "rule:account-created-2099 account-created-after-event");
    assertThat(all.stream().filter(r -> r.topic() == Topics.ORDERS).map(r -> r.label() + " " + r.code()))
        .contains("rule:negative-price negative-amount", "rule:currency-not-iso unknown-currency");
  }

  @Test
  void unreadableValuesDoNotDecodeAndTheOthersDo() throws IOException {
    for (PoisonRecord r : PoisonRecords.all(2_000, 7, AT)) {
      if (r.value() == null) {
        assertThat(r.code()).as(r.toString()).isEqualTo(PoisonRecords.TOMBSTONE);
      } else if (r.kind() == DeadLetterKind.UNREADABLE && !r.code().equals(PoisonRecords.TOO_LARGE)) {
        assertThatThrownBy(() -> r.topic().codec().decode(r.value())).as(r.toString()).isInstanceOf(IOException.class);
      } else {
        assertThat(r.topic().codec().decode(r.value())).as(r.toString()).isNotNull();
      }
    }
  }

  @Test
  void theGigabyteClaimIs18BytesAndTheOversizedRecordJustFitsTheBroker() throws IOException {
    List<PoisonRecord> all = PoisonRecords.everyKind(3, AT);

    assertThat(all).filteredOn(r -> r.label().equals(PoisonRecords.CLAIMS_GIGABYTES)).hasSize(5).allSatisfy(r -> {
      assertThat(r.value()).hasSize(18);
      assertThatThrownBy(() -> r.topic().codec().decode(r.value())).hasMessageContaining("String length 1900000000 exceeds");
    });
    assertThat(all).filteredOn(r -> r.label().equals(PoisonRecords.OVERSIZED)).hasSize(5)
        .allSatisfy(r -> assertThat(r.value()).hasSize(PoisonRecords.OVERSIZED_RECORD_BYTES));
    assertThat(all).filteredOn(r -> r.label().equals(PoisonRecords.DATED_2100)).hasSize(5).allSatisfy(r -> {
      assertThat(r.code()).isEqualTo(PoisonRecords.FUTURE_EVENT_TIME);
      assertThat(r.topic().codec().decode(r.value()).toString()).contains("2100-01-01");
    });
  }

  @Test
  void theMixIsUndecodableAndSpreadOverEveryInputTopic() {
    List<PoisonRecord> mix = PoisonRecords.undecodableMix(1_000, 5);

    assertThat(mix).hasSize(1_000).allSatisfy(r -> {
      assertThat(r.kind()).isEqualTo(DeadLetterKind.UNREADABLE);
      assertThat(r.code()).isEqualTo(PoisonRecords.UNDECODABLE);
      assertThat(r.label()).startsWith(PoisonRecords.MIX);
    });
    assertThat(mix.stream().map(PoisonRecord::topic).distinct()).hasSize(InputReaders.TOPICS.size());
    assertThat(mix.stream().map(PoisonRecord::label).distinct()).hasSize(6);
  }

  @Test
  void theSameSeedGivesTheSameBytes() {
    List<PoisonRecord> a = PoisonRecords.all(500, 11, AT);
    List<PoisonRecord> b = PoisonRecords.all(500, 11, AT);

    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).label()).isEqualTo(a.get(i).label());
      assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
      assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
    }
  }

  @Test
  void readersAreTheJobsThatReadEachTopic() {
    assertThat(InputReaders.of(Topics.ORDERS)).containsExactly(InputReaders.FAKE_TRAFFIC, InputReaders.RETENTION, InputReaders.ENFORCEMENT);
    assertThat(InputReaders.of(Topics.ENGAGEMENT)).containsExactly(InputReaders.FAKE_TRAFFIC);
    assertThat(InputReaders.of(Topics.LIFECYCLE)).containsExactly(InputReaders.RETENTION);
    assertThat(InputReaders.of(Topics.REVIEW_DECISIONS)).containsExactly(InputReaders.ENFORCEMENT);
    assertThat(InputReaders.of(Topics.CONTENT_FINDINGS)).containsExactly(InputReaders.ENFORCEMENT);
    assertThatThrownBy(() -> InputReaders.of(Topics.DETECTION_RULES)).hasMessageContaining("no job reads detection-rules");
  }
}
