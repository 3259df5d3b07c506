package com.creatormarket.integrity.faketraffic.rules;

import com.creatormarket.integrity.avro.DetectionRule;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Durations;
import com.creatormarket.integrity.common.config.Knob;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Heartbeats;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.common.rules.ShadowComparison;
import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.FakeTrafficOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The data engineers' command for run-time rules (topic detection-rules): {@code list} shows every
 * rule with what a fresh start of the job makes of it and the value of each changeable knob in force
 * now; {@code publish} checks a change as the job will (key, value, version, the score levels'
 * order, a time still ahead of the inputs' event time) and sends it only if it passes. Exit codes:
 * 0 done, 1 the change was refused (nothing sent), 2 a usage error.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, subcommands = {RulesTool.ListRules.class, RulesTool.Publish.class, RulesTool.Compare.class},
    description = "Run-time detection rules of the fake-traffic job (topic detection-rules).")
public final class RulesTool implements Runnable {

  /** Where the rules and the inputs are. */
  static final class Connection {
    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--client-config", defaultValue = "${env:INTEGRITY_KAFKA_CLIENT_CONFIG:--}",
        description = "Kafka client properties file with the credentials to use; '-' for a plaintext broker (default: ${DEFAULT-VALUE}).")
    String clientConfig;

    @Option(names = "--topic-prefix", defaultValue = "-", description = "Prefix of the pipeline's topics; '-' for none (default).")
    String topicPrefix;

    Settings settings() {
      return Settings.from(Map.of(KafkaKnobs.BOOTSTRAP_SERVERS.key(), bootstrap, KafkaKnobs.CLIENT_CONFIG.key(), clientConfig,
              KafkaKnobs.TOPIC_PREFIX.key(), topicPrefix),
          "rules tool", FakeTrafficOptions.KNOBS);
    }

    /** The newest event time the producers of the job's inputs have reported; the job cannot be past it. */
    Long inputTime() {
      Settings s = settings();
      return Heartbeats.newest(KafkaConnection.of(s), List.of(KafkaKnobs.topicName(s, Topics.ENGAGEMENT), KafkaKnobs.topicName(s, Topics.ORDERS)), 500);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new RulesTool());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** The rules as a fresh start of the job takes them: each in version order, accepted or turned down. */
  static RuleHistory replay(List<DetectionRule> rules, PrintWriter out) {
    return RuleTopic.accepted(DetectionSettings.defaults(), rules, (r, problem) -> {
      if (out != null) {
        out.printf("  v%-4d %-40s %-10s from %s  by %s%s  %s%n", r.getVersion(), r.getSettingKey(), r.getValue(), r.getEffectiveFrom(),
            r.getChangedBy(), r.getReason() == null ? "" : " (" + r.getReason() + ")", problem == null ? "taken" : "TURNED DOWN " + problem);
      }
    });
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every rule in the topic and the value of every changeable knob in force now (at the inputs' newest event time).")
  static final class ListRules implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<DetectionRule> rules = RuleTopic.read(connection.settings());
      Long now = connection.inputTime();
      out.printf("detection rules in %s: %d%n", KafkaKnobs.topicName(connection.settings(), Topics.DETECTION_RULES), rules.size());
      RuleHistory history = replay(rules, out);
      long at = now == null ? Long.MAX_VALUE : now;
      out.printf("rule-set version in force %s: %d%n", now == null ? "(no input heartbeat yet: after every rule)" : "at " + Instant.ofEpochMilli(now),
          history.at(at).version());
      Map<String, String> overrides = history.overridesAt(at);
      Map<String, Long> setBy = new HashMap<>();
      for (DetectionRule r : history.rules()) {
        if (r.getEffectiveFrom().toEpochMilli() <= at) {
          setBy.put(r.getSettingKey(), r.getVersion());
        }
      }
      out.printf("%-44s %-12s %-12s %s%n", "changeable knob", "in force", "default", "set by");
      for (Knob<?> k : RunTimeKnobs.CHANGEABLE.values()) {
        String value = overrides.getOrDefault(k.key(), k.defaultText());
        out.printf("%-44s %-12s %-12s %s%n", k.key(), value, k.defaultText(), setBy.containsKey(k.key()) ? "v" + setBy.get(k.key()) : "start-up");
      }
      Map<String, String> candidate = history.candidateAt(at);
      if (candidate.isEmpty()) {
        out.println("no candidate rule set (shadow mode) in force");
      } else {
        out.printf("candidate rule set in force (shadow mode, its cases on shadow-cases; `rules compare` lists what it changes): %s%n",
            candidate);
      }
      out.println("(as the job takes them with its default start-up settings; a rule it received after its event time passed the"
          + " rule's is in its dead letters as 'late')");
      out.flush();
      return 0;
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Checks one knob change as the job will and sends it if it passes, under the next rule-set version.")
  static final class Publish implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Option(names = "--key", required = true, description = "The knob, e.g. score.review (see `rules list`).")
    String key;

    @Option(names = "--value", required = true, description = "Its new value, in the knob's syntax.")
    String value;

    @ArgGroup(exclusive = true, multiplicity = "1")
    When when;

    static final class When {
      @Option(names = "--effective-from", description = "Event time from which it applies (ISO-8601, e.g. 2025-03-03T06:00:00Z).")
      Instant effectiveFrom;

      @Option(names = "--in", description = "Applies this long after the inputs' newest event time (e.g. 10m, 1h).")
      String in;
    }

    @Option(names = "--by", required = true, description = "Who makes the change.")
    String by;

    @Option(names = "--reason", description = "Why.")
    String reason;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Settings settings = connection.settings();
      Long now = connection.inputTime();
      Instant from = when.effectiveFrom;
      if (from == null) {
        Duration in = Durations.parse(when.in);
        if (in == null) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--in '" + when.in + "' is no duration: a whole number and ms, s, m, h or d");
        }
        if (now == null) {
          err.println("refused: no heartbeat on the inputs yet, so --in has nothing to count from; give --effective-from");
          return 1;
        }
        from = Instant.ofEpochMilli(now).plus(in);
      }
      List<DetectionRule> rules = RuleTopic.read(settings);
      RuleHistory history = replay(rules, null);
      long version = rules.stream().mapToLong(DetectionRule::getVersion).max().orElse(0) + 1;
      DetectionRule rule = DetectionRule.newBuilder().setSettingKey(key).setValue(value).setVersion(version).setChangedBy(by)
          .setReason(reason).setEffectiveFrom(from).build();
      Rejection problem = history.rejection(rule, now == null ? Long.MIN_VALUE : now);
      if (problem != null) {
        err.println("refused, nothing sent: " + problem.reason());
        return 1;
      }
      Properties props = KafkaConnection.of(settings).properties();
      props.put("enable.idempotence", "true");
      props.put("acks", "all");
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(KafkaKnobs.topicName(settings, Topics.DETECTION_RULES),
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8), Topics.DETECTION_RULES.codec().encode(rule))).get();
      } catch (Exception e) {
        err.println("not sent: " + e.getMessage());
        return 1;
      }
      out.printf("published rule-set version %d: %s = %s from %s (inputs' event time now %s)%n", version, key, value, from,
          now == null ? "unknown" : Instant.ofEpochMilli(now));
      out.flush();
      return 0;
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true,
      description = "Shadow mode: the orders the candidate rule set would add or drop at REVIEW and ENFORCE versus live, per attack kind"
          + " (with --truth), with the evidence, over a time range of case event times.")
  static final class Compare implements Callable<Integer> {
    @Mixin Connection connection = new Connection();

    @Option(names = "--from", description = "From this event time (ISO-8601); default: the first shadow case's.")
    Instant from;

    @Option(names = "--to", description = "Up to this event time (ISO-8601, exclusive); default: after the last case.")
    Instant to;

    @Option(names = "--truth", description = "Ground truth of simulated traffic (the demo's local-cluster/.run/demo/truth.json): labels orders by attack kind.")
    java.nio.file.Path truth;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Settings settings = connection.settings();
      List<com.creatormarket.integrity.avro.FlaggedCase> live = com.creatormarket.integrity.common.io.CommittedRecords.readAll(
          KafkaConnection.of(settings), KafkaKnobs.topicName(settings, Topics.FLAGGED_CASES), Topics.FLAGGED_CASES.codec());
      List<com.creatormarket.integrity.avro.FlaggedCase> shadow = com.creatormarket.integrity.common.io.CommittedRecords.readAll(
          KafkaConnection.of(settings), KafkaKnobs.topicName(settings, Topics.SHADOW_CASES), Topics.SHADOW_CASES.codec());
      if (shadow.isEmpty() && from == null) {
        out.println("no shadow cases: no candidate rule set has decided anything yet (publish candidate.<knob> rules)");
        return 0;
      }
      Instant start = from != null ? from
          : shadow.stream().map(com.creatormarket.integrity.avro.FlaggedCase::getLastEventTime).min(Comparator.naturalOrder()).orElseThrow();
      Instant end = to != null ? to : Instant.ofEpochMilli(Long.MAX_VALUE / 2);
      Map<String, String> kinds = truth == null ? Map.of() : TruthLabels.read(truth);
      ShadowComparison.of(live, shadow, start, end, kinds).print(out, start, to == null ? null : end);
      out.flush();
      return 0;
    }
  }
}
