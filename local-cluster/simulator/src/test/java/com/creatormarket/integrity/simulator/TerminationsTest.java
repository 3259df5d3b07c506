package com.creatormarket.integrity.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.simulator.output.InputTopic;
import com.creatormarket.integrity.simulator.output.RecordFiles;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.ScenarioLoader;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import com.creatormarket.integrity.simulator.world.WorldBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order system's answer to our terminations (issue #15): a TERMINATED order event after the
 * attack, no COMPLETED after it, the creator's deletion after it inside the retention, listed in the
 * truth as no violation; and a world without the section is the world it was.
 */
class TerminationsTest {

  /** Orders complete a day after publication here, inside the span, so a terminated order's COMPLETED is really left out. */
  private static final String WORLD = """
      name: terminations
      start: 2025-03-03T00:00:00+08:00
      duration: 3d
      marketplace:
        advertisers: 5
        agencies: 1
        creators: 20
        agencyShare: 0.3
        orders: 40
        publishWindow: 12h
        completeAfter: 1d
      traffic:
        accounts: 2000
        viewsPerVideo: 30
      retention:
        creatorEarlyDeletions: 1
      terminations:
        orders: 3
        terminatedAfter: 4h
        deletedAfter: 20h
      attacks:
        - kind: slow_drip
          accounts: 20
          volume: 100
          duration: 1d
        - kind: click_farm
          accounts: 20
          volume: 100
          duration: 3h
        - kind: bought_follows
          accounts: 20
          volume: 20
        - kind: bot_views
          orders: 2
          accounts: 20
          volume: 100
          duration: 20m
      """;

  private static final Duration TERMINATED_AFTER = Duration.ofHours(4);
  private static final Duration DELETED_AFTER = Duration.ofHours(20);

  @Test
  void theOrderSystemTerminatesAfterTheAttackAndTheCreatorsDeletionIsNoViolation(@TempDir Path dir) throws Exception {
    Runs run = Runs.generate(ScenarioLoader.parse(WORLD, "terminations.yaml"), dir);
    TruthChecks.verify(run);
    GroundTruth truth = run.truth();
    // Bot views first, then bought likes or follows; never the click farm (third choice) nor the slow drip (caught over hours).
    assertThat(truth.terminations()).extracting(GroundTruth.Termination::attackKind)
        .containsExactlyInAnyOrder("BOT_VIEWS", "BOT_VIEWS", "BOUGHT_FOLLOWS");
    assertThat(truth.terminations()).extracting(GroundTruth.Termination::terminatedAt).isSorted();

    List<OrderEvent> orders = RecordFiles.readAll(dir, Topics.ORDERS);
    List<VideoLifecycleEvent> lifecycle = RecordFiles.readAll(dir, Topics.LIFECYCLE);
    for (GroundTruth.Termination t : truth.terminations()) {
      GroundTruth.Attack attack = truth.attacks().stream().filter(a -> a.attackId().equals(t.attackId())).findFirst().orElseThrow();
      assertThat(attack.targets()).singleElement().extracting(GroundTruth.Target::orderId).isEqualTo(t.orderId());
      assertThat(truth.attackedOrders()).extracting(GroundTruth.AttackedOrder::orderId).contains(t.orderId());
      assertThat(truth.honestOrders()).doesNotContain(t.orderId());

      // TERMINATED: after the attack's last event, terminatedAfter after its end, with the order's parties.
      OrderEvent terminated = only(orders, o -> o.getOrderId().equals(t.orderId()) && o.getKind() == OrderEventKind.TERMINATED);
      assertThat(terminated.getEventTime()).isAfter(attack.end()).isEqualTo(attack.plannedEnd().plus(TERMINATED_AFTER));
      OrderEvent created = only(orders, o -> o.getOrderId().equals(t.orderId()) && o.getKind() == OrderEventKind.CREATED);
      assertThat(terminated.getAdvertiserId()).isEqualTo(created.getAdvertiserId()).isEqualTo(t.advertiserId());
      assertThat(terminated.getCreatorId()).isEqualTo(created.getCreatorId()).isEqualTo(t.creatorId());
      assertThat(terminated.getAgencyId()).isEqualTo(created.getAgencyId()).isEqualTo(t.agencyId());
      assertThat(terminated.getVideoId()).isEqualTo(t.videoId()).isNotNull();
      assertThat(terminated.getEventId()).isEqualTo(t.terminationEventId()).startsWith("oe");

      // The order would have been completed inside the span: the order system left it out.
      Instant publishedAt = only(orders, o -> o.getOrderId().equals(t.orderId()) && o.getKind() == OrderEventKind.VIDEO_PUBLISHED)
          .getPublishedAt();
      assertThat(publishedAt.plus(Duration.ofDays(1))).isAfter(t.terminatedAt()).isBefore(truth.end());
      assertThat(orders).as("no COMPLETED for terminated " + t.orderId())
          .noneMatch(o -> o.getOrderId().equals(t.orderId()) && o.getKind() == OrderEventKind.COMPLETED);

      // The creator's deletion: deletedAfter after TERMINATED, inside the retention and the span.
      VideoLifecycleEvent deleted = only(lifecycle, l -> l.getVideoId().equals(t.videoId()) && l.getKind() == LifecycleKind.DELETED);
      assertThat(deleted.getEventTime()).isEqualTo(t.deletedAt()).isEqualTo(t.terminatedAt().plus(DELETED_AFTER))
          .isBefore(t.retentionEnd()).isBefore(truth.end());
      assertThat(deleted.getActor().name()).isEqualTo("CREATOR");
      assertThat(deleted.getEventId()).isEqualTo(t.deletionEventId()).startsWith("lc");
      assertThat(t.violation()).isFalse();
    }
    // Other orders complete as usual: the rule only leaves out the terminated ones.
    assertThat(orders.stream().filter(o -> o.getKind() == OrderEventKind.COMPLETED).count()).isGreaterThan(10);

    // The truth file lists them, each marked as no violation.
    JsonNode listed = truthJson(dir).get("terminations");
    assertThat(listed).hasSize(3);
    for (JsonNode n : listed) {
      assertThat(n.get("violation").asBoolean(true)).isFalse();
      assertThat(n.get("deletedAt").isTextual()).isTrue();
      assertThat(n.get("terminationEventId").asText()).isNotBlank();
    }
  }

  @Test
  void aBotViewsAttackThatEndsTooLateGivesWayToBoughtLikes() {
    // Bot views running past the span cannot be terminated inside it; the bought likes are taken instead.
    String world = """
        name: t
        start: 2025-03-03T00:00:00+08:00
        duration: 1d
        marketplace:
          advertisers: 5
          creators: 20
          orders: 40
          publishWindow: 6h
        traffic:
          accounts: 1000
          viewsPerVideo: 20
        attacks:
          - kind: bot_views
            accounts: 5
            volume: 5
            duration: 2d
          - kind: bought_likes
            accounts: 5
            volume: 5
        terminations:
          orders: 1
          terminatedAfter: 1h
          deletedAfter: 2h
        """;
    var w = WorldBuilder.build(ScenarioLoader.parse(world, "t.yaml"), 1);
    assertThat(w.terminations).singleElement().satisfies(t -> {
      assertThat(t.attack().kind.name()).isEqualTo("BOUGHT_LIKES");
      assertThat(t.deletedMs()).isLessThan(w.endMs);
    });
    // Two cannot be made: the world stops, naming the key and the way out.
    Scenario two = ScenarioLoader.parse(world.replace("orders: 1\n  terminatedAfter", "orders: 2\n  terminatedAfter"), "t.yaml");
    assertThat(two.terminations().orders()).isEqualTo(2);
    assertThatThrownBy(() -> WorldBuilder.build(two, 1))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("terminations.orders: 2 terminations need as many orders hit by bot_views")
        .hasMessageContaining("but only 1 of the 2 can");
  }

  @Test
  void withoutTheSectionEveryOtherRecordIsByteForByteTheSame(@TempDir Path with, @TempDir Path without) throws Exception {
    String plain = WORLD.replaceAll("(?m)^terminations:\\n(^  .*\\n)+", "");
    assertThat(plain).doesNotContain("terminations:").hasSizeLessThan(WORLD.length());
    compare(Runs.generate(ScenarioLoader.parse(WORLD, "terminations.yaml"), with),
        Runs.generate(ScenarioLoader.parse(plain, "terminations.yaml"), without));
  }

  @Test
  void smokeWithoutTheSectionIsSmokeAsItWas(@TempDir Path with, @TempDir Path without) throws Exception {
    String smoke;
    try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/smoke.yaml")) {
      smoke = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String plain = smoke.replaceAll("(?m)^# The order system's answer.*\\n(^#.*\\n)*^terminations:\\n(^  .*\\n)+", "");
    assertThat(plain).doesNotContain("terminations:").hasSizeLessThan(smoke.length());
    Runs terminated = Runs.generate(ScenarioLoader.parse(smoke, "smoke.yaml"), with);
    assertThat(terminated.truth().terminations()).hasSize(1);
    compare(terminated, Runs.generate(ScenarioLoader.parse(plain, "smoke.yaml"), without));
  }

  /**
   * Terminations have a random stream of their own and take no id from anything else: apart from the
   * TERMINATED events, the deletions, the COMPLETED events of the terminated orders and the engagement
   * on their videos after the deletion, every record is byte for byte the same, in the same order;
   * the truth differs only in its terminations and counts.
   */
  private static void compare(Runs terminated, Runs plain) throws IOException {
    assertThat(plain.world().terminations).isEmpty();
    assertThat(plain.truth().terminations()).isEmpty();
    assertThat(truthJson(plain.dir()).has("terminations")).as("no terminations key without the section").isFalse();
    assertThat(RecordFiles.readAll(plain.dir(), Topics.ORDERS)).noneMatch(o -> o.getKind() == OrderEventKind.TERMINATED);

    List<GroundTruth.Termination> ts = terminated.truth().terminations();
    assertThat(ts).isNotEmpty().allMatch(t -> t.deletedAt() != null);
    Set<String> terminatedOrders = ts.stream().map(GroundTruth.Termination::orderId).collect(Collectors.toSet());
    Set<String> eventIds = ts.stream().flatMap(t -> java.util.stream.Stream.of(t.terminationEventId(), t.deletionEventId()))
        .collect(Collectors.toSet());
    Map<String, Instant> deletedAt = ts.stream().collect(Collectors.toMap(GroundTruth.Termination::videoId,
        GroundTruth.Termination::deletedAt));

    var orderCodec = Topics.ORDERS.codec();
    List<String> plainOrders = raw(plain.dir(), InputTopic.ORDERS, (key, time, value) -> {
      OrderEvent e = orderCodec.decode(value);
      return !(terminatedOrders.contains(e.getOrderId()) && e.getKind() == OrderEventKind.COMPLETED);
    });
    long completedLeftOut = raw(plain.dir(), InputTopic.ORDERS, (k, t, v) -> true).size() - plainOrders.size();
    assertThat(raw(terminated.dir(), InputTopic.ORDERS,
        (key, time, value) -> !eventIds.contains(orderCodec.decode(value).getEventId()))).as("order events").isEqualTo(plainOrders);
    var lifecycleCodec = Topics.LIFECYCLE.codec();
    assertThat(raw(terminated.dir(), InputTopic.LIFECYCLE,
        (key, time, value) -> !eventIds.contains(lifecycleCodec.decode(value).getEventId())))
        .as("lifecycle events").isEqualTo(raw(plain.dir(), InputTopic.LIFECYCLE, (k, t, v) -> true));
    List<String> plainEngagement = raw(plain.dir(), InputTopic.ENGAGEMENT,
        (key, time, value) -> !deletedAt.containsKey(key) || time < deletedAt.get(key).toEpochMilli());
    long silenced = raw(plain.dir(), InputTopic.ENGAGEMENT, (k, t, v) -> true).size() - plainEngagement.size();
    assertThat(raw(terminated.dir(), InputTopic.ENGAGEMENT, (k, t, v) -> true)).as("engagement").isEqualTo(plainEngagement);
    for (InputTopic t : List.of(InputTopic.CONTENT_FINDINGS, InputTopic.REVIEW_DECISIONS)) {
      assertThat(Files.readAllBytes(terminated.dir().resolve(t.fileName()))).as(t.fileName())
          .isEqualTo(Files.readAllBytes(plain.dir().resolve(t.fileName())));
    }

    // The truth: the same but for the terminations and the counts they change.
    ObjectNode withTruth = truthJson(terminated.dir());
    ObjectNode plainTruth = truthJson(plain.dir());
    JsonNode counts = withTruth.get("eventCounts");
    JsonNode plainCounts = plainTruth.get("eventCounts");
    assertThat(counts.get(Topics.ORDERS.name()).asLong())
        .isEqualTo(plainCounts.get(Topics.ORDERS.name()).asLong() + ts.size() - completedLeftOut);
    assertThat(counts.get(Topics.LIFECYCLE.name()).asLong()).isEqualTo(plainCounts.get(Topics.LIFECYCLE.name()).asLong() + ts.size());
    assertThat(counts.get(Topics.ENGAGEMENT.name()).asLong()).isEqualTo(plainCounts.get(Topics.ENGAGEMENT.name()).asLong() - silenced);
    withTruth.remove("terminations");
    withTruth.set("eventCounts", plainCounts);
    assertThat(withTruth).isEqualTo(plainTruth);
  }

  private interface RecordFilter {
    boolean keep(String key, long timeMs, byte[] value) throws IOException;
  }

  /** A topic's records as text (time, key, value in base64), in file order, those the filter keeps. */
  private static List<String> raw(Path dir, InputTopic topic, RecordFilter filter) throws IOException {
    List<String> out = new ArrayList<>();
    try (RecordFiles.Reader reader = new RecordFiles.Reader(dir.resolve(topic.fileName()))) {
      while (reader.next()) {
        if (filter.keep(reader.keyText(), reader.eventTimeMs(), reader.value())) {
          out.add(reader.eventTimeMs() + " " + reader.keyText() + " " + Base64.getEncoder().encodeToString(reader.value()));
        }
      }
    }
    return out;
  }

  private static <T> T only(List<T> records, Predicate<T> which) {
    List<T> found = records.stream().filter(which).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static ObjectNode truthJson(Path dir) throws IOException {
    return (ObjectNode) GroundTruth.mapper().readTree(dir.resolve("ground-truth.json").toFile());
  }
}
