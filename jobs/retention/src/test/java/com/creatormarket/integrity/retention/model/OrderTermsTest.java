package com.creatormarket.integrity.retention.model;

import static com.creatormarket.integrity.retention.Fixtures.DAY;
import static com.creatormarket.integrity.retention.Fixtures.cancelled;
import static com.creatormarket.integrity.retention.Fixtures.changed;
import static com.creatormarket.integrity.retention.Fixtures.completed;
import static com.creatormarket.integrity.retention.Fixtures.created;
import static com.creatormarket.integrity.retention.Fixtures.defaultPolicy;
import static com.creatormarket.integrity.retention.Fixtures.local;
import static com.creatormarket.integrity.retention.Fixtures.published;
import static com.creatormarket.integrity.retention.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTermsTest {

  private final RetentionPolicy policy = defaultPolicy();
  private final long pub = local("2026-03-01T10:00");

  @Test
  void defaultRetentionIsSixtyNaturalDays() {
    OrderTerms t = terms(created("o1", null, null, pub - DAY), published("o1", "v1", pub, pub));
    assertThat(t.daysAt(pub, policy.defaultDays())).isEqualTo(60);
    assertThat(t.closesAt(policy)).isEqualTo(local("2026-04-30T00:00"));
  }

  @Test
  void orderStatedRetentionReplacesTheDefault() {
    OrderTerms t = terms(created("o1", 90, "mcn-1", pub - DAY), published("o1", "v1", pub, pub));
    assertThat(t.closesAt(policy)).isEqualTo(local("2026-05-30T00:00"));
    assertThat(t.agencyId).isEqualTo("mcn-1");
  }

  @Test
  void agreedExtensionMovesTheEndLater() {
    OrderTerms t = terms(published("o1", "v1", pub, pub), changed("o1", "v1", 90, local("2026-04-20T12:00")));
    assertThat(t.closesAt(policy)).isEqualTo(local("2026-05-30T00:00"));
    assertThat(t.daysAt(local("2026-04-20T11:59"), 60)).isEqualTo(60);
    assertThat(t.daysAt(local("2026-04-20T12:00"), 60)).isEqualTo(90);
  }

  @Test
  void agreedShorteningMovesTheEndEarlier() {
    OrderTerms t = terms(published("o1", "v1", pub, pub), changed("o1", "v1", 30, local("2026-03-10T12:00")));
    assertThat(t.closesAt(policy)).isEqualTo(local("2026-03-31T00:00"));
  }

  @Test
  void shorteningToAnEndAlreadyPastEndsTheDutyAtTheAgreement() {
    long agreedAt = local("2026-04-10T12:00");
    OrderTerms t = terms(published("o1", "v1", pub, pub), changed("o1", "v1", 30, agreedAt));
    assertThat(t.closesAt(policy)).isEqualTo(agreedAt);
  }

  @Test
  void changeAgreedAfterTheEndDoesNotReopenTheDuty() {
    OrderTerms t = terms(published("o1", "v1", pub, pub), changed("o1", "v1", 90, local("2026-05-05T12:00")));
    assertThat(t.closesAt(policy)).isEqualTo(local("2026-04-30T00:00"));
  }

  @Test
  void cancellationEndsTheDuty() {
    long cancelAt = local("2026-03-20T09:00");
    OrderTerms t = terms(published("o1", "v1", pub, pub), cancelled("o1", "v1", cancelAt));
    assertThat(t.closesAt(policy)).isEqualTo(cancelAt);
    assertThat(t.covers(cancelAt - 1, policy)).isTrue();
    assertThat(t.covers(cancelAt, policy)).isFalse();
  }

  @Test
  void mergeDoesNotDependOnArrivalOrder() {
    var c = created("o1", 90, "mcn-1", pub - DAY);
    var p = published("o1", "v1", pub, pub);
    var x = changed("o1", "v1", 75, local("2026-03-20T00:00"));
    var y = changed("o1", "v1", 45, local("2026-03-10T00:00"));
    OrderTerms forward = terms(c, p, x, y);
    assertThat(terms(y, x, p, c)).isEqualTo(forward);
    assertThat(terms(p, y, c, x, x)).isEqualTo(forward);
    assertThat(forward.changeAt).containsExactly(local("2026-03-10T00:00"), local("2026-03-20T00:00"));
  }

  @Test
  void completionDoesNotBearOnRetention() {
    assertThat(OrderTerms.from(completed("o1", "v1", pub))).isNull();
  }

  @ParameterizedTest
  @ValueSource(classes = {OrderTerms.class, OrderWatch.class, Visibility.class})
  void stateClassesAreFlinkPojosWithoutKryo(Class<?> type) {
    TypeInformation<?> info = TypeInformation.of(type);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
    for (int i = 0; i < pojo.getArity(); i++) {
      assertThat(pojo.getTypeAt(i)).as(pojo.getPojoFieldAt(i).getField().getName()).isNotInstanceOf(GenericTypeInfo.class);
    }
    SerializerConfigImpl strict = new SerializerConfigImpl();
    strict.setGenericTypes(false);
    assertThat(info.createSerializer(strict)).isNotNull();
  }
}
