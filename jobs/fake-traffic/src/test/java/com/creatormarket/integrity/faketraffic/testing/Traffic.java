package com.creatormarket.integrity.faketraffic.testing;

import com.creatormarket.integrity.avro.EngagementEvent;
import com.creatormarket.integrity.avro.EngagementKind;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Hand-made traffic for tests: honest viewers (daily rhythm, skips and completions, likes after
 * views), an honest viral burst, and each attack pattern with its tell. Seeded: a test always sees
 * the same events.
 */
public final class Traffic {

  public static final Instant T0 = Instant.parse("2025-03-03T00:00:00Z");
  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;
  public static final long LENGTH = 30_000L;

  private final Random rng;
  private final List<EngagementEvent> events = new ArrayList<>();
  private final List<OrderEvent> orders = new ArrayList<>();
  private int ids;
  private int sharedDevicePercent;
  /** Organic account number from which on accounts live in {@link #regionCountry} (an account range, as a market). */
  private int regionFrom = Integer.MAX_VALUE;
  private String regionCountry;
  private int regionSharedPercent;
  private int regionFreshPercent;
  private String regionClient = "android-33.2";

  public Traffic(long seed) {
    this.rng = new Random(seed);
  }

  public static long at(long offsetMillis) {
    return T0.toEpochMilli() + offsetMillis;
  }

  /** An order published at {@code publishedAt}, with a retention period in days and optional completion. */
  public Traffic order(String orderId, String videoId, String creatorId, long publishedAt, int retentionDays) {
    orders.add(OrderEvent.newBuilder().setEventId("oe" + ids++).setOrderId(orderId).setKind(OrderEventKind.CREATED)
        .setAdvertiserId("adv-1").setCreatorId(creatorId).setAgencyId(null).setRetentionDays(retentionDays)
        .setEventTime(Instant.ofEpochMilli(publishedAt - HOUR)).build());
    orders.add(OrderEvent.newBuilder().setEventId("oe" + ids++).setOrderId(orderId).setKind(OrderEventKind.VIDEO_PUBLISHED)
        .setAdvertiserId("adv-1").setCreatorId(creatorId).setAgencyId("mcn-1").setVideoId(videoId)
        .setPublishedAt(Instant.ofEpochMilli(publishedAt)).setEventTime(Instant.ofEpochMilli(publishedAt)).build());
    return this;
  }

  public Traffic orderEvent(String orderId, String videoId, String creatorId, OrderEventKind kind, long at) {
    orders.add(OrderEvent.newBuilder().setEventId("oe" + ids++).setOrderId(orderId).setKind(kind)
        .setAdvertiserId("adv-1").setCreatorId(creatorId).setVideoId(videoId).setEventTime(Instant.ofEpochMilli(at)).build());
    return this;
  }

  /** Adds an order event as it is (e.g. one reported after the fact, or a change of terms). */
  public Traffic orderEvent(OrderEvent e) {
    orders.add(e);
    return this;
  }

  /**
   * Sends a share of the engagement events added so far a second time, as a producer retry does:
   * the same record (same eventId, same everything), picked by this traffic's seeded random.
   */
  public Traffic duplicates(double share) {
    List<EngagementEvent> copies = new ArrayList<>();
    for (EngagementEvent e : events) {
      if (rng.nextDouble() < share) {
        copies.add(EngagementEvent.newBuilder(e).build());
      }
    }
    events.addAll(copies);
    return this;
  }

  /** Ordinary viewers at about {@code perHour} views an hour (with a daily rhythm), from {@code from} to {@code to}. */
  public Traffic honest(String videoId, String creatorId, long from, long to, double perHour) {
    return honest(videoId, creatorId, from, to, perHour, 0, 6000);
  }

  /**
   * The same, from an audience of its own: account numbers from {@code firstAccount} on, about
   * {@code audience} of them (a fan base no other video shares).
   */
  public Traffic honest(String videoId, String creatorId, long from, long to, double perHour, int firstAccount, int audience) {
    for (long t = from; t < to; ) {
      double rhythm = 1 + 0.6 * Math.sin(2 * Math.PI * ((t % DAY) / (double) DAY));
      t += (long) (-Math.log(1 - rng.nextDouble()) * HOUR / (perHour * rhythm));
      if (t >= to) {
        break;
      }
      int account = firstAccount + (int) Math.min(19_999, Math.abs(rng.nextGaussian()) * audience);
      organicView(videoId, creatorId, account, t);
    }
    return this;
  }

  /** An honest burst: {@code views} extra views over {@code length}, from anyone. */
  public Traffic viral(String videoId, String creatorId, long from, long length, int views) {
    for (int i = 0; i < views; i++) {
      long t = from + (long) (length * Math.sqrt(rng.nextDouble()));
      organicView(videoId, creatorId, 20_000 + rng.nextInt(200_000), t);
    }
    return this;
  }

  /**
   * Families and cafes: from now on, organic accounts whose number ends in 00..{@code percent-1}
   * (that share of them) share their device with three other such accounts.
   */
  public Traffic sharedDevices(int percent) {
    sharedDevicePercent = percent;
    return this;
  }

  /**
   * A second market: organic accounts from {@code firstAccount} on live in {@code country}, where
   * {@code sharedPercent} of them share a phone with three others and {@code freshPercent} of them
   * are younger than a month (a growing market); the other accounts are in CN as before.
   */
  public Traffic region(String country, int firstAccount, int sharedPercent, int freshPercent) {
    return region(country, firstAccount, sharedPercent, freshPercent, "android-33.2");
  }

  /** The same, the second market's accounts all on {@code client} (e.g. a new app's web sign-ups). */
  public Traffic region(String country, int firstAccount, int sharedPercent, int freshPercent, String client) {
    regionClient = client;
    regionFrom = firstAccount;
    regionCountry = country;
    regionSharedPercent = sharedPercent;
    regionFreshPercent = freshPercent;
    return this;
  }

  /**
   * A camouflaged farm's cover: {@code accounts} old accounts on {@code devices} phones and
   * {@code prefixes} networks, each viewing every one of {@code videoIds} once, at random times
   * within {@code length} from {@code start}, as a farm hides its accounts among honest videos.
   */
  public Traffic cover(List<String> videoIds, List<String> creatorIds, long start, long length, int accounts, int devices,
      int prefixes) {
    for (int n = 0; n < accounts; n++) {
      for (int k = 0; k < videoIds.size(); k++) {
        long t = start + (long) (rng.nextDouble() * length);
        events.add(event(EngagementKind.VIEW, videoIds.get(k), creatorIds.get(k), "farm" + n, "fd" + (n % devices),
            "fp" + (n % prefixes), t - 300 * DAY, 1500 + (long) (rng.nextDouble() * 27_000), t));
      }
    }
    return this;
  }

  private void organicView(String videoId, String creatorId, int account, long t) {
    String a = "u" + account;
    boolean regional = account >= regionFrom;
    int shared = regional ? regionSharedPercent : sharedDevicePercent;
    String device = account % 100 < shared ? "fam" + (account / 100) + "-" + (account % 100) / 4 : "d" + account;
    boolean fresh = regional ? (account * 7 + 3) % 100 < regionFreshPercent : account % 37 == 0;
    long created = t - (fresh ? (long) (rng.nextDouble() * 20 * DAY) + DAY : 400 * DAY + account * 1000L);
    String prefix = rng.nextDouble() < 0.7 ? "10." + (account / 6) + ".0.0/24" : "mobile-" + rng.nextInt(400);
    double u = rng.nextDouble();
    long watch = u < 0.25 ? 200 + (long) (rng.nextDouble() * 1500) : u < 0.4 ? LENGTH : 1500 + (long) (rng.nextDouble() * 27_000);
    String country = regional ? regionCountry : "CN";
    String client = regional ? regionClient : "android-33.2";
    events.add(withOrigin(event(EngagementKind.VIEW, videoId, creatorId, a, device, prefix, created, watch, t), country, client));
    if (rng.nextDouble() < 0.05) {
      events.add(withOrigin(event(EngagementKind.LIKE, videoId, creatorId, a, device, prefix, created, null, t + 2000), country, client));
    }
    if (rng.nextDouble() < 0.006) {
      events.add(withOrigin(event(EngagementKind.FOLLOW, videoId, creatorId, a, device, prefix, created, null, t + 5000), country, client));
    }
  }

  /**
   * A slow drip: about {@code perHour} views an hour from {@code accounts} bought accounts on many
   * residential networks, ordinary watch times, {@code freshShare} of the accounts younger than a month.
   */
  public Traffic drip(String videoId, String creatorId, long start, long length, double perHour, int accounts, double freshShare) {
    for (long t = start; t < start + length; ) {
      t += (long) (-Math.log(1 - rng.nextDouble()) * HOUR / perHour);
      if (t >= start + length) {
        break;
      }
      int n = rng.nextInt(accounts);
      long created = n < freshShare * accounts ? start - (long) (n % 20) * DAY - DAY : start - 200 * DAY;
      events.add(event(EngagementKind.VIEW, videoId, creatorId, "drip" + n, "dd" + n, "res-" + rng.nextInt(5000), created,
          1500 + (long) (rng.nextDouble() * 27_000), t));
    }
    return this;
  }

  /** A celebrity's share: {@code views} extra views over {@code length}, half of them from accounts made that week. */
  public Traffic newcomers(String videoId, String creatorId, long from, long length, int views) {
    return newcomers(videoId, creatorId, from, length, views, 0);
  }

  /** The same, each viewer liking with probability {@code likeShare} (organic viewers like 5% of the time). */
  public Traffic newcomers(String videoId, String creatorId, long from, long length, int views, double likeShare) {
    for (int i = 0; i < views; i++) {
      long t = from + (long) (length * rng.nextDouble());
      String a = "fan" + i;
      long created = i % 2 == 0 ? t - (long) (rng.nextDouble() * 6 * DAY) - HOUR : t - 500 * DAY;
      String device = "fd-" + a;
      String prefix = "mobile-" + rng.nextInt(400);
      events.add(event(EngagementKind.VIEW, videoId, creatorId, a, device, prefix, created, 1500 + (long) (rng.nextDouble() * 27_000), t));
      if (likeShare > 0 && rng.nextDouble() < likeShare) {
        events.add(event(EngagementKind.LIKE, videoId, creatorId, a, device, prefix, created, null, t + 2000));
      }
    }
    return this;
  }

  /** Bot views: fresh accounts on old client builds, 0-1.5 s or exactly full, in a short burst. */
  public Traffic botViews(String videoId, String creatorId, long start, long length, int views, int accounts) {
    for (int i = 0; i < views; i++) {
      int n = rng.nextInt(accounts);
      long t = start + (long) (rng.nextDouble() * length);
      long watch = rng.nextDouble() < 0.4 ? LENGTH : (long) (rng.nextDouble() * 1500);
      events.add(event(EngagementKind.VIEW, videoId, creatorId, "bot" + n, "bd" + n, "bp" + (n % 20), t - 3 * DAY, watch, t));
    }
    return this;
  }

  /** A click farm: many old accounts on few devices and prefixes, realistic watch times, repeat views. */
  public Traffic clickFarm(String videoId, String creatorId, long start, long length, int views, int accounts, int devices,
      int prefixes) {
    for (int i = 0; i < views; i++) {
      int n = rng.nextInt(accounts);
      long t = start + (long) (rng.nextDouble() * length);
      long watch = 1500 + (long) (rng.nextDouble() * 27_000);
      events.add(event(EngagementKind.VIEW, videoId, creatorId, "farm" + n, "fd" + (n % devices), "fp" + (n % prefixes),
          t - 300 * DAY, watch, t));
    }
    return this;
  }

  /** Likes (or follows) bought: most of them with no view by the same account. */
  public Traffic bought(EngagementKind kind, String videoId, String creatorId, long start, long length, int count,
      double withoutView) {
    for (int i = 0; i < count; i++) {
      long t = start + (long) (rng.nextDouble() * length);
      String a = "buy" + kind + i;
      if (rng.nextDouble() >= withoutView) {
        events.add(event(EngagementKind.VIEW, videoId, creatorId, a, "bd" + i, "bp" + (i % 10), t - 20 * DAY, 2000L, t));
        t += 2000;
      }
      events.add(event(kind, videoId, creatorId, a, "bd" + i, "bp" + (i % 10), t - 20 * DAY, null, t));
    }
    return this;
  }

  /** Follows after a token view, most of them withdrawn within {@code within}. */
  public Traffic followAndWithdraw(String videoId, String creatorId, long start, long length, int count, long within) {
    for (int i = 0; i < count; i++) {
      long t = start + (long) (rng.nextDouble() * length);
      String a = "fw" + i;
      events.add(event(EngagementKind.VIEW, videoId, creatorId, a, "wd" + i, "wp" + (i % 12), t - 200 * DAY, 3000L, t));
      events.add(event(EngagementKind.FOLLOW, videoId, creatorId, a, "wd" + i, "wp" + (i % 12), t - 200 * DAY, null, t + 3000));
      if (rng.nextDouble() < 0.8) {
        long back = t + 2 * HOUR + (long) (rng.nextDouble() * (within - 2 * HOUR));
        events.add(event(EngagementKind.UNFOLLOW, videoId, creatorId, a, "wd" + i, "wp" + (i % 12), t - 200 * DAY, null, back));
      }
    }
    return this;
  }

  /** One account viewing one video again and again. */
  public Traffic repeats(String videoId, String creatorId, long start, long length, int accounts, int viewsEach) {
    for (int n = 0; n < accounts; n++) {
      for (int i = 0; i < viewsEach; i++) {
        long t = start + (long) (rng.nextDouble() * length);
        events.add(event(EngagementKind.VIEW, videoId, creatorId, "rep" + n, "rd" + n, "10.9." + n + ".0/24", t - 500 * DAY,
            1500 + (long) (rng.nextDouble() * 27_000), t));
      }
    }
    return this;
  }

  /** A lockstep group: each round, each account views every video within {@code window} and likes some. */
  public Traffic lockstep(List<String> videoIds, String creatorId, long start, int accounts, int rounds, long gap, long window) {
    return lockstep("ls", videoIds, java.util.Collections.nCopies(videoIds.size(), creatorId), start, accounts, rounds, gap, window);
  }

  /** The same, on videos of the given creators (one per video), with accounts named {@code name} and a number. */
  public Traffic lockstep(String name, List<String> videoIds, List<String> creatorIds, long start, int accounts, int rounds, long gap,
      long window) {
    for (int r = 0; r < rounds; r++) {
      long roundStart = start + r * gap;
      for (int i = 0; i < videoIds.size(); i++) {
        String v = videoIds.get(i);
        String creatorId = creatorIds.get(i);
        for (int n = 0; n < accounts; n++) {
          if (rng.nextDouble() > 0.9) {
            continue;
          }
          long t = roundStart + (long) (rng.nextDouble() * window);
          String a = name + n;
          String device = (name.equals("ls") ? "ld" : name + "-d") + n;
          events.add(event(EngagementKind.VIEW, v, creatorId, a, device, "10.77." + n + ".0/24", t - 600 * DAY,
              1500 + (long) (rng.nextDouble() * 27_000), t));
          if (r == 0 && rng.nextDouble() < 0.6) {
            events.add(event(EngagementKind.LIKE, v, creatorId, a, device, "10.77." + n + ".0/24", t - 600 * DAY, null, t + 2000));
          }
        }
      }
    }
    return this;
  }

  public static EngagementEvent event(EngagementKind kind, String videoId, String creatorId, String account, String device,
      String prefix, long createdAt, Long watch, long t) {
    return EngagementEvent.newBuilder().setEventId(account + "-" + kind + "-" + t).setKind(kind).setVideoId(videoId)
        .setCreatorId(creatorId).setAccountId(account).setDeviceId(device).setNetworkPrefix(prefix)
        .setAccountCreatedAt(Instant.ofEpochMilli(createdAt)).setCountry("CN").setClient("android-33.2")
        .setWatchTimeMillis(watch).setVideoLengthMillis(watch == null ? null : LENGTH).setEventTime(Instant.ofEpochMilli(t))
        .build();
  }

  private static EngagementEvent withOrigin(EngagementEvent e, String country, String client) {
    e.setCountry(country);
    e.setClient(client);
    return e;
  }

  public List<EngagementEvent> events() {
    List<EngagementEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(EngagementEvent::getEventTime));
    return sorted;
  }

  public List<OrderEvent> orders() {
    List<OrderEvent> sorted = new ArrayList<>(orders);
    sorted.sort(Comparator.comparing(OrderEvent::getEventTime));
    return sorted;
  }

  public static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }
}
