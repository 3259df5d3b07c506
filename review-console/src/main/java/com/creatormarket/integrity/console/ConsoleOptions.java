package com.creatormarket.integrity.console;

import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The review console's knobs; read like a job's ({@code --config FILE}, {@code --key value}). */
public final class ConsoleOptions {

  private ConsoleOptions() {}

  public static final Knob<Integer> PORT = Knob.integer("console.port", 8090, 0, 65535,
      "HTTP port of the console (0: any free port).");
  public static final Knob<String> BIND = Knob.text("console.bind", "127.0.0.1",
      "Address the console listens on.");
  public static final Knob<String> JDBC_URL = Knob.text("console.jdbc-url", "jdbc:h2:file:./review-console-store/review",
      "The store: an H2 file by default (nothing to install); a jdbc:postgresql:// URL for PostgreSQL.");
  public static final Knob<String> JDBC_USER = Knob.text("console.jdbc-user", "sa", "Database user.");
  public static final Knob<String> JDBC_PASSWORD = Knob.text("console.jdbc-password", "-",
      "Database password; '-' means none.");
  public static final Knob<String> USERS_FILE = Knob.text("console.users-file", "-",
      "Properties file of console users (user.NAME = ROLE:BCRYPT_HASH); required.");
  public static final Knob<Duration> CLAIM_EXPIRY = Knob.duration("console.claim-expiry", Duration.ofMinutes(30),
      Duration.ofSeconds(1), Duration.ofDays(1),
      "How long a reviewer's claim on a case holds; after it another reviewer may claim the case.");
  public static final Knob<Long> FOUR_EYES_AMOUNT_MINOR = Knob.longValue("console.four-eyes-amount-minor", 100_000L, 0L, Long.MAX_VALUE,
      "ENFORCE-level cases whose order price (minor units) is above this are decided by a senior reviewer only.");
  public static final Knob<Integer> POINTS_CONFIRMED = Knob.integer("console.points-confirmed", 6, 0, 12,
      "Points a confirmation deducts, as the enforcement job's policy.points.fake-traffic-confirmed; shown on the case page.");
  public static final Knob<Boolean> REBUILD = Knob.flag("console.rebuild", false,
      "At start, forget everything read from topics and read them again from the beginning (claims, notes and the audit trail stay).");
  public static final Knob<Duration> POLL = Knob.duration("console.poll", Duration.ofMillis(200),
      Duration.ofMillis(10), Duration.ofSeconds(10), "How long one poll of the topics waits for records.");

  /** Which time a decision carries as its event time. */
  public enum DecisionTime {
    /** The reviewer's clock: a live marketplace, whose event time runs with the wall clock. */
    WALL_CLOCK,
    /** The newest event time read on the pipeline's outputs: a replayed or simulated marketplace. */
    PIPELINE
  }

  public static final Knob<DecisionTime> DECISION_TIME = Knob.choice("console.decision-time", DecisionTime.WALL_CLOCK,
      "The event time a decision carries: WALL_CLOCK (a live marketplace) or PIPELINE (the newest event time on the"
          + " pipeline's outputs, for simulated or replayed traffic, whose event time is not today's).");

  public static final List<Knob<?>> ALL;

  static {
    List<Knob<?>> all = new ArrayList<>(List.of(PORT, BIND, JDBC_URL, JDBC_USER, JDBC_PASSWORD, USERS_FILE,
        CLAIM_EXPIRY, FOUR_EYES_AMOUNT_MINOR, POINTS_CONFIRMED, DECISION_TIME, REBUILD, POLL));
    all.add(KafkaKnobs.BOOTSTRAP_SERVERS);
    all.add(KafkaKnobs.CLIENT_CONFIG);
    all.add(KafkaKnobs.TOPIC_PREFIX);
    ALL = List.copyOf(all);
  }
}
