package com.creatormarket.integrity.simulator.scenario;

import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.simulator.scenario.Scenario.AttackSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file and refuses anything it cannot honour: an unknown key, a value out of
 * range, or a combination that cannot be simulated. Every message names the key (as a path, e.g.
 * {@code attacks[2].volume}) and what is allowed.
 */
public final class ScenarioLoader {

  /** Scenarios shipped in the jar, loadable by name. */
  public static final List<String> SHIPPED = List.of("smoke", "mid-day", "heavy-attacks", "retention-70d");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ScenarioLoader() {}

  /** A shipped scenario's name, or a path to a YAML file. */
  public static Scenario load(String nameOrPath) {
    if (SHIPPED.contains(nameOrPath)) {
      String resource = "/scenarios/" + nameOrPath + ".yaml";
      try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("shipped scenario " + resource + " is missing from the jar");
        }
        return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), nameOrPath + ".yaml");
      } catch (IOException e) {
        throw new IllegalStateException("cannot read shipped scenario " + resource, e);
      }
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new InvalidConfigException("scenario '" + nameOrPath + "': neither a shipped scenario ("
          + String.join(", ", SHIPPED) + ") nor a readable file");
    }
    try {
      return parse(Files.readString(path), path.toString());
    } catch (IOException e) {
      throw new InvalidConfigException("scenario " + path + ": cannot be read: " + e.getMessage());
    }
  }

  /** Parses scenario text; {@code source} names the file in error messages. */
  public static Scenario parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new InvalidConfigException("scenario " + source + ": not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException("scenario " + source + ": expected a mapping of keys at the top level");
    }
    Node top = new Node(source, "", root);
    String name = top.text("name", null);
    String description = top.text("description", "");
    long seed = top.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
    Instant start = top.instant("start");
    Duration duration = top.duration("duration", null, Duration.ofMinutes(1), Duration.ofDays(400));
    ZoneId zone = top.zone("timeZone", ZoneId.of("Asia/Shanghai"));

    Node m = top.child("marketplace");
    int advertisers = (int) m.integer("advertisers", null, 1, 1_000_000);
    int agencies = (int) m.integer("agencies", 0L, 0, 100_000);
    int creators = (int) m.integer("creators", null, 1, 1_000_000);
    double agencyShare = m.fraction("agencyShare", agencies == 0 ? 0.0 : 0.4, 0, 1);
    // A LinkedHashMap, never Map.of: its iteration order differs between JVM runs and the seed must mean one world.
    Map<String, Double> defaultPlatforms = new LinkedHashMap<>();
    defaultPlatforms.put("douyin", 0.7);
    defaultPlatforms.put("xigua", 0.2);
    defaultPlatforms.put("huoshan", 0.1);
    Map<String, Double> platforms = m.weights("platforms", defaultPlatforms);
    int orders = (int) m.integer("orders", null, 1, 1_000_000);
    Duration publishWindow = m.duration("publishWindow", duration, Duration.ofMinutes(1), duration);
    Duration orderLeadTime = m.duration("orderLeadTime", Duration.ofDays(2), Duration.ZERO, Duration.ofDays(90));
    double cancelledShare = m.fraction("cancelledShare", 0.02, 0, 0.5);
    double usdShare = m.fraction("usdShare", 0.1, 0, 1);
    long priceMedian = m.integer("priceMedianMinor", 2_000_000L, 100, 10_000_000_000L);
    double priceSpread = m.fraction("priceSpread", 1.0, 0, 3);
    double prepaidShare = m.fraction("prepaidShare", 0.8, 0, 1);
    double explicitRetentionShare = m.fraction("explicitRetentionShare", 0.3, 0, 1);
    List<Integer> explicitRetentionDays = m.intList("explicitRetentionDays", List.of(60, 90, 120), 60, 3650);
    Duration completeAfter = m.duration("completeAfter", Duration.ofDays(7), Duration.ZERO, Duration.ofDays(365));
    Duration videoLengthMedian = m.duration("videoLengthMedian", Duration.ofSeconds(35), Duration.ofSeconds(5), Duration.ofMinutes(30));
    m.finish();
    if (agencies > 0 && creators * agencyShare < 5.0 * agencies) {
      throw m.error("agencies", "each agency signs at least 5 creators, so " + agencies + " agencies need "
          + (5 * agencies) + " signed creators, but creators x agencyShare = " + (int) (creators * agencyShare));
    }
    if (agencies == 0 && agencyShare > 0) {
      throw m.error("agencyShare", "must be 0 when there are no agencies, got " + agencyShare);
    }
    var marketplace = new Scenario.Marketplace(advertisers, agencies, creators, agencyShare, platforms, orders,
        publishWindow, orderLeadTime, cancelledShare, usdShare, priceMedian, priceSpread, prepaidShare,
        explicitRetentionShare, explicitRetentionDays, completeAfter, videoLengthMedian);

    Node t = top.child("traffic");
    var traffic = new Scenario.Traffic(
        (int) t.integer("accounts", null, 100, 50_000_000),
        t.number("viewsPerVideo", null, 1, 10_000_000),
        t.number("popularitySkew", 1.5, 0, 3),
        t.duration("halfLife", Duration.ofHours(18), Duration.ofMinutes(10), Duration.ofDays(60)),
        t.fraction("tailShare", 0.15, 0, 0.5),
        t.fraction("dailyRhythm", 0.7, 0, 1),
        t.fraction("likeRate", 0.04, 0, 0.5),
        t.number("likeRateSpread", 0.5, 0, 1.5),
        t.fraction("followRate", 0.005, 0, 0.2),
        t.number("followRateSpread", 0.6, 0, 1.5),
        t.fraction("unlikeShare", 0.02, 0, 1),
        t.fraction("unfollowShare", 0.05, 0, 1),
        t.fraction("shortViewShare", 0.3, 0, 0.9),
        t.fraction("completionShare", 0.25, 0, 0.9),
        t.number("activitySkew", 1.0, 0, 3),
        t.fraction("newAccountShare", 0.08, 0, 1),
        t.fraction("sharedDeviceShare", 0.02, 0, 0.9),
        t.fraction("deviceGroupShare", 0, 0, 0.5),
        t.fraction("heavyShare", 0, 0, 0.5),
        t.number("heavyFactor", 30.0, 1, 1000),
        t.fraction("mobileShare", 0.3, 0, 1),
        t.fraction("fanGroupShare", 0, 0, 1),
        (int) t.integer("fanGroupSize", 40L, 2, 100_000),
        new Scenario.SecondMarket(
            t.fraction("secondMarketShare", 0, 0, 0.9),
            t.fraction("secondMarketDeviceGroupShare", 0.3, 0, 0.9),
            t.fraction("secondMarketNewAccountShare", 0.3, 0, 1),
            t.fraction("homeAudienceShare", 0.9, 0, 1)));
    t.finish();
    if (traffic.shortViewShare() + traffic.completionShare() > 0.95) {
      throw t.error("completionShare", "shortViewShare + completionShare must leave room for partial views (<= 0.95), got "
          + (traffic.shortViewShare() + traffic.completionShare()));
    }

    Node v = top.optionalChild("viral");
    var viral = new Scenario.Viral(
        (int) v.integer("videos", 0L, 0, 100_000),
        v.number("multiplier", 10.0, 1, 1000),
        v.duration("burstLength", Duration.ofHours(3), Duration.ofMinutes(10), Duration.ofDays(7)),
        v.duration("startAfterPublish", Duration.ofHours(6), Duration.ofHours(1), Duration.ofDays(30)),
        v.fraction("newcomerShare", 0, 0, 0.9));
    v.finish();

    Node r = top.optionalChild("retention");
    var retention = new Scenario.Retention(
        (int) r.integer("creatorEarlyDeletions", 0L, 0, 1_000_000),
        (int) r.integer("creatorEarlyHidings", 0L, 0, 1_000_000),
        (int) r.integer("moderationEarlyRemovals", 0L, 0, 1_000_000),
        (int) r.integer("creatorLateRemovals", 0L, 0, 1_000_000),
        r.fraction("restoredShare", 0.5, 0, 1),
        (int) r.integer("changes", 0L, 0, 1_000_000),
        r.intList("changedDays", List.of(1, 30, 90), 1, 3650));
    r.finish();

    Node f = top.optionalChild("findings");
    var findings = new Scenario.Findings((int) f.integer("privateDeals", 0L, 0, 1_000_000));
    f.finish();

    Node ap = top.optionalChild("appeals");
    var appeals = new Scenario.Appeals(
        (int) ap.integer("deletions", 0L, 0, 1_000_000),
        (int) ap.integer("attacks", 0L, 0, 1_000_000));
    ap.finish();

    // Without the section nothing is terminated: the world and every record are what they were before it existed.
    Node tm = top.optionalChild("terminations");
    var terminations = new Scenario.Terminations(
        (int) tm.integer("orders", 0L, 0, 1_000_000),
        tm.duration("terminatedAfter", Scenario.Terminations.TERMINATED_AFTER, Duration.ofMinutes(1), Duration.ofDays(30)),
        tm.duration("deletedAfter", Scenario.Terminations.DELETED_AFTER, Duration.ofMinutes(1), Duration.ofDays(400)));
    tm.finish();

    Node d = top.optionalChild("delivery");
    var delivery = new Scenario.Delivery(
        d.duration("partitionLag", Duration.ZERO, Duration.ZERO, Duration.ofHours(6)),
        d.duration("stallEvery", Duration.ZERO, Duration.ZERO, Duration.ofDays(7)),
        d.duration("stallLength", Duration.ZERO, Duration.ZERO, Duration.ofHours(6)),
        d.duration("disorder", Duration.ZERO, Duration.ZERO, Duration.ofHours(6)),
        d.fraction("duplicateShare", 0, 0, 0.5),
        d.duration("heartbeatEvery", Scenario.Delivery.HEARTBEAT_EVERY, Duration.ZERO, Duration.ofHours(1)),
        d.duration("heartbeatsAfterEnd", Scenario.Delivery.HEARTBEATS_AFTER_END, Duration.ZERO, Duration.ofDays(30)));
    d.finish();
    if (!delivery.stallEvery().isZero() && delivery.stallLength().compareTo(delivery.stallEvery()) >= 0) {
      throw d.error("stallLength", "must be shorter than stallEvery (" + delivery.stallEvery() + "), got " + delivery.stallLength());
    }

    List<AttackSpec> attacks = new ArrayList<>();
    List<Node> attackNodes = top.list("attacks");
    for (Node a : attackNodes) {
      attacks.add(attack(a));
    }
    top.finish();

    int publishedOrders = (int) Math.floor(orders * (1 - cancelledShare));
    int needed = viral.videos() + retention.creatorEarlyDeletions() + retention.creatorEarlyHidings()
        + retention.moderationEarlyRemovals() + retention.creatorLateRemovals();
    for (AttackSpec a : attacks) {
      needed += a.orders();
    }
    if (needed > publishedOrders) {
      throw new InvalidConfigException("scenario " + source + ": marketplace.orders: attacks, viral videos and retention cases need "
          + needed + " distinct published orders, but only about " + publishedOrders + " of " + orders
          + " orders are published; raise marketplace.orders or lower the counts");
    }
    if (findings.privateDeals() > creators) {
      throw f.error("privateDeals", "at most one finding per creator: must be <= marketplace.creators (" + creators + ")");
    }
    // Every early deletion by a creator is a retention violation, so each can be appealed once.
    if (appeals.deletions() > retention.creatorEarlyDeletions()) {
      throw ap.error("deletions", "at most one appeal per early deletion by a creator: must be <= retention.creatorEarlyDeletions ("
          + retention.creatorEarlyDeletions() + "), got " + appeals.deletions());
    }
    int sabotaged = 0;
    for (AttackSpec a : attacks) {
      if (a.kind() == AttackKind.BOT_VIEWS || a.kind() == AttackKind.CLICK_FARM) {
        sabotaged += a.orders();
      }
    }
    if (appeals.attacks() > sabotaged) {
      throw ap.error("attacks", "at most one appeal per order attacked by bot_views or click_farm: must be <= " + sabotaged
          + " (the orders of those attack lines), got " + appeals.attacks());
    }
    int fast = 0;
    for (AttackSpec a : attacks) {
      if (a.kind().fastDetectionRank() >= 0) {
        fast += a.orders();
      }
    }
    if (terminations.orders() > fast) {
      throw tm.error("orders", "at most one termination per order attacked by bot_views, bought_likes, bought_follows or click_farm"
          + " (fake traffic confirmed within minutes): must be <= " + fast + " (the orders of those attack lines), got "
          + terminations.orders());
    }
    return new Scenario(name, description, seed, start, duration, zone, marketplace, traffic, viral, retention, findings,
        appeals, terminations, List.copyOf(attacks), delivery);
  }

  private static AttackSpec attack(Node a) {
    String kindText = a.text("kind", null);
    AttackKind kind = AttackKind.fromYaml(kindText);
    if (kind == null) {
      throw a.error("kind", "must be one of " + AttackKind.allowed() + ", got '" + kindText + "'");
    }
    int orders = (int) a.integer("orders", kind == AttackKind.LOCKSTEP ? 4L : 1L, kind == AttackKind.LOCKSTEP ? 2 : 1, 10_000);
    int accounts = (int) a.integer("accounts", null, 1, 1_000_000);
    // A slow drip may be given as a lift instead of a volume: each day it adds that share of the target's expected organic views.
    double dailyLift = kind == AttackKind.SLOW_DRIP ? a.fraction("dailyLift", 0, 0, 1) : 0;
    int volume = kind == AttackKind.LOCKSTEP || dailyLift > 0 ? 0 : (int) a.integer("volume", null, 1, 100_000_000);
    if ((kind == AttackKind.BOUGHT_LIKES || kind == AttackKind.BOUGHT_FOLLOWS || kind == AttackKind.FOLLOW_AND_WITHDRAW)
        && volume > accounts) {
      throw a.error("volume", "at most accounts (" + accounts + ") for " + kind.yamlName()
          + ": each account likes or follows a video once, got " + volume);
    }
    Duration startAfter = a.duration("startAfterPublish", Duration.ofHours(2), Duration.ZERO, Duration.ofDays(60));
    Duration defaultDuration = switch (kind) {
      case BOT_VIEWS -> Duration.ofMinutes(30);
      case CLICK_FARM -> Duration.ofHours(6);
      case BOUGHT_LIKES, BOUGHT_FOLLOWS -> Duration.ofHours(2);
      case LOCKSTEP -> Duration.ZERO;
      case SLOW_DRIP -> Duration.ofDays(4);
      case CAMOUFLAGE -> Duration.ofHours(12);
      case FOLLOW_AND_WITHDRAW -> Duration.ofHours(3);
    };
    Duration duration = kind == AttackKind.LOCKSTEP ? Duration.ZERO
        : a.duration("duration", defaultDuration, Duration.ofMinutes(1), Duration.ofDays(60));

    // Kind-specific knobs: read only where the kind uses them, so a stray one is reported as unknown.
    double fullWatchShare = kind == AttackKind.BOT_VIEWS ? a.fraction("fullWatchShare", 0.4, 0, 1) : 0;
    Duration accountAgeMax = kind == AttackKind.BOT_VIEWS || kind == AttackKind.SLOW_DRIP
        ? a.duration("accountAgeMax", kind == AttackKind.BOT_VIEWS ? Duration.ofDays(7) : Duration.ofDays(45),
            Duration.ofHours(1), Duration.ofDays(3650))
        : Duration.ZERO;
    int devices = kind == AttackKind.CLICK_FARM || kind == AttackKind.CAMOUFLAGE
        ? (int) a.integer("devices", (long) Math.max(1, accounts / (kind == AttackKind.CLICK_FARM ? 15 : 4)), 1, accounts)
        : 0;
    int prefixes = switch (kind) {
      case BOT_VIEWS -> (int) a.integer("networkPrefixes", 20L, 1, 1_000_000);
      case CLICK_FARM -> (int) a.integer("networkPrefixes", 3L, 1, 1_000_000);
      case SLOW_DRIP -> (int) a.integer("networkPrefixes", 10L, 1, 1_000_000);
      case CAMOUFLAGE -> (int) a.integer("networkPrefixes", 8L, 1, 1_000_000);
      default -> 0;
    };
    double likeShare = switch (kind) {
      case CLICK_FARM, CAMOUFLAGE -> a.fraction("likeShare", 0.08, 0, 1);
      case SLOW_DRIP -> a.fraction("likeShare", 0.03, 0, 1);
      case LOCKSTEP -> a.fraction("likeShare", 0.6, 0, 1);
      default -> 0;
    };
    double withoutViewShare = switch (kind) {
      case BOUGHT_LIKES, BOUGHT_FOLLOWS -> a.fraction("withoutViewShare", 0.8, 0, 1);
      case FOLLOW_AND_WITHDRAW -> a.fraction("withoutViewShare", 0.5, 0, 1);
      default -> 0;
    };
    int rounds = 0;
    Duration roundWindow = Duration.ZERO;
    Duration roundGap = Duration.ZERO;
    double participation = 0;
    if (kind == AttackKind.LOCKSTEP) {
      rounds = (int) a.integer("rounds", 6L, 2, 1000);
      roundWindow = a.duration("roundWindow", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(6));
      roundGap = a.duration("roundGap", Duration.ofHours(4), Duration.ofMinutes(1), Duration.ofDays(7));
      participation = a.fraction("participation", 0.85, 0.1, 1);
      if (roundGap.compareTo(roundWindow) <= 0) {
        throw a.error("roundGap", "must be longer than roundWindow (" + Durations.format(roundWindow) + ")");
      }
      duration = roundGap.multipliedBy(rounds - 1).plus(roundWindow);
    }
    int coverViews = kind == AttackKind.CAMOUFLAGE ? (int) a.integer("coverViewsPerAccount", 20L, 1, 100_000) : 0;
    double coverShare = kind == AttackKind.CAMOUFLAGE ? a.fraction("coverShare", 0, 0, 0.99) : 0;
    if (coverShare > 0) {
      // The share of the farm's views spent as cover: its cover views follow from its views on the target.
      coverViews = (int) Math.max(1, Math.round((double) volume / accounts * coverShare / (1 - coverShare)));
    }
    double withdrawShare = kind == AttackKind.FOLLOW_AND_WITHDRAW ? a.fraction("withdrawShare", 0.8, 0, 1) : 0;
    // A click farm behind residential proxies: that share of its accounts on their own phones and home networks.
    double proxyShare = kind == AttackKind.CLICK_FARM ? a.fraction("proxyShare", 0, 0, 1) : 0;
    Duration withdrawWithin = kind == AttackKind.FOLLOW_AND_WITHDRAW
        ? a.duration("withdrawWithin", Duration.ofDays(4), Duration.ofHours(1), Duration.ofDays(60))
        : Duration.ZERO;
    a.finish();
    return new AttackSpec(kind, orders, accounts, volume, startAfter, duration, fullWatchShare, accountAgeMax, devices,
        prefixes, likeShare, withoutViewShare, rounds, roundWindow, roundGap, participation, coverViews, withdrawShare,
        withdrawWithin, dailyLift, proxyShare);
  }

  /** One mapping of the scenario with its path; remembers which keys were read so the rest are reported as unknown. */
  private static final class Node {
    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    Node(String source, String path, JsonNode node) {
      this.source = source;
      this.path = path;
      this.node = node;
    }

    private String key(String k) {
      return path.isEmpty() ? k : path + "." + k;
    }

    InvalidConfigException error(String k, String what) {
      return new InvalidConfigException("scenario " + source + ": " + key(k) + ": " + what);
    }

    private JsonNode get(String k) {
      read.add(k);
      JsonNode v = node == null ? null : node.get(k);
      return v == null || v.isNull() ? null : v;
    }

    Node child(String k) {
      JsonNode v = get(k);
      if (v == null) {
        throw error(k, "required section is missing");
      }
      if (!v.isObject()) {
        throw error(k, "must be a mapping of keys");
      }
      return new Node(source, key(k), v);
    }

    Node optionalChild(String k) {
      JsonNode v = get(k);
      if (v != null && !v.isObject()) {
        throw error(k, "must be a mapping of keys");
      }
      return new Node(source, key(k), v);
    }

    List<Node> list(String k) {
      JsonNode v = get(k);
      List<Node> out = new ArrayList<>();
      if (v == null) {
        return out;
      }
      if (!v.isArray()) {
        throw error(k, "must be a list");
      }
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isObject()) {
          throw new InvalidConfigException("scenario " + source + ": " + key(k) + "[" + i + "]: must be a mapping of keys");
        }
        out.add(new Node(source, key(k) + "[" + i + "]", v.get(i)));
      }
      return out;
    }

    /** Reports the first key that was present but never read. */
    void finish() {
      if (node == null) {
        return;
      }
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!read.contains(n)) {
          throw error(n, "unknown key; allowed here: " + String.join(", ", read));
        }
      }
    }

    String text(String k, String fallback) {
      JsonNode v = get(k);
      if (v == null) {
        if (fallback == null) {
          throw error(k, "required, missing");
        }
        return fallback;
      }
      if (!v.isValueNode()) {
        throw error(k, "must be text");
      }
      return v.asText();
    }

    long integer(String k, Long fallback, long min, long max) {
      JsonNode v = get(k);
      if (v == null) {
        if (fallback == null) {
          throw error(k, "required, missing; an integer in [" + min + ", " + max + "]");
        }
        return fallback;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
        throw error(k, "must be an integer in [" + min + ", " + max + "], got '" + v.asText() + "'");
      }
      return v.asLong();
    }

    double number(String k, Double fallback, double min, double max) {
      JsonNode v = get(k);
      if (v == null) {
        if (fallback == null) {
          throw error(k, "required, missing; a number in [" + min + ", " + max + "]");
        }
        return fallback;
      }
      if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
        throw error(k, "must be a number in [" + min + ", " + max + "], got '" + v.asText() + "'");
      }
      return v.asDouble();
    }

    double fraction(String k, double fallback, double min, double max) {
      return number(k, fallback, min, max);
    }

    Duration duration(String k, Duration fallback, Duration min, Duration max) {
      JsonNode v = get(k);
      String range = "[" + Durations.format(min) + ", " + Durations.format(max) + "]";
      if (v == null) {
        if (fallback == null) {
          throw error(k, "required, missing; a duration like 90m, 6h or 3d in " + range);
        }
        return fallback;
      }
      Duration d = v.isTextual() ? Durations.parse(v.asText()) : null;
      if (d == null) {
        throw error(k, "must be a duration: a whole number and a unit (ms, s, m, h, d), e.g. 6h, got '" + v.asText() + "'");
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw error(k, "must be in " + range + ", got " + v.asText());
      }
      return d;
    }

    Instant instant(String k) {
      JsonNode v = get(k);
      if (v == null) {
        throw error(k, "required, missing; an ISO-8601 date-time with offset, e.g. 2025-03-03T00:00:00+08:00");
      }
      try {
        return OffsetDateTime.parse(v.asText()).toInstant();
      } catch (DateTimeParseException e) {
        throw error(k, "must be an ISO-8601 date-time with offset, e.g. 2025-03-03T00:00:00+08:00, got '" + v.asText() + "'");
      }
    }

    ZoneId zone(String k, ZoneId fallback) {
      JsonNode v = get(k);
      if (v == null) {
        return fallback;
      }
      try {
        return ZoneId.of(v.asText());
      } catch (DateTimeException e) {
        throw error(k, "must be a time-zone id such as Asia/Shanghai, got '" + v.asText() + "'");
      }
    }

    List<Integer> intList(String k, List<Integer> fallback, int min, int max) {
      JsonNode v = get(k);
      if (v == null) {
        return fallback;
      }
      if (!v.isArray() || v.isEmpty()) {
        throw error(k, "must be a non-empty list of integers in [" + min + ", " + max + "]");
      }
      List<Integer> out = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isIntegralNumber() || e.asLong() < min || e.asLong() > max) {
          throw error(k, "must be a non-empty list of integers in [" + min + ", " + max + "], got '" + e.asText() + "'");
        }
        out.add(e.asInt());
      }
      return List.copyOf(out);
    }

    Map<String, Double> weights(String k, Map<String, Double> fallback) {
      JsonNode v = get(k);
      if (v == null) {
        return fallback;
      }
      if (!v.isObject() || v.isEmpty()) {
        throw error(k, "must be a mapping of platform name to a positive weight, e.g. {douyin: 0.7, xigua: 0.3}");
      }
      Map<String, Double> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (!e.getValue().isNumber() || !(e.getValue().asDouble() > 0)) {
          throw error(k + "." + e.getKey(), "must be a positive number, got '" + e.getValue().asText() + "'");
        }
        out.put(e.getKey(), e.getValue().asDouble());
      }
      return out;
    }
  }
}
