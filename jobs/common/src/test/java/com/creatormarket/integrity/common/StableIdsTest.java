package com.creatormarket.integrity.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StableIdsTest {

  @Test
  void sameCauseSameId() {
    assertThat(StableIds.of("refund", "o1", 42L)).isEqualTo(StableIds.of("refund", "o1", 42L)).startsWith("refund-").hasSize(7 + 32);
  }

  @Test
  void partsDoNotRunTogether() {
    assertThat(StableIds.of("k", "ab", "c")).isNotEqualTo(StableIds.of("k", "a", "bc"));
    assertThat(StableIds.of("k", "a")).isNotEqualTo(StableIds.of("j", "a"));
  }
}
