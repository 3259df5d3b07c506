package com.creatormarket.integrity.simulator.world;

import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated marketplace, fixed before the first event: parties, viewer accounts, orders and
 * their videos, and the plan of every labelled case (attacks, viral bursts, removals, appeals,
 * terminations).
 * Accounts, devices and prefixes live in parallel arrays because the traffic loop reads them per event.
 */
public final class World {

  public final Scenario scenario;
  public final long startMs;
  public final long endMs;

  public final String[] advertiserIds;
  public final String[] agencyIds;
  public final List<Creator> creators = new ArrayList<>();
  public final List<Order> orders = new ArrayList<>();
  public final List<Video> videos = new ArrayList<>();
  public final List<AttackPlan> attacks = new ArrayList<>();
  public final List<RetentionCase> retentionCases = new ArrayList<>();
  public final List<RetentionChange> retentionChanges = new ArrayList<>();
  public final List<PrivateDeal> privateDeals = new ArrayList<>();
  public final List<Appeal> appeals = new ArrayList<>();
  public final List<Termination> terminations = new ArrayList<>();

  // Accounts: organic ones first, then each attack's own accounts.
  public int accountCount;
  public int organicAccounts;
  public String[] accountId = new String[0];
  public Instant[] accountCreated = new Instant[0];
  public int[] accountCountry = new int[0];
  public int[] accountClient = new int[0];
  public int[] accountDevice = new int[0];
  /** A second device, or -1. */
  public int[] accountDevice2 = new int[0];
  public int[] accountHomePrefix = new int[0];

  public int deviceCount;
  public String[] deviceId = new String[0];
  public int prefixCount;
  public String[] prefix = new String[0];
  /** Per country: the shared mobile-carrier prefixes its viewers also use. */
  public int[][] mobilePrefixes;

  public final String[] countries;
  public final String[] clients;

  public World(Scenario scenario, String[] advertiserIds, String[] agencyIds, String[] countries, String[] clients) {
    this.scenario = scenario;
    this.startMs = scenario.start().toEpochMilli();
    this.endMs = scenario.end().toEpochMilli();
    this.advertiserIds = advertiserIds;
    this.agencyIds = agencyIds;
    this.countries = countries;
    this.clients = clients;
  }

  public int addDevice(String id) {
    if (deviceCount == deviceId.length) {
      deviceId = java.util.Arrays.copyOf(deviceId, Math.max(16, deviceCount * 2));
    }
    deviceId[deviceCount] = id;
    return deviceCount++;
  }

  public int addPrefix(String text) {
    if (prefixCount == prefix.length) {
      prefix = java.util.Arrays.copyOf(prefix, Math.max(16, prefixCount * 2));
    }
    prefix[prefixCount] = text;
    return prefixCount++;
  }

  public int addAccount(String id, Instant created, int country, int client, int device, int device2, int homePrefix) {
    if (accountCount == accountId.length) {
      int n = Math.max(16, accountCount * 2);
      accountId = java.util.Arrays.copyOf(accountId, n);
      accountCreated = java.util.Arrays.copyOf(accountCreated, n);
      accountCountry = java.util.Arrays.copyOf(accountCountry, n);
      accountClient = java.util.Arrays.copyOf(accountClient, n);
      accountDevice = java.util.Arrays.copyOf(accountDevice, n);
      accountDevice2 = java.util.Arrays.copyOf(accountDevice2, n);
      accountHomePrefix = java.util.Arrays.copyOf(accountHomePrefix, n);
    }
    accountId[accountCount] = id;
    accountCreated[accountCount] = created;
    accountCountry[accountCount] = country;
    accountClient[accountCount] = client;
    accountDevice[accountCount] = device;
    accountDevice2[accountCount] = device2;
    accountHomePrefix[accountCount] = homePrefix;
    return accountCount++;
  }

  /** A creator: reach scales the popularity of their videos; the rates are their audience's norms. */
  public static final class Creator {
    public final int index;
    public final String id;
    public final String platform;
    public final int agency;
    public final double reach;
    public final double likeRate;
    public final double followRate;
    /** In the scenario's second market (its audience mostly from there), set when the world is built. */
    public boolean secondMarket;

    public Creator(int index, String id, String platform, int agency, double reach, double likeRate, double followRate) {
      this.index = index;
      this.id = id;
      this.platform = platform;
      this.agency = agency;
      this.reach = reach;
      this.likeRate = likeRate;
      this.followRate = followRate;
    }
  }

  /** A commissioned-video order. */
  public static final class Order {
    public final int index;
    public final String id;
    public final int advertiser;
    public final Creator creator;
    /** The agency that took the order, or -1. */
    public final int agency;
    public final long priceMinor;
    public final long prepaidMinor;
    public final String currency;
    /** Retention days written on CREATED; null means the platform default of 60. */
    public final Integer retentionDays;
    public final long createdMs;
    public final long publishMs;
    /** When cancelled before publication, or Long.MAX_VALUE. */
    public long cancelledMs = Long.MAX_VALUE;
    /** When the order system terminated the order (its TERMINATED event; never COMPLETED then), or Long.MAX_VALUE. */
    public long terminatedMs = Long.MAX_VALUE;
    public Video video;
    /** What the order is used for in the plan, for the truth file. */
    public Role role = Role.HONEST;

    public Order(int index, String id, int advertiser, Creator creator, int agency, long priceMinor, long prepaidMinor,
        String currency, Integer retentionDays, long createdMs, long publishMs) {
      this.index = index;
      this.id = id;
      this.advertiser = advertiser;
      this.creator = creator;
      this.agency = agency;
      this.priceMinor = priceMinor;
      this.prepaidMinor = prepaidMinor;
      this.currency = currency;
      this.retentionDays = retentionDays;
      this.createdMs = createdMs;
      this.publishMs = publishMs;
    }

    public boolean published() {
      return video != null;
    }
  }

  /** What a published order takes part in; each labelled case gets its own orders. */
  public enum Role { HONEST, ATTACKED, VIRAL, RETENTION_CASE }

  /** A commissioned video and its organic popularity. */
  public static final class Video {
    public final int index;
    public final String id;
    public final byte[] key;
    public final Order order;
    public final Creator creator;
    public final long lengthMs;
    public final Long lengthBoxed;
    public final long publishMs;
    /** Expected organic views over the video's life (before any burst). */
    public final double expectedViews;
    /** Intervals [from, to) in which the video is not visible; to is Long.MAX_VALUE when never restored. */
    public long[] hiddenFrom = new long[0];
    public long[] hiddenTo = new long[0];
    /** An honest viral burst: extra expected views spread over [burstStart, burstEnd). */
    public long burstStartMs = Long.MAX_VALUE;
    public long burstEndMs = Long.MAX_VALUE;
    public double burstViews;
    /** A celebrity's share: accounts made in the days before the burst, some of its viewers (viral.newcomerShare); null otherwise. */
    public int[] newcomers;
    /** Honest videos take organic cover views of camouflaged accounts. */
    public boolean attacked;
    /**
     * Deleted by its creator after the order system terminated the order (terminations), or
     * Long.MAX_VALUE: from then on nothing on it is written, but its traffic is drawn as if it were
     * still up (and its event ids used), so every other record is what it is without terminations.
     */
    public long silencedFromMs = Long.MAX_VALUE;

    public Video(int index, String id, Order order, long lengthMs, long publishMs, double expectedViews) {
      this.index = index;
      this.id = id;
      this.key = id.getBytes(StandardCharsets.UTF_8);
      this.order = order;
      this.creator = order.creator;
      this.lengthMs = lengthMs;
      this.lengthBoxed = lengthMs;
      this.publishMs = publishMs;
      this.expectedViews = expectedViews;
    }

    public void hide(long from, long to) {
      int n = hiddenFrom.length;
      hiddenFrom = java.util.Arrays.copyOf(hiddenFrom, n + 1);
      hiddenTo = java.util.Arrays.copyOf(hiddenTo, n + 1);
      hiddenFrom[n] = from;
      hiddenTo[n] = to;
    }

    public boolean visibleAt(long t) {
      if (t < publishMs) {
        return false;
      }
      for (int i = 0; i < hiddenFrom.length; i++) {
        if (t >= hiddenFrom[i] && t < hiddenTo[i]) {
          return false;
        }
      }
      return true;
    }

    /** After this time the video never shows again. */
    public long goneForGoodMs() {
      for (int i = 0; i < hiddenFrom.length; i++) {
        if (hiddenTo[i] == Long.MAX_VALUE) {
          return hiddenFrom[i];
        }
      }
      return Long.MAX_VALUE;
    }
  }

  /** One labelled attack: its targets, its accounts and the window it was planned for. */
  public static final class AttackPlan {
    public final int index;
    public final String id;
    public final AttackKind kind;
    public final List<Video> targets;
    public final int firstAccount;
    public int accountCount;
    public final long plannedStartMs;
    public final long plannedEndMs;
    public Scenario.AttackSpec spec;
    /** The network prefixes the attack's traffic comes from, or null when its accounts use their own. */
    public int[] prefixPool;
    /** The first this many of the attack's accounts are behind residential proxies: own phone, own home network (click farms). */
    public int proxied;

    public AttackPlan(int index, String id, AttackKind kind, List<Video> targets, int firstAccount, long plannedStartMs,
        long plannedEndMs) {
      this.index = index;
      this.id = id;
      this.kind = kind;
      this.targets = targets;
      this.firstAccount = firstAccount;
      this.plannedStartMs = plannedStartMs;
      this.plannedEndMs = plannedEndMs;
    }
  }

  /** A deletion or hiding of a commissioned video, and what the retention rule should say about it. */
  public record RetentionCase(
      Order order,
      String action,
      String actor,
      long atMs,
      int retentionDays,
      long retentionEndMs,
      boolean early,
      long restoredMs) {}

  /** An agreed change of an order's retention period. */
  public record RetentionChange(Order order, long atMs, Integer fromDays, int toDays) {}

  /** A private deal found off the marketplace. */
  public record PrivateDeal(String findingId, Creator creator, String brand, String externalVideoId, long foundMs) {}

  /**
   * A creator's appeal against a penalty and the reviewer's decision on it. {@code kind} is the
   * penalty's (EARLY_DELETION or FAKE_TRAFFIC); {@code causeId} and {@code penaltyId} are the ids the
   * jobs give the cause and its penalty.
   */
  public record Appeal(String decisionId, String kind, boolean upheld, Order order, String causeId, String penaltyId,
      long appealedMs, long decidedMs, String note) {}

  /**
   * The order system's answer to the enforcement job's termination of an order hit by fast-detected
   * fake traffic: its TERMINATED event at {@code terminatedMs}, and the creator's deletion of the video
   * at {@code deletedMs} (Long.MAX_VALUE when none fits: past the span or the retention end). The
   * deletion comes before the retention end but after the termination: no retention violation.
   */
  public record Termination(Order order, AttackPlan attack, long terminatedMs, long deletedMs, int retentionDays,
      long retentionEndMs) {}
}
