package com.creatormarket.integrity.benchmarks.data;

import com.creatormarket.integrity.avro.Actor;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.FindingKind;
import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.avro.RetentionOutcome;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.VideoLifecycleEvent;
import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * Generates a {@link Shape}'s records, the same ones for the same seed. Engagement is drawn with
 * exact control of what the benchmark varies (active accounts, one hot video); orders and
 * lifecycle make each video a published commissioned video, so the jobs join real orders.
 */
public final class Synthetic {

  /** Receives generated records, topic by topic. */
  public interface Out {
    <T extends SpecificRecord> void send(Topic<T> topic, String key, T value);
  }

  /** What a generated data set holds: record counts per input and the distinct keys. */
  public record Stats(long engagement, long orderEvents, long lifecycle, long violations, long findings,
      int activeVideos, int activeAccounts) {
    public long total() {
      return engagement + orderEvents + lifecycle + violations + findings;
    }
  }

  public static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] COUNTRIES = {"CN", "CN", "CN", "SG", "US", "ID", "VN", "TH"};
  private static final String[] CLIENTS = {"android-32.1", "ios-32.0", "android-31.9", "web-5.2"};

  private Synthetic() {}

  public static Stats generate(Shape shape, Out out) {
    return shape.kind() == Shape.Kind.ENGAGEMENT ? engagement(shape, out) : orderFlow(shape, out);
  }

  static String video(int v) {
    return "v" + v;
  }

  static String creator(int v) {
    return "c" + (v % Math.max(1, 2_000));
  }

  public static String order(int v) {
    return "o" + v;
  }

  private static Stats engagement(Shape shape, Out out) {
    SplittableRandom rnd = new SplittableRandom(shape.seed());
    long orderEvents = 0;
    long lifecycle = 0;
    for (int v = 0; v < shape.videos(); v++) {
      Instant created = START.minus(Duration.ofDays(2)).plusSeconds(v % 86_400);
      Instant published = created.plus(Duration.ofHours(20));
      out.send(Topics.ORDERS, order(v), orderCreated(v, created));
      out.send(Topics.ORDERS, order(v), videoPublished(v, published));
      out.send(Topics.LIFECYCLE, video(v), lifecycle(v, LifecycleKind.PUBLISHED, Actor.CREATOR, published));
      orderEvents += 2;
      lifecycle++;
    }
    BitSet videos = new BitSet(shape.videos());
    BitSet accounts = new BitSet(shape.accounts());
    long spanMillis = shape.spanMillis();
    long startMillis = START.toEpochMilli();
    for (long i = 0; i < shape.events(); i++) {
      int v = shape.hotShare() > 0 && rnd.nextDouble() < shape.hotShare() ? 0 : rnd.nextInt(shape.videos());
      // The first `accounts` events visit every account once (a bijection: the multiplier is a prime
      // larger than any account count), so active accounts = min(events, accounts) exactly; then uniform.
      int a = i < shape.accounts() ? (int) (i * 2_654_435_761L % shape.accounts()) : rnd.nextInt(shape.accounts());
      videos.set(v);
      accounts.set(a);
      long time = startMillis + i * spanMillis / shape.events();
      out.send(Topics.ENGAGEMENT, video(v), event(shape.seed(), i, v, a, time, rnd));
    }
    return new Stats(shape.events(), orderEvents, lifecycle, 0, 0, videos.cardinality(), accounts.cardinality());
  }

  /** Engagement event number {@code i} of video {@code v} by account {@code a} at {@code time}: views, likes, follows, withdrawals as in every data set. */
  public static EngagementEvent event(long seed, long i, int v, int a, long time, SplittableRandom rnd) {
    double k = rnd.nextDouble();
    EngagementKind kind = k < 0.85 ? EngagementKind.VIEW : k < 0.93 ? EngagementKind.LIKE : k < 0.97 ? EngagementKind.FOLLOW
        : k < 0.985 ? EngagementKind.UNLIKE : EngagementKind.UNFOLLOW;
    long length = 15_000 + (v % 16) * 5_000L;
    boolean view = kind == EngagementKind.VIEW;
    int device = (int) ((a * 2_654_435_761L) & 0x7fffffff) % 1_000_000;
    return EngagementEvent.newBuilder()
        .setEventId("e" + seed + "-" + i)
        .setKind(kind)
        .setVideoId(video(v))
        .setCreatorId(creator(v))
        .setAccountId("a" + a)
        .setDeviceId("d" + device)
        .setNetworkPrefix("10." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + ".0/24")
        .setAccountCreatedAt(Instant.ofEpochMilli(START.toEpochMilli() - (a % 1_000) * 86_400_000L))
        .setCountry(COUNTRIES[a & 7])
        .setClient(CLIENTS[a & 3])
        .setWatchTimeMillis(view ? (Long) (long) rnd.nextInt((int) length + 1) : null)
        .setVideoLengthMillis(view ? (Long) length : null)
        .setEventTime(Instant.ofEpochMilli(time))
        .build();
  }

  /** An engagement event for the latency probe: event time now, id {@code L<seq>}. */
  public static EngagementEvent latencyEvent(int seq, int v, int a, long nowMillis, SplittableRandom rnd) {
    EngagementEvent e = event(0, seq, v, a, nowMillis, rnd);
    e.setEventId("L" + seq);
    return e;
  }

  /** The sequence number of a latency-probe event id, or -1 for any other id. */
  public static int latencySeq(String eventId) {
    if (eventId.length() < 2 || eventId.charAt(0) != 'L') {
      return -1;
    }
    try {
      return Integer.parseInt(eventId, 1, eventId.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Order {@code o<v>} created. */
  public static OrderEvent orderCreated(int v, Instant at) {
    return OrderEvent.newBuilder()
        .setEventId("oc" + v).setOrderId(order(v)).setKind(OrderEventKind.CREATED)
        .setAdvertiserId("adv" + v % 500).setCreatorId(creator(v)).setAgencyId(v % 3 == 0 ? "ag" + v % 50 : null)
        .setVideoId(null).setPriceMinor(500_000L + v % 100 * 10_000L).setPrepaidMinor(500_000L + v % 100 * 10_000L)
        .setCurrency("CNY").setRetentionDays(60).setPublishedAt(null).setEventTime(at).build();
  }

  /** Order {@code o<v>}'s video {@code v<v>} published. */
  public static OrderEvent videoPublished(int v, Instant at) {
    return OrderEvent.newBuilder()
        .setEventId("op" + v).setOrderId(order(v)).setKind(OrderEventKind.VIDEO_PUBLISHED)
        .setAdvertiserId("adv" + v % 500).setCreatorId(creator(v)).setAgencyId(v % 3 == 0 ? "ag" + v % 50 : null)
        .setVideoId(video(v)).setPriceMinor(null).setPrepaidMinor(null).setCurrency(null).setRetentionDays(null)
        .setPublishedAt(at).setEventTime(at).build();
  }

  private static VideoLifecycleEvent lifecycle(int v, LifecycleKind kind, Actor actor, Instant at) {
    return VideoLifecycleEvent.newBuilder().setEventId("l" + kind.ordinal() + "-" + v).setVideoId(video(v))
        .setCreatorId(creator(v)).setKind(kind).setActor(actor).setReason(null).setEventTime(at).build();
  }

  /**
   * Orders over 30 days: created, published, and for a few videos an early hide (some restored)
   * or deletion, with the violation the retention job would emit and a few private-deal findings.
   */
  private static Stats orderFlow(Shape shape, Out out) {
    SplittableRandom rnd = new SplittableRandom(shape.seed());
    int orders = (int) shape.events();
    long span = Duration.ofDays(30).toMillis();
    long orderEvents = 0;
    long lifecycle = 0;
    long violations = 0;
    long findings = 0;
    for (int v = 0; v < orders; v++) {
      Instant created = Instant.ofEpochMilli(START.toEpochMilli() + v * span / orders);
      Instant published = created.plus(Duration.ofHours(20));
      out.send(Topics.ORDERS, order(v), orderCreated(v, created));
      out.send(Topics.ORDERS, order(v), videoPublished(v, published));
      out.send(Topics.LIFECYCLE, video(v), lifecycle(v, LifecycleKind.PUBLISHED, Actor.CREATOR, published));
      orderEvents += 2;
      lifecycle++;
      double r = rnd.nextDouble();
      if (r < 0.07) {
        boolean delete = r < 0.02;
        Instant removed = published.plus(Duration.ofHours(1 + rnd.nextInt(24 * 20)));
        out.send(Topics.LIFECYCLE, video(v), lifecycle(v, delete ? LifecycleKind.DELETED : LifecycleKind.HIDDEN, Actor.CREATOR, removed));
        lifecycle++;
        if (!delete && r > 0.06) {
          out.send(Topics.LIFECYCLE, video(v), lifecycle(v, LifecycleKind.RESTORED, Actor.CREATOR, removed.plus(Duration.ofHours(2))));
          lifecycle++;
        } else {
          out.send(Topics.RETENTION_VIOLATIONS, order(v), violation(v, delete, published, removed));
          violations++;
        }
      }
      if (v % 100 == 7) {
        out.send(Topics.CONTENT_FINDINGS, creator(v), ContentFinding.newBuilder().setFindingId("f" + v).setCreatorId(creator(v))
            .setKind(FindingKind.PRIVATE_DEAL).setVideoId(null).setBrand("brand" + v % 40).setSource("bench")
            .setEvidence(null).setFoundAt(published.plus(Duration.ofDays(1))).build());
        findings++;
      }
    }
    return new Stats(0, orderEvents, lifecycle, violations, findings, orders, 0);
  }

  private static RetentionViolation violation(int v, boolean delete, Instant published, Instant removed) {
    return RetentionViolation.newBuilder().setViolationId("rv" + v).setOrderId(order(v)).setVideoId(video(v))
        .setCreatorId(creator(v)).setAdvertiserId("adv" + v % 500).setAgencyId(v % 3 == 0 ? "ag" + v % 50 : null)
        .setOutcome(delete ? RetentionOutcome.EARLY_DELETION : RetentionOutcome.EARLY_HIDING)
        .setRemovalKind(delete ? LifecycleKind.DELETED : LifecycleKind.HIDDEN).setActor(Actor.CREATOR)
        .setPublishedAt(published).setRetentionDays(60).setRetentionEnd(published.plus(Duration.ofDays(60)))
        .setRemovedAt(removed).setDecidedAt(removed).setHideCount(delete ? 0 : 1).setTimeZone("Asia/Shanghai").build();
  }
}
