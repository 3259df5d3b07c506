package com.creatormarket.integrity.benchmarks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SyntheticTest {

  private static List<EngagementEvent> engagement(Shape shape, Synthetic.Stats[] stats) {
    List<EngagementEvent> events = new ArrayList<>();
    stats[0] = Synthetic.generate(shape, new Synthetic.Out() {
      @Override
      public <T extends SpecificRecord> void send(Topic<T> topic, String key, T value) {
        if (topic.equals(Topics.ENGAGEMENT)) {
          events.add((EngagementEvent) value);
        }
      }
    });
    return events;
  }

  @Test
  void everyAccountIsActiveOnceThereAreEnoughEvents() {
    Synthetic.Stats[] stats = new Synthetic.Stats[1];
    List<EngagementEvent> events = engagement(Shape.engagement("t.", 30_000, 100, 10_000, 0, 1, 21_600_000L), stats);
    Set<String> accounts = new HashSet<>();
    events.forEach(e -> accounts.add(e.getAccountId()));
    assertThat(accounts).hasSize(10_000);
    assertThat(stats[0].activeAccounts()).isEqualTo(10_000);
    assertThat(stats[0].activeVideos()).isEqualTo(100);
  }

  @Test
  void theHotVideoCarriesItsShare() {
    Synthetic.Stats[] stats = new Synthetic.Stats[1];
    List<EngagementEvent> events = engagement(Shape.engagement("t.", 20_000, 1_000, 1_000, 0.5, 1, 21_600_000L), stats);
    Map<String, Integer> perVideo = new HashMap<>();
    events.forEach(e -> perVideo.merge(e.getVideoId(), 1, Integer::sum));
    assertThat(perVideo.get("v0") / 20_000.0).isCloseTo(0.5, within(0.02));
  }

  @Test
  void theSameSeedGivesTheSameEvents() {
    Synthetic.Stats[] stats = new Synthetic.Stats[1];
    Shape shape = Shape.engagement("t.", 1_000, 10, 100, 0, 9, 21_600_000L);
    assertThat(engagement(shape, stats)).isEqualTo(engagement(shape, stats));
  }

  @Test
  void latencyIdsRoundTrip() {
    assertThat(Synthetic.latencySeq("L123")).isEqualTo(123);
    assertThat(Synthetic.latencySeq("e1-5")).isEqualTo(-1);
    assertThat(Synthetic.latencySeq("Lx")).isEqualTo(-1);
  }
}
