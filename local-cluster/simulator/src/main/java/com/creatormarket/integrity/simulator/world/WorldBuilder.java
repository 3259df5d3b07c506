package com.creatormarket.integrity.simulator.world;

import com.creatormarket.integrity.avro.LifecycleKind;
import com.creatormarket.integrity.common.CauseIds;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.simulator.generate.DailyRhythm;
import com.creatormarket.integrity.simulator.generate.Rng;
import com.creatormarket.integrity.simulator.scenario.AttackKind;
import com.creatormarket.integrity.simulator.scenario.Scenario;
import com.creatormarket.integrity.simulator.scenario.Scenario.AttackSpec;
import com.creatormarket.integrity.simulator.truth.TruthRecorder;
import com.creatormarket.integrity.simulator.world.World.AttackPlan;
import com.creatormarket.integrity.simulator.world.World.Creator;
import com.creatormarket.integrity.simulator.world.World.Order;
import com.creatormarket.integrity.simulator.world.World.Role;
import com.creatormarket.integrity.simulator.world.World.Video;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the marketplace of a scenario from a seed: who is in it, what was ordered, and which
 * orders carry which labelled case. Each part draws from its own random stream, so adding an
 * attack to a scenario leaves the organic world as it was.
 */
public final class WorldBuilder {

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;
  /** The enforcement job's default appeal window (knob policy.appeal-window): a later appeal does not count. */
  static final long APPEAL_WINDOW_MS = 7 * DAY;

  /** Viewer countries of a mainland-China marketplace with some overseas audience. */
  private static final String[] COUNTRIES = {"CN", "HK", "TW", "SG", "MY", "US", "JP", "KR", "TH"};
  private static final double[] COUNTRY_WEIGHTS = {0.86, 0.03, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01};

  /** Client builds: the last entries are old builds that emulators and bot kits run. */
  private static final String[] CLIENTS = {
      "android-33.2", "android-33.1", "android-32.8", "android-32.5", "ios-33.2", "ios-33.1", "ios-32.8",
      "harmonyos-33.1", "web-2025.02", "android-28.0", "android-29.3"};
  private static final double[] CLIENT_WEIGHTS = {0.22, 0.15, 0.10, 0.06, 0.20, 0.12, 0.06, 0.05, 0.04, 0, 0};
  static final int CLIENT_FARM = 2;
  static final int CLIENT_BOT_A = 9;
  static final int CLIENT_BOT_B = 10;

  private static final String[] BRANDS = {
      "brand-luckin", "brand-perfectdiary", "brand-florasis", "brand-genki", "brand-pop-mart", "brand-anta",
      "brand-bosideng", "brand-three-squirrels", "brand-yuanqi", "brand-mixue"};

  private final Scenario s;
  private final long seed;
  private final World world;
  private final DailyRhythm rhythm;
  private final Ids accountIds;
  private final Ids deviceIds;
  private final Rng prefixRng;
  private final int[] countryHomePrefixFirst;
  private final int[] countryHomePrefixCount;

  private WorldBuilder(Scenario s, long seed) {
    this.s = s;
    this.seed = seed;
    String[] advertisers = new String[s.marketplace().advertisers()];
    for (int i = 0; i < advertisers.length; i++) {
      advertisers[i] = String.format("adv-%05d", i + 1);
    }
    String[] agencies = new String[s.marketplace().agencies()];
    for (int i = 0; i < agencies.length; i++) {
      agencies[i] = String.format("mcn-%03d", i + 1);
    }
    String[] countries = COUNTRIES;
    if (s.traffic().secondMarket().share() > 0) {
      countries = Arrays.copyOf(COUNTRIES, COUNTRIES.length + 1);
      countries[COUNTRIES.length] = Scenario.SecondMarket.COUNTRY;
    }
    this.world = new World(s, advertisers, agencies, countries, CLIENTS);
    this.rhythm = new DailyRhythm(world.startMs, world.endMs, s.timeZone(), s.traffic().dailyRhythm());
    this.accountIds = new Ids(seed, "accounts");
    this.deviceIds = new Ids(seed, "devices");
    this.prefixRng = Rng.stream(seed, "prefixes");
    this.countryHomePrefixFirst = new int[COUNTRIES.length];
    this.countryHomePrefixCount = new int[COUNTRIES.length];
  }

  public static World build(Scenario scenario, long seed) {
    WorldBuilder b = new WorldBuilder(scenario, seed);
    b.creators(Rng.stream(seed, "creators"));
    b.organicAccounts(Rng.stream(seed, "accounts"));
    if (scenario.traffic().secondMarket().share() > 0) {
      b.secondMarket(Rng.stream(seed, "second-market"));
    }
    b.orders(Rng.stream(seed, "orders"));
    Rng plan = Rng.stream(seed, "plan");
    b.attacks(plan);
    b.viral(plan);
    b.retention(plan);
    b.findings(plan);
    b.appeals(Rng.stream(seed, "appeals"));
    b.terminations(Rng.stream(seed, "terminations"));
    return b.world;
  }

  private void creators(Rng rng) {
    var m = s.marketplace();
    var t = s.traffic();
    String[] platforms = m.platforms().keySet().toArray(new String[0]);
    double[] platformWeights = m.platforms().values().stream().mapToDouble(Double::doubleValue).toArray();
    int signed = (int) Math.round(m.creators() * m.agencyShare());
    int[] agencyOf = new int[m.creators()];
    java.util.Arrays.fill(agencyOf, -1);
    int[] order = shuffled(m.creators(), rng);
    for (int i = 0; i < signed && m.agencies() > 0; i++) {
      agencyOf[order[i]] = i % m.agencies();
    }
    for (int i = 0; i < m.creators(); i++) {
      String platform = platforms[rng.pick(platformWeights)];
      double reach = rng.logNormal(1, 0.8);
      // exp(sigma*N - sigma^2/2) keeps each rate's mean at the scenario's mean.
      double like = Math.min(0.5, t.likeRate() * StrictMath.exp(t.likeRateSpread() * rng.normal()
          - t.likeRateSpread() * t.likeRateSpread() / 2));
      double follow = Math.min(0.2, t.followRate() * StrictMath.exp(t.followRateSpread() * rng.normal()
          - t.followRateSpread() * t.followRateSpread() / 2));
      world.creators.add(new Creator(i, String.format("cr-%05d", i + 1), platform, agencyOf[i], reach, like, follow));
    }
  }

  private void organicAccounts(Rng rng) {
    var t = s.traffic();
    int n = t.accounts();
    // Home prefixes: a household or office network shared by a handful of accounts.
    int[] perCountry = new int[COUNTRIES.length];
    int[] country = new int[n];
    for (int i = 0; i < n; i++) {
      country[i] = rng.pick(COUNTRY_WEIGHTS);
      perCountry[country[i]]++;
    }
    world.mobilePrefixes = new int[COUNTRIES.length][];
    for (int c = 0; c < COUNTRIES.length; c++) {
      countryHomePrefixFirst[c] = world.prefixCount;
      countryHomePrefixCount[c] = perCountry[c] / 6 + 4;
      for (int i = 0; i < countryHomePrefixCount[c]; i++) {
        world.addPrefix(ipv4(prefixRng));
      }
      // Carrier-grade NAT: many viewers behind each mobile prefix.
      int mobile = perCountry[c] / 40 + 4;
      world.mobilePrefixes[c] = new int[mobile];
      for (int i = 0; i < mobile; i++) {
        world.mobilePrefixes[c][i] = world.addPrefix(c == 0 && i % 4 == 0 ? ipv6(prefixRng) : ipv4(prefixRng));
      }
    }
    long startMs = world.startMs;
    int previousDevice = -1;
    // Cafes, school labs, cheap phones reset to one id: devices with three to six accounts (own stream).
    Rng groupRng = Rng.stream(seed, "device-groups");
    int groupDevice = -1;
    int groupLeft = 0;
    for (int i = 0; i < n; i++) {
      long ageMs;
      if (rng.chance(t.newAccountShare())) {
        ageMs = rng.nextLong(DAY, 90 * DAY);
      } else {
        // Median two years, clamped to the platforms' lifetime.
        ageMs = (long) Math.min(9 * 365.0 * DAY, Math.max(90.0 * DAY, rng.logNormal(2 * 365.0 * DAY, 0.6)));
      }
      int device;
      if (previousDevice >= 0 && rng.chance(t.sharedDeviceShare())) {
        device = previousDevice; // a family sharing a phone
      } else {
        device = world.addDevice(deviceIds.next("dv", world.deviceCount));
      }
      if (t.deviceGroupShare() > 0 && groupRng.chance(t.deviceGroupShare())) {
        if (groupLeft == 0) {
          groupDevice = world.addDevice(deviceIds.next("dv", world.deviceCount));
          groupLeft = 3 + groupRng.nextInt(4);
        }
        device = groupDevice;
        groupLeft--;
      }
      int device2 = rng.chance(0.12) ? world.addDevice(deviceIds.next("dv", world.deviceCount)) : -1;
      int c = country[i];
      int home = countryHomePrefixFirst[c] + rng.nextInt(countryHomePrefixCount[c]);
      world.addAccount(accountIds.next("u", world.accountCount), Instant.ofEpochMilli(startMs - ageMs), c,
          rng.pick(CLIENT_WEIGHTS), device, device2, home);
      previousDevice = device;
    }
    world.organicAccounts = n;
  }

  /**
   * Moves a share of the creators and of the organic accounts into the second market (its own
   * draws: the rest of the world is drawn as without it): its own home and carrier networks, its
   * share of new accounts, and phones shared in groups of three to six.
   */
  private void secondMarket(Rng rng) {
    Scenario.SecondMarket m = s.traffic().secondMarket();
    int c = COUNTRIES.length;
    for (World.Creator creator : world.creators) {
      creator.secondMarket = rng.chance(m.share());
    }
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < world.organicAccounts; i++) {
      if (rng.chance(m.share())) {
        members.add(i);
      }
    }
    Rng prefixes = Rng.stream(seed, "second-market-prefixes");
    int homeFirst = world.prefixCount;
    int homeCount = members.size() / 6 + 4;
    for (int i = 0; i < homeCount; i++) {
      world.addPrefix(ipv4(prefixes));
    }
    int[][] mobile = Arrays.copyOf(world.mobilePrefixes, c + 1);
    mobile[c] = new int[members.size() / 40 + 4];
    for (int i = 0; i < mobile[c].length; i++) {
      mobile[c][i] = world.addPrefix(ipv4(prefixes));
    }
    world.mobilePrefixes = mobile;
    long startMs = world.startMs;
    int groupDevice = -1;
    int groupLeft = 0;
    for (int a : members) {
      world.accountCountry[a] = c;
      world.accountHomePrefix[a] = homeFirst + rng.nextInt(homeCount);
      if (rng.chance(m.newAccountShare())) {
        world.accountCreated[a] = Instant.ofEpochMilli(startMs - rng.nextLong(DAY, 30 * DAY));
      }
      if (rng.chance(m.deviceGroupShare())) {
        if (groupLeft == 0) {
          groupDevice = world.addDevice(deviceIds.next("dv", world.deviceCount));
          groupLeft = 3 + rng.nextInt(4);
        }
        world.accountDevice[a] = groupDevice;
        groupLeft--;
      }
    }
  }

  private void orders(Rng rng) {
    var m = s.marketplace();
    var t = s.traffic();
    double[] advertiserWeights = new double[m.advertisers()];
    for (int i = 0; i < advertiserWeights.length; i++) {
      advertiserWeights[i] = rng.logNormal(1, 1.0);
    }
    double[] creatorWeights = new double[m.creators()];
    for (int i = 0; i < creatorWeights.length; i++) {
      creatorWeights[i] = StrictMath.sqrt(world.creators.get(i).reach);
    }
    var advertiserTable = new com.creatormarket.integrity.simulator.generate.AliasTable(advertiserWeights);
    var creatorTable = new com.creatormarket.integrity.simulator.generate.AliasTable(creatorWeights);
    long windowMs = m.publishWindow().toMillis();
    long leadMs = m.orderLeadTime().toMillis();
    for (int i = 0; i < m.orders(); i++) {
      Creator creator = world.creators.get(creatorTable.draw(rng));
      int advertiser = advertiserTable.draw(rng);
      boolean usd = rng.chance(m.usdShare());
      long price = Math.max(100, Math.round(rng.logNormal(m.priceMedianMinor(), m.priceSpread()) / 100) * 100);
      if (usd) {
        price = Math.max(100, Math.round(price / 7.2 / 100) * 100);
      }
      long prepaid;
      if (rng.chance(m.prepaidShare())) {
        prepaid = price;
      } else {
        prepaid = rng.chance(0.5) ? price / 2 : 0;
      }
      Integer retention = rng.chance(m.explicitRetentionShare())
          ? m.explicitRetentionDays().get(rng.nextInt(m.explicitRetentionDays().size()))
          : null;
      long publish;
      do {
        publish = world.startMs + MINUTE + rng.nextLong(0, Math.max(1, windowMs - MINUTE));
      } while (!rng.chance(rhythm.at(publish) / rhythm.max()));
      long created = publish - MINUTE - (long) (rng.nextDouble() * leadMs);
      if (created < world.startMs) {
        created = world.startMs + (long) (rng.nextDouble() * (publish - world.startMs) * 0.5);
      }
      Order o = new Order(i, String.format("ord-%06d", i + 1), advertiser, creator, creator.agency, price, prepaid,
          usd ? "USD" : "CNY", retention, created, publish);
      world.orders.add(o);
      if (rng.chance(m.cancelledShare())) {
        o.cancelledMs = created + (long) (rng.nextDouble() * (publish - created));
        continue;
      }
      long length = (long) Math.min(600_000, Math.max(5_000, rng.logNormal(m.videoLengthMedian().toMillis(), 0.6)));
      double views = t.viewsPerVideo() * creator.reach * rng.logNormal(1, t.popularitySkew());
      Video v = new Video(world.videos.size(), String.format("vid-%06d", i + 1), o, length, publish, views);
      o.video = v;
      world.videos.add(v);
    }
  }

  /** Published honest orders whose video is up early enough, in a seeded random order. */
  private List<Order> candidates(Rng rng, long latestPublishMs) {
    List<Order> out = new ArrayList<>();
    for (Order o : world.orders) {
      if (o.published() && o.role == Role.HONEST && o.publishMs <= latestPublishMs) {
        out.add(o);
      }
    }
    for (int i = out.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Order tmp = out.get(i);
      out.set(i, out.get(j));
      out.set(j, tmp);
    }
    return out;
  }

  private void attacks(Rng rng) {
    List<AttackSpec> specs = s.attacks();
    for (int a = 0; a < specs.size(); a++) {
      AttackSpec spec = specs.get(a);
      long startAfter = spec.startAfterPublish().toMillis();
      // The whole planned window should fit in the span; the start at least must.
      long latest = world.endMs - startAfter - Math.max(MINUTE, spec.duration().toMillis())
          - spec.withdrawWithin().toMillis(); // room for the withdrawals too
      List<Order> pool = candidates(rng, latest);
      if (pool.size() < spec.orders()) {
        pool = candidates(rng, world.endMs - startAfter - MINUTE * 10);
      }
      if (pool.size() < spec.orders()) {
        throw new InvalidConfigException("scenario " + s.name() + ": attacks[" + a + "]: needs " + spec.orders()
            + " honest orders published at least startAfterPublish (" + Durations.format(spec.startAfterPublish())
            + ") before the end of the span, but only " + pool.size()
            + " are left; lengthen duration, shorten marketplace.publishWindow or lower startAfterPublish");
      }
      if (spec.kind() == AttackKind.LOCKSTEP) {
        List<Video> targets = new ArrayList<>();
        long start = 0;
        for (int i = 0; i < spec.orders(); i++) {
          Order o = pool.get(i);
          o.role = Role.ATTACKED;
          o.video.attacked = true;
          targets.add(o.video);
          start = Math.max(start, o.publishMs);
        }
        start += jitter(rng, startAfter);
        plan(rng, a, spec, targets, start);
      } else {
        for (int i = 0; i < spec.orders(); i++) {
          Order o = pool.get(i);
          o.role = Role.ATTACKED;
          o.video.attacked = true;
          plan(rng, a, spec, List.of(o.video), o.publishMs + jitter(rng, startAfter));
        }
      }
    }
  }

  private static long jitter(Rng rng, long base) {
    return (long) (base * (0.75 + 0.5 * rng.nextDouble()));
  }

  private void plan(Rng rng, int specIndex, AttackSpec spec, List<Video> targets, long start) {
    int index = world.attacks.size();
    String id = String.format("atk-%03d-%s", index + 1, spec.kind().yamlName().replace('_', '-'));
    long end = start + spec.duration().toMillis();
    AttackPlan plan = new AttackPlan(index, id, spec.kind(), List.copyOf(targets), world.accountCount,
        Math.min(start, world.endMs - 1), Math.min(end, world.endMs));
    int n = spec.accounts();
    int[] devicePool = null;
    int[] prefixPool = null;
    switch (spec.kind()) {
      case CLICK_FARM, CAMOUFLAGE -> {
        devicePool = new int[spec.devices()];
        for (int i = 0; i < devicePool.length; i++) {
          devicePool[i] = world.addDevice(deviceIds.next("dv", world.deviceCount));
        }
      }
      default -> { }
    }
    int pool = switch (spec.kind()) {
      case BOT_VIEWS, CLICK_FARM, SLOW_DRIP, CAMOUFLAGE -> spec.networkPrefixes();
      case BOUGHT_LIKES, BOUGHT_FOLLOWS -> Math.max(5, n / 20);
      case FOLLOW_AND_WITHDRAW -> Math.max(4, n / 25);
      case LOCKSTEP -> 0;
    };
    if (pool > 0) {
      prefixPool = new int[pool];
      for (int i = 0; i < pool; i++) {
        prefixPool[i] = world.addPrefix(ipv4(prefixRng));
      }
    }
    int proxied = (int) Math.round(spec.proxyShare() * n);
    for (int i = 0; i < n; i++) {
      long ageMs = switch (spec.kind()) {
        case BOT_VIEWS, SLOW_DRIP -> rng.nextLong(HOUR, spec.accountAgeMax().toMillis());
        case BOUGHT_LIKES, BOUGHT_FOLLOWS -> rng.nextLong(3 * DAY, 60 * DAY);
        case FOLLOW_AND_WITHDRAW -> rng.nextLong(DAY, 30 * DAY);
        case CLICK_FARM -> (long) Math.max(30.0 * DAY, rng.logNormal(300.0 * DAY, 0.7));
        case CAMOUFLAGE -> rng.nextLong(60 * DAY, 2 * 365 * DAY);
        case LOCKSTEP -> (long) Math.max(30.0 * DAY, rng.logNormal(1.5 * 365 * DAY, 0.7));
      };
      int device = devicePool != null ? devicePool[i % devicePool.length]
          : world.addDevice(deviceIds.next("dv", world.deviceCount));
      int client = switch (spec.kind()) {
        case BOT_VIEWS -> rng.chance(0.5) ? CLIENT_BOT_A : CLIENT_BOT_B;
        case CLICK_FARM -> CLIENT_FARM;
        default -> rng.pick(CLIENT_WEIGHTS);
      };
      int home = prefixPool != null ? prefixPool[rng.nextInt(prefixPool.length)]
          : countryHomePrefixFirst[0] + rng.nextInt(countryHomePrefixCount[0]);
      if (i < proxied) {
        // Behind a residential proxy: a phone and a home network of its own, like anyone's.
        device = world.addDevice(deviceIds.next("dv", world.deviceCount));
        home = world.addPrefix(ipv4(prefixRng));
      }
      world.addAccount(accountIds.next("u", world.accountCount), Instant.ofEpochMilli(start - ageMs), 0, client,
          device, -1, home);
    }
    plan.proxied = proxied;
    plan.accountCount = n;
    plan.spec = spec;
    plan.prefixPool = prefixPool;
    world.attacks.add(plan);
  }

  /**
   * Burst views per ordinary account at most. A burst's viewers are drawn from every ordinary
   * account alike, so with r views per account about (1 - e^-r) / r of its views are first views:
   * 0.906 at a fifth. Unbounded, a burst twelve times a video's expected views in a small world came
   * from each account several times over (0.75 distinct accounts per view on 3,000 accounts; on a
   * 20 K-account drip world 273 K views, about 14 per account), which is a click farm's shape, not a
   * take-off's.
   */
  static final double MAX_BURST_REACH = 0.2;

  private void viral(Rng rng) {
    var v = s.viral();
    if (v.videos() == 0) {
      return;
    }
    long length = v.burstLength().toMillis();
    long after = v.startAfterPublish().toMillis();
    List<Order> pool = candidates(rng, world.endMs - after - length);
    if (pool.size() < v.videos()) {
      throw new InvalidConfigException("scenario " + s.name() + ": viral.videos: needs " + v.videos()
          + " honest orders published at least startAfterPublish + burstLength before the end, but only " + pool.size()
          + " are left; lengthen duration or shorten viral.startAfterPublish");
    }
    for (int i = 0; i < v.videos(); i++) {
      Order o = pool.get(i);
      o.role = Role.VIRAL;
      Video video = o.video;
      video.burstStartMs = o.publishMs + HOUR + (long) (rng.nextDouble() * Math.max(1, after - HOUR));
      video.burstEndMs = video.burstStartMs + length;
      // A real take-off: the burst is many times what the video would have had anyway, but no more
      // than the world's ordinary accounts can give as mostly first views.
      video.burstViews = Math.min(v.multiplier() * Math.max(video.expectedViews, s.traffic().viewsPerVideo()),
          MAX_BURST_REACH * world.organicAccounts);
    }
    if (v.newcomerShare() > 0) {
      newcomers(Rng.stream(seed, "newcomers"), v.newcomerShare());
    }
  }

  /**
   * A celebrity shares the video: many of the burst's viewers made their accounts in the week before
   * (issue #14's honest look-alike of bought fresh accounts). Own random stream, so worlds without
   * it draw exactly as before.
   */
  private void newcomers(Rng rng, double share) {
    for (Video video : world.videos) {
      if (video.burstViews <= 0) {
        continue;
      }
      int count = (int) Math.max(1, Math.round(share * video.burstViews));
      video.newcomers = new int[count];
      for (int i = 0; i < count; i++) {
        long created = video.burstStartMs - HOUR - (long) (rng.nextDouble() * 6 * DAY);
        int c = rng.nextInt(COUNTRIES.length);
        int home = countryHomePrefixFirst[c] + rng.nextInt(countryHomePrefixCount[c]);
        int device = world.addDevice(deviceIds.next("dv", world.deviceCount));
        video.newcomers[i] = world.accountCount;
        world.addAccount(accountIds.next("u", world.accountCount), Instant.ofEpochMilli(created), c, rng.pick(CLIENT_WEIGHTS),
            device, -1, home);
      }
    }
  }

  private void retention(Rng rng) {
    var r = s.retention();
    Map<Order, World.RetentionChange> changed = new java.util.LinkedHashMap<>();

    // Late removals need a retention end inside the span: first the orders whose own period ends
    // there, then orders given an early agreed change to the shortest changedDays.
    List<Order> late = new ArrayList<>();
    for (Order o : candidates(rng, world.endMs)) {
      if (late.size() < r.creatorLateRemovals() && retentionEnd(o, changed) + 2 * HOUR < world.endMs) {
        late.add(o);
      }
    }
    int shortest = r.changedDays().stream().mapToInt(Integer::intValue).min().orElse(Retention.DEFAULT_DAYS);
    int viaChange = r.creatorLateRemovals() - late.size();
    if (viaChange > 0) {
      List<Order> shortenable = new ArrayList<>();
      for (Order o : candidates(rng, world.endMs)) {
        if (!late.contains(o) && Retention.endMs(o.publishMs, shortest, s.timeZone()) + 2 * HOUR < world.endMs) {
          shortenable.add(o);
        }
      }
      int possible = Math.min(r.changes(), shortenable.size());
      if (possible < viaChange) {
        throw new InvalidConfigException("scenario " + s.name() + ": retention.creatorLateRemovals: needs "
            + r.creatorLateRemovals() + " orders whose retention period ends inside the simulated span; "
            + late.size() + " do on their own and retention.changes (" + r.changes() + ", shortest changedDays "
            + shortest + ") can shorten at most " + possible + " more; lengthen duration (70d exercises the 60-day rule), "
            + "raise retention.changes or add a short value to retention.changedDays");
      }
      for (int i = 0; i < viaChange; i++) {
        Order o = shortenable.get(i);
        long at = o.publishMs + 10 * MINUTE + (long) (rng.nextDouble() * 50 * MINUTE);
        addChange(changed, new World.RetentionChange(o, at, o.retentionDays, shortest));
        late.add(o);
      }
    }
    List<Order> changePool = candidates(rng, world.endMs - HOUR);
    changePool.removeAll(changed.keySet());
    changePool.removeAll(late); // a later agreed change would make a late removal early again
    int more = r.changes() - changed.size();
    if (changePool.size() < more) {
      throw new InvalidConfigException("scenario " + s.name() + ": retention.changes: needs " + r.changes()
          + " published honest orders, only " + (changePool.size() + changed.size()) + " are left");
    }
    for (int i = 0; i < more; i++) {
      Order o = changePool.get(i);
      long at = o.publishMs + 10 * MINUTE + (long) (rng.nextDouble() * Math.min(2 * DAY, world.endMs - o.publishMs - 20 * MINUTE));
      int to = r.changedDays().get(rng.nextInt(r.changedDays().size()));
      addChange(changed, new World.RetentionChange(o, at, o.retentionDays, to));
    }

    for (Order o : late) {
      long end = retentionEnd(o, changed);
      long from = Math.max(end, effectiveFrom(o, changed) + MINUTE);
      // Some just after midnight of the first free day: the edge a natural-day rule must get right.
      long at = rng.chance(0.3) ? from + (long) (rng.nextDouble() * HOUR)
          : from + HOUR + (long) (rng.nextDouble() * Math.max(1, Math.min(3 * DAY, world.endMs - from - 2 * HOUR)));
      removal(rng, o, changed, rng.chance(0.5) ? "DELETED" : "HIDDEN", "CREATOR", Math.min(at, world.endMs - MINUTE));
    }

    int early = r.creatorEarlyDeletions() + r.creatorEarlyHidings() + r.moderationEarlyRemovals();
    List<Order> earlyPool = new ArrayList<>();
    for (Order o : candidates(rng, world.endMs - 2 * HOUR)) {
      // Room for a removal after the publication (and any agreed change) and before the retention end.
      long from = Math.max(o.publishMs + 30 * MINUTE, effectiveFrom(o, changed) + MINUTE);
      if (from + 2 * MINUTE < Math.min(retentionEnd(o, changed), world.endMs - HOUR)) {
        earlyPool.add(o);
      }
    }
    if (earlyPool.size() < early) {
      throw new InvalidConfigException("scenario " + s.name() + ": retention: early removals need " + early
          + " published honest orders at least 2h before the end, only " + earlyPool.size() + " are left");
    }
    for (int i = 0; i < early; i++) {
      Order o = earlyPool.get(i);
      String action;
      String actor;
      if (i < r.creatorEarlyDeletions()) {
        action = "DELETED";
        actor = "CREATOR";
      } else if (i < r.creatorEarlyDeletions() + r.creatorEarlyHidings()) {
        action = "HIDDEN";
        actor = "CREATOR";
      } else {
        action = rng.chance(0.5) ? "DELETED" : "HIDDEN";
        actor = "PLATFORM_MODERATION";
      }
      long from = Math.max(o.publishMs + 30 * MINUTE, effectiveFrom(o, changed) + MINUTE);
      long until = Math.min(retentionEnd(o, changed), world.endMs - HOUR);
      long at;
      if (until < world.endMs - HOUR && rng.chance(0.3)) {
        at = until - MINUTE - (long) (rng.nextDouble() * Math.min(6 * HOUR, until - from - MINUTE)); // just before the end
      } else {
        at = from + (long) (rng.nextDouble() * Math.max(1, until - from - MINUTE));
      }
      removal(rng, o, changed, action, actor, at);
    }
  }

  private void addChange(Map<Order, World.RetentionChange> changed, World.RetentionChange change) {
    changed.put(change.order(), change);
    world.retentionChanges.add(change);
  }

  /** The time from which the order's retention period is what {@link #retentionEnd} says. */
  private static long effectiveFrom(Order o, Map<Order, World.RetentionChange> changed) {
    World.RetentionChange c = changed.get(o);
    return c == null ? o.publishMs : c.atMs();
  }

  private int retentionDays(Order o, Map<Order, World.RetentionChange> changed) {
    World.RetentionChange c = changed.get(o);
    if (c != null) {
      return c.toDays();
    }
    return o.retentionDays == null ? Retention.DEFAULT_DAYS : o.retentionDays;
  }

  private long retentionEnd(Order o, Map<Order, World.RetentionChange> changed) {
    return Retention.endMs(o.publishMs, retentionDays(o, changed), s.timeZone());
  }

  private void removal(Rng rng, Order o, Map<Order, World.RetentionChange> changed, String action, String actor, long at) {
    o.role = Role.RETENTION_CASE;
    long restored = Long.MAX_VALUE;
    if (action.equals("HIDDEN") && rng.chance(s.retention().restoredShare())) {
      long r = at + 30 * MINUTE + (long) (rng.nextDouble() * 2 * DAY);
      if (r < world.endMs) {
        restored = r;
      }
    }
    o.video.hide(at, restored);
    long end = retentionEnd(o, changed);
    world.retentionCases.add(new World.RetentionCase(o, action, actor, at, retentionDays(o, changed), end, at < end,
        restored));
  }

  private void findings(Rng rng) {
    int n = s.findings().privateDeals();
    // Other systems find private deals of creators the marketplace knows: ones with an order, found
    // after their first order event (the enforcement job holds, then drops, a finding about a
    // creator it has never seen).
    Map<Creator, Long> firstOrderMs = new HashMap<>();
    for (Order o : world.orders) {
      firstOrderMs.merge(o.creator, o.createdMs, Math::min);
    }
    List<Creator> known = new ArrayList<>();
    for (Creator c : world.creators) {
      if (firstOrderMs.containsKey(c) && firstOrderMs.get(c) < world.endMs) {
        known.add(c);
      }
    }
    if (n > known.size()) {
      throw new InvalidConfigException("scenario " + s.name() + ": findings.privateDeals: " + n + " findings need as many creators with"
          + " an order, but only " + known.size() + " creators have one; lower privateDeals or raise marketplace.orders");
    }
    int[] order = shuffled(known.size(), rng);
    Ids ids = new Ids(seed, "findings");
    for (int i = 0; i < n; i++) {
      Creator c = known.get(order[i]);
      long from = Math.max(world.startMs, firstOrderMs.get(c));
      long at = from + (long) (rng.nextDouble() * (world.endMs - from));
      world.privateDeals.add(new World.PrivateDeal(ids.next("cf", i), c, BRANDS[rng.nextInt(BRANDS.length)],
          ids.next("ext", i), at));
    }
    world.privateDeals.sort((a, b) -> Long.compare(a.foundMs(), b.foundMs()));
  }

  /**
   * Creators appeal their penalties: the first early deletions in time order (alternately upheld and
   * rejected, the first upheld) and the first orders hit by bot views or a click farm, by attack
   * start (sabotage by a rival: upheld). An appeal is filed 10 min to 2 h after the penalty (the
   * enforcement job rejects one filed before it, and holds a decision on a penalty it has not taken
   * for a day, then dead-letters it) and decided 10 min to 2 h later. One that would be decided in
   * the span's last hour is not made and the next candidate is taken. Own random stream, so worlds
   * without appeals draw exactly as before.
   */
  private void appeals(Rng rng) {
    var a = s.appeals();
    Ids ids = new Ids(seed, "appeals");
    long lastDecision = world.endMs - HOUR;

    List<World.RetentionCase> deletions = new ArrayList<>();
    for (World.RetentionCase c : world.retentionCases) {
      if (c.action().equals("DELETED") && TruthRecorder.isViolation(c)) {
        deletions.add(c);
      }
    }
    deletions.sort(Comparator.comparingLong(World.RetentionCase::atMs)
        .thenComparing((World.RetentionCase c) -> c.order().id));
    int made = 0;
    for (int i = 0; i < deletions.size() && made < a.deletions(); i++) {
      World.RetentionCase c = deletions.get(i);
      // The retention job's violation, and so the penalty, has the removal instant as its event time.
      long appealed = c.atMs() + rng.nextLong(10 * MINUTE, 2 * HOUR);
      long decided = appealed + rng.nextLong(10 * MINUTE, 2 * HOUR);
      if (decided >= lastDecision) {
        continue;
      }
      Order o = c.order();
      // A video belongs to one order only (vid-N of ord-N), so the act of deleting it has one cause,
      // the order's own violation: the one the ledger takes the points on.
      String cause = CauseIds.retentionViolation(o.id, o.video.id, c.atMs(), LifecycleKind.DELETED);
      boolean upheld = made % 2 == 0;
      appeal(ids, "EARLY_DELETION", upheld, o, cause, appealed, decided, upheld
          ? "appeal upheld: the creator deleted the video by mistake and the advertiser asked not to penalise it"
          : "appeal rejected: the video came down before the agreed retention period ended, for no reason given");
      made++;
    }
    if (made < a.deletions()) {
      throw new InvalidConfigException("scenario " + s.name() + ": appeals.deletions: " + a.deletions()
          + " appeals need as many early deletions whose appeal can be decided before the last hour of the span, but only "
          + made + " of the " + deletions.size() + " can; lower appeals.deletions or lengthen duration");
    }

    List<AttackPlan> sabotaged = new ArrayList<>();
    for (AttackPlan p : world.attacks) {
      if (p.kind == AttackKind.BOT_VIEWS || p.kind == AttackKind.CLICK_FARM) {
        sabotaged.add(p);
      }
    }
    sabotaged.sort(Comparator.comparingLong(p -> p.plannedStartMs)); // stable: attacks starting together stay in plan order
    made = 0;
    for (int i = 0; i < sabotaged.size() && made < a.attacks(); i++) {
      AttackPlan p = sabotaged.get(i);
      // The case is enforced minutes into the attack, at a time only the job knows, so the appeal waits
      // for the attack's end; it must still be within the appeal window of the enforcement, hence of the start.
      long appealed = p.plannedEndMs + rng.nextLong(10 * MINUTE, 2 * HOUR);
      long decided = appealed + rng.nextLong(10 * MINUTE, 2 * HOUR);
      if (decided >= lastDecision || appealed - p.plannedStartMs > APPEAL_WINDOW_MS) {
        continue;
      }
      Order o = p.targets.get(0).order;
      appeal(ids, "FAKE_TRAFFIC", true, o, CauseIds.flaggedCase(o.id, o.video.id), appealed, decided,
          "appeal upheld: sabotage, a rival bought this traffic; nothing ties the creator to the accounts");
      made++;
    }
    if (made < a.attacks()) {
      throw new InvalidConfigException("scenario " + s.name() + ": appeals.attacks: " + a.attacks()
          + " appeals need as many orders hit by bot_views or click_farm whose appeal can be filed within 7 days of the attack's"
          + " start and decided before the last hour of the span, but only " + made + " of the " + sabotaged.size()
          + " can; lower appeals.attacks, shorten those attacks or lengthen duration");
    }
  }

  /** A fast-burst order the order system could be said to terminate, with where its events would fall. */
  private record TerminationCandidate(AttackPlan attack, Order order, int rank, double draw, long terminatedMs, long deletedMs,
      boolean fits, boolean deletionFits) {}

  /**
   * The order system's answer to our terminations (issue #15): the enforcement job terminates an order
   * minutes into a fast-detected burst (fake traffic confirmed: every order in progress of the creator
   * ends), the order system writes TERMINATED {@code terminatedAfter} after the attack's end, and
   * {@code deletedAfter} later the creator deletes the video, no longer owing the order its retention.
   * Orders are taken by kind (bot views, then bought likes or follows, then a click farm), those whose
   * deletion fits (inside the span, before the retention end, the video still up) first, then in a
   * seeded random order; an order must be terminated inside the span and before its COMPLETED (which is
   * then never written). Own random stream, so worlds without terminations draw exactly as before.
   */
  private void terminations(Rng rng) {
    var t = s.terminations();
    if (t.orders() == 0) {
      return;
    }
    long terminatedAfter = t.terminatedAfter().toMillis();
    long deletedAfter = t.deletedAfter().toMillis();
    long completeAfter = s.marketplace().completeAfter().toMillis();
    List<TerminationCandidate> candidates = new ArrayList<>();
    for (AttackPlan p : world.attacks) {
      int rank = p.kind.fastDetectionRank();
      if (rank < 0) {
        continue;
      }
      for (Video v : p.targets) {
        double draw = rng.nextDouble(); // one draw per candidate, fitting or not
        Order o = v.order;
        long terminated = p.plannedEndMs + terminatedAfter;
        long deleted = terminated + deletedAfter;
        // The order system terminates an order in progress, never one it has completed.
        boolean fits = terminated < world.endMs && o.publishMs + completeAfter > terminated;
        boolean deletionFits = deleted < world.endMs && deleted < retentionEndAt(o, deleted) && v.goneForGoodMs() > deleted;
        candidates.add(new TerminationCandidate(p, o, rank, draw, terminated, deleted, fits, deletionFits));
      }
    }
    candidates.sort(Comparator.comparingInt(TerminationCandidate::rank)
        .thenComparing(c -> !c.deletionFits())
        .thenComparingDouble(TerminationCandidate::draw));
    int made = 0;
    for (int i = 0; i < candidates.size() && made < t.orders(); i++) {
      TerminationCandidate c = candidates.get(i);
      if (!c.fits()) {
        continue;
      }
      Order o = c.order();
      o.terminatedMs = c.terminatedMs();
      long deleted = Long.MAX_VALUE;
      if (c.deletionFits()) {
        deleted = c.deletedMs();
        // Silenced rather than hidden: the traffic stream draws as without the section, only nothing is written.
        o.video.silencedFromMs = deleted;
      }
      long at = deleted == Long.MAX_VALUE ? c.terminatedMs() : deleted;
      world.terminations.add(new World.Termination(o, c.attack(), c.terminatedMs(), deleted, retentionDaysAt(o, at),
          retentionEndAt(o, at)));
      made++;
    }
    if (made < t.orders()) {
      throw new InvalidConfigException("scenario " + s.name() + ": terminations.orders: " + t.orders()
          + " terminations need as many orders hit by bot_views, bought_likes, bought_follows or click_farm whose TERMINATED"
          + " (terminatedAfter, " + Durations.format(t.terminatedAfter()) + ", after the attack's end) falls inside the span and"
          + " before the order's COMPLETED (marketplace.completeAfter after publication), but only " + made + " of the "
          + candidates.size() + " can; lower terminations.orders, shorten terminatedAfter or those attacks, or lengthen duration");
    }
    world.terminations.sort(Comparator.comparingLong(World.Termination::terminatedMs)
        .thenComparing((World.Termination x) -> x.order().id));
  }

  /** The retention days in force for an order at a time: its last agreed change by then, else its own (or the default). */
  private int retentionDaysAt(Order o, long atMs) {
    int days = o.retentionDays == null ? Retention.DEFAULT_DAYS : o.retentionDays;
    long latest = Long.MIN_VALUE;
    for (World.RetentionChange c : world.retentionChanges) {
      if (c.order() == o && c.atMs() <= atMs && c.atMs() >= latest) {
        latest = c.atMs();
        days = c.toDays();
      }
    }
    return days;
  }

  private long retentionEndAt(Order o, long atMs) {
    return Retention.endMs(o.publishMs, retentionDaysAt(o, atMs), s.timeZone());
  }

  private void appeal(Ids ids, String kind, boolean upheld, Order o, String causeId, long appealedMs, long decidedMs, String note) {
    world.appeals.add(new World.Appeal(ids.next("rd", world.appeals.size()), kind, upheld, o, causeId,
        CauseIds.penalty(causeId, o.creator.id), appealedMs, decidedMs, note));
  }

  private static int[] shuffled(int n, Rng rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  private static String ipv4(Rng rng) {
    int a;
    do {
      a = 14 + rng.nextInt(210);
    } while (a == 127 || a == 10 || a == 100 || a == 172 || a == 192);
    return a + "." + rng.nextInt(256) + "." + rng.nextInt(256) + ".0/24";
  }

  private static String ipv6(Rng rng) {
    return String.format("240e:%x:%x::/48", rng.nextInt(0x10000), rng.nextInt(0x10000));
  }
}
