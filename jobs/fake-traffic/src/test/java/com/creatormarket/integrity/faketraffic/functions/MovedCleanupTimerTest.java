package com.creatormarket.integrity.faketraffic.functions;

import static com.creatormarket.integrity.faketraffic.testing.Traffic.DAY;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.HOUR;
import static com.creatormarket.integrity.faketraffic.testing.Traffic.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.testing.Traffic;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A stage that moves its cleanup timer must not take away the timer records wait for: Flink keeps
 * one timer per key and time. The device stage's cleanup falls on whole hours; an event of the
 * device at exactly such an hour waits for the watermark under a timer at that time, and a later
 * event that moves the cleanup past it deleted that timer, so the waiting event was never decided
 * (fails on the stage before `EventTimeBuffer.holds`: two of three events come out). The stage now
 * waits in an EventTimeOrderedOperator, where no record waits under a timer; the event must still be decided.
 */
class MovedCleanupTimerTest {

  private static final long H0 = Instant.parse("2026-03-04T00:00:00Z").toEpochMilli();

  @Test
  void anEventAtTheTimeOfAMovedCleanupIsStillDecided() throws Exception {
    DetectionSettings s = DetectionSettings.defaults();
    long first = H0 + 10 * MINUTE;
    // The cleanup after the first event: the whole hour after first + device.window.
    long cleanup = ((first + s.deviceWindowMillis) / HOUR + 1) * HOUR;
    List<EngagementEvent> events = List.of(
        view("acc-1", first),
        view("acc-2", cleanup), // waits under a timer at the cleanup's very time
        view("acc-3", first + HOUR)); // moves the cleanup an hour later
    try (KeyedOneInputStreamOperatorTestHarness<String, AnnotatedEngagement, AnnotatedEngagement> devices =
        new KeyedOneInputStreamOperatorTestHarness<>(DeviceSharing.operator(s), e -> e.deviceId,
            Types.STRING)) {
      devices.open();
      for (EngagementEvent e : events) {
        devices.processElement(AnnotatedEngagement.of(e), e.getEventTime().toEpochMilli());
      }
      devices.processWatermark(cleanup + 3 * DAY);

      assertThat(devices.extractOutputValues()).extracting(a -> a.accountId).containsExactly("acc-1", "acc-3", "acc-2");
      assertThat(devices.numKeyedStateEntries()).as("state left").isZero();
    }
  }

  private static EngagementEvent view(String account, long t) {
    return Traffic.event(EngagementKind.VIEW, "v1", "c1", account, "device-1", "10.0.0", t - 400 * DAY, 10_000L, t);
  }
}
