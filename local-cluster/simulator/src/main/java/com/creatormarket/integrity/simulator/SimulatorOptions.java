package com.creatormarket.integrity.simulator;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import java.nio.file.Path;

/** The simulator's command line; every option is listed in {@link #USAGE} and the README. */
public record SimulatorOptions(
    String scenario,
    Long seed,
    Path outDir,
    Path truth,
    String kafka,
    String topicPrefix,
    boolean createTopics,
    double rate,
    double speed,
    boolean quiet,
    boolean list) {

  public static final String USAGE = """
      usage: simulator --scenario NAME|FILE [options]
        --scenario NAME|FILE  shipped scenario (smoke, mid-day, heavy-attacks, retention-70d) or a YAML file
        --seed N              random seed (default: the scenario's seed); the same seed gives byte-identical files
        --out-dir DIR         write one <topic>.avro-records file per input topic into DIR
        --truth FILE          ground-truth JSON (default: DIR/ground-truth.json when --out-dir is given)
        --kafka HOST:PORT     also (or only) send the records to Kafka
        --topic-prefix P      put P before every topic name (default: none)
        --no-create-topics    do not create missing input topics on the broker
        --rate N              at most N events per second (default: as fast as possible)
        --speed X             simulated time runs at most X times wall-clock speed, e.g. 1440 = a day per minute
        --quiet               no progress line on stderr
        --list                list the shipped scenarios and exit
      """;

  public static SimulatorOptions parse(String[] args) {
    String scenario = null;
    Long seed = null;
    Path outDir = null;
    Path truth = null;
    String kafka = null;
    String prefix = "";
    boolean createTopics = true;
    double rate = 0;
    double speed = 0;
    boolean quiet = false;
    boolean list = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quiet" -> quiet = true;
        case "--list" -> list = true;
        case "--no-create-topics" -> createTopics = false;
        case "--scenario", "--seed", "--out-dir", "--truth", "--kafka", "--topic-prefix", "--rate", "--speed" -> {
          if (i + 1 >= args.length) {
            throw new InvalidConfigException(a + ": needs a value\n" + USAGE);
          }
          String v = args[++i];
          switch (a) {
            case "--scenario" -> scenario = v;
            case "--seed" -> seed = parseLong(a, v);
            case "--out-dir" -> outDir = Path.of(v);
            case "--truth" -> truth = Path.of(v);
            case "--kafka" -> kafka = v;
            case "--topic-prefix" -> prefix = v;
            case "--rate" -> rate = positive(a, v);
            default -> speed = positive(a, v);
          }
        }
        default -> throw new InvalidConfigException("unknown option '" + a + "'\n" + USAGE);
      }
    }
    if (!list) {
      if (scenario == null) {
        throw new InvalidConfigException("--scenario: required\n" + USAGE);
      }
      if (outDir == null && kafka == null) {
        throw new InvalidConfigException("no output: give --out-dir DIR, --kafka HOST:PORT, or both\n" + USAGE);
      }
      if (truth == null && outDir != null) {
        truth = outDir.resolve("ground-truth.json");
      }
    }
    return new SimulatorOptions(scenario, seed, outDir, truth, kafka, prefix, createTopics, rate, speed, quiet, list);
  }

  private static long parseLong(String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key + ": must be a whole number, got '" + v + "'");
    }
  }

  private static double positive(String key, String v) {
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidConfigException(key + ": must be a positive number, got '" + v + "'");
  }
}
