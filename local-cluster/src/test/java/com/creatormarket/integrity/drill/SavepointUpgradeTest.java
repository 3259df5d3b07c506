package com.creatormarket.integrity.drill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SavepointUpgradeTest {

  @Test
  void aFailedStopIsReportedByItsInnermostCauseWithoutTheStack() {
    // As Flink's REST API answers: one JSON string, its newlines escaped.
    String answer = "stop with savepoint of 2c79 failed: {\"class\":\"java.util.concurrent.CompletionException\",\"stack-trace\":"
        + "\"java.util.concurrent.CompletionException: x\\n\\tat a.b(C.java:1)\\nCaused by: org.apache.flink.runtime.checkpoint"
        + ".CheckpointException: Checkpoint was declined (task is closing)\\n\\tat d.e(F.java:2)\\nCaused by: org.apache.flink"
        + ".runtime.checkpoint.FinishedTaskStateProvider$PartialFinishingNotSupportedByStateException: The vertex Source: "
        + "engagement-source has used UnionListState, but part of its tasks has called operators' finish method.\\n\\tat g.h(I.java:3)\"}";
    assertThat(SavepointUpgrade.reason(answer)).isEqualTo("org.apache.flink.runtime.checkpoint.FinishedTaskStateProvider"
        + "$PartialFinishingNotSupportedByStateException: The vertex Source: engagement-source has used UnionListState, but part of"
        + " its tasks has called operators' finish method.");
    assertThat(SavepointUpgrade.reason("connection refused")).isEqualTo("connection refused");
  }
}
