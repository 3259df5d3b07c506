package com.creatormarket.integrity.faketraffic.signals;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.VideoWindow;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code lockstep-group}: accounts that hit the same set of videos within minutes of each other,
 * round after round (the CopyCatch / SynchroTrap pattern), found with bounded state:
 * <ol>
 *   <li>the account stage keeps each account's last {@code account.history} hits; when the videos it
 *       hit within {@code lockstep.window} number at least {@code lockstep.min-videos}, it computes
 *       a MinHash signature of that set ({@code bands x rows} hash functions) and emits one record
 *       per band, keyed by the band's values (locality-sensitive hashing: sets with Jaccard
 *       similarity J share a band with probability 1-(1-J^rows)^bands);</li>
 *   <li>the lockstep-groups stage, keyed by band, gathers the accounts that arrive within one
 *       round ({@code lockstep.window}) and keeps the members of the last qualifying round (at most
 *       {@code lockstep.max-members} account hashes); a round of at least {@code min-group} accounts
 *       is a group, and a group whose accounts come back ({@code min-repeat} of them seen in an
 *       earlier round) is lockstep beyond doubt: honest viewers of two popular videos are different
 *       people every hour;</li>
 *   <li>findings go to every video of the set, where this signal reads them.</li>
 * </ol>
 */
public final class LockstepGroup {

  public static final String NAME = "lockstep-group";

  private LockstepGroup() {}

  public static final Knob<Duration> WINDOW = Knob.duration("lockstep.window", Duration.ofMinutes(10), Duration.ofSeconds(30),
      Duration.ofHours(6), "Videos an account hits within this time form its set; also the length of a group's round.");
  public static final Knob<Integer> MIN_VIDEOS = Knob.integer("lockstep.min-videos", 3, 2, 64,
      "Distinct videos an account must hit within lockstep.window before it is looked at for lockstep.");
  public static final Knob<Integer> MIN_VIDEOS_REPEATED = Knob.integer("lockstep.min-videos-repeated", 3, 2, 64,
      "Fewest videos a group may share when it comes back: a group on fewer than lockstep.min-videos (but at least this many)"
          + " counts only once lockstep.min-repeat of its accounts return in a later round. Equal to lockstep.min-videos (the"
          + " default): such groups are not looked for. 2 finds groups on two videos, but also honest quiet viewers who rewatch"
          + " the same two popular videos hour after hour (measured: see the job README).");
  public static final Knob<Integer> BANDS = Knob.integer("lockstep.bands", 3, 1, 16,
      "LSH bands of the MinHash signature (more bands: more recall for partly overlapping sets).");
  public static final Knob<Integer> ROWS = Knob.integer("lockstep.rows", 2, 1, 8,
      "MinHash values per band (more rows: stricter similarity).");
  public static final Knob<Integer> MIN_GROUP = Knob.integer("lockstep.min-group", 6, 2, 100_000,
      "Accounts in one round of one band that make a group, each counted by the share of its recent activity the group's"
          + " videos take (an account busy with 16 videos that shares 3 with the others counts 3/16).");
  public static final Knob<Integer> MIN_REPEAT = Knob.integer("lockstep.min-repeat", 4, 1, 100_000,
      "Accounts of a group seen in an earlier round that make it a repeated (lockstep) group.");
  public static final Knob<Double> MIN_REPEAT_SHARE = Knob.decimal("lockstep.min-repeat-share", 0.25, 0, 1,
      "For a group on fewer than lockstep.min-videos: the accounts back from the earlier round must also be this share of it."
          + " A hundred honest co-viewers of two viral videos hold a few of the last hour's by chance.");
  public static final Knob<Integer> MAX_MEMBERS = Knob.integer("lockstep.max-members", 256, 16, 100_000,
      "Account hashes a band keeps per round: bounds the lockstep state.");
  public static final Knob<Duration> MEMORY = Knob.duration("lockstep.memory", Duration.ofDays(2), Duration.ofMinutes(10),
      Duration.ofDays(30), "How long a group's members are remembered for the next round.");
  public static final Knob<Integer> MIN_VIDEOS_SIGNIFICANT = Knob.integer("lockstep.min-videos-significant", 2, 2, 64,
      "Fewest videos of a group that counts at its first round on significance alone (lockstep.min-surprise above 0): a group"
          + " on fewer than lockstep.min-videos (but at least this many) videos of two or more creators is reported at once and"
          + " counts when chance does not explain it. Equal to lockstep.min-videos: such groups are not looked for.");
  public static final Knob<Double> MIN_SURPRISE = Knob.decimal("lockstep.min-surprise", 10.0, 0, 1000,
      "Nats by which a group's accounts on all its videos must exceed the accounts expected there by chance (the last hour's"
          + " active accounts times each video's reach as a share of them) for the group to count; the chance of as many is at"
          + " most e^-value. 0: off, every group of lockstep.min-group counts.");
  public static final Knob<Double> SINGLE_ROUND_STRENGTH = Knob.decimal("signal.lockstep.single-round-strength", 0.75, 0, 1,
      "Strength of a group seen in one round only (a repeated group has strength 1).");
  public static final Knob<Double> MIN_SHARE = Knob.decimal("signal.lockstep.min-share", 0.05, 0, 1,
      "Accounts of one round of the group on the video, as a share of the video's views in the signal window, from which the"
          + " group counts on that video: heavy honest viewers who meet on popular videos are a sliver of their traffic.");
  public static final Knob<Double> WEIGHT = Knob.decimal("signal.lockstep.weight", 0.75, 0, 1,
      "Weight of the lockstep signal in the risk score.");

  public static final List<Knob<?>> KNOBS = List.of(WINDOW, MIN_VIDEOS, MIN_VIDEOS_REPEATED, BANDS, ROWS, MIN_GROUP, MIN_REPEAT, MIN_REPEAT_SHARE, MAX_MEMBERS, MEMORY, MIN_VIDEOS_SIGNIFICANT, MIN_SURPRISE,
      SINGLE_ROUND_STRENGTH, MIN_SHARE, WEIGHT);

  public static SignalReading read(VideoWindow w, DetectionSettings s) {
    Supplier<String> detail = () -> String.format(Locale.ROOT, "%d accounts hit this video's set within %d min (%.1f weighted by how little else"
            + " they watch); %d of them in an earlier round too; %d rounds; a round's accounts were up to %.1f%% of the video's views in the window%s",
        w.lockstepGroupSize, w.lockstepWindowMillis / 60_000, w.lockstepWeightedSize, w.lockstepRepeated, w.lockstepRounds,
        100 * w.lockstepShare, Double.isNaN(w.lockstepExpected) ? ""
            : String.format(Locale.ROOT, "; chance would bring %.2f accounts onto all of the group's videos (their reach in the hour)", w.lockstepExpected));
    // A handful of heavy viewers meet on popular videos by chance; a bought group is a material
    // share of the video it was bought for (issue #14).
    if (w.lockstepWeightedSize < s.lockstepMinGroup || w.lockstepShare < s.lockstepMinShare) {
      return SignalReading.quiet(NAME, w.lockstepWeightedSize, s.lockstepMinGroup, w.lockstepWindowMillis, detail);
    }
    boolean repeated = w.lockstepRounds >= 2 && w.lockstepRepeated >= s.lockstepMinRepeat;
    double strength = repeated ? 1.0 : s.lockstepSingleRoundStrength;
    return new SignalReading(NAME, w.lockstepWeightedSize, s.lockstepMinGroup, w.lockstepWindowMillis, true, strength, detail);
  }

  /** 64-bit mix (the MurmurHash3 finalizer): a different hash function per seed. */
  static long mix(long x, long seed) {
    long h = x * 0x9E3779B97F4A7C15L + seed * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }

  /** Band keys of the MinHash signature of a set of video hashes; the same set always yields the same keys. */
  public static String[] bandKeys(int[] videoHashes, int bands, int rows) {
    String[] keys = new String[bands];
    for (int b = 0; b < bands; b++) {
      StringBuilder key = new StringBuilder().append('b').append(b);
      for (int r = 0; r < rows; r++) {
        long seed = b * 131L + r + 1;
        long min = Long.MAX_VALUE;
        for (int v : videoHashes) {
          min = Math.min(min, mix(v, seed));
        }
        key.append(':').append(Long.toHexString(min));
      }
      keys[b] = key.toString();
    }
    return keys;
  }

  /** The distinct values of a set, sorted: a canonical form. */
  public static int[] distinct(int[] values, int count) {
    return Arrays.stream(values, 0, count).distinct().sorted().toArray();
  }
}
