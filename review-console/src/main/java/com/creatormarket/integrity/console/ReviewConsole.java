package com.creatormarket.integrity.console;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.KafkaConnection;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The review console: reads the pipeline's outputs into its store, serves the reviewers' pages and
 * writes their decisions to review-decisions.
 * <pre>
 *   review-console --config FILE [--key value ...]     run (knobs: see the module README)
 *   review-console hash-password                        a bcrypt hash of the password on standard input
 * </pre>
 */
public final class ReviewConsole implements AutoCloseable {

  private final Store store;
  private final TopicIngest ingest;
  private final Thread ingestThread;
  private final Decisions desk;
  private final ConsoleServer server;
  private final String host;

  private ReviewConsole(Settings settings) {
    Users users = Users.read(requiredPath(settings.get(ConsoleOptions.USERS_FILE)));
    String password = settings.get(ConsoleOptions.JDBC_PASSWORD);
    this.store = Store.open(settings.get(ConsoleOptions.JDBC_URL), settings.get(ConsoleOptions.JDBC_USER),
        password.equals("-") ? "" : password);
    if (settings.get(ConsoleOptions.REBUILD)) {
      store.forgetTopics();
    }
    KafkaConnection kafka = KafkaConnection.of(settings);
    TopicNames names = new TopicNames(settings.get(KafkaKnobs.TOPIC_PREFIX));
    Properties producer = kafka.properties();
    producer.put("enable.idempotence", "true");
    producer.put("acks", "all");
    producer.put("client.id", "review-console-decisions");
    this.desk = new Decisions(store, new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer()), names,
        settings.get(ConsoleOptions.CLAIM_EXPIRY), settings.get(ConsoleOptions.FOUR_EYES_AMOUNT_MINOR), Clock.systemUTC(),
        settings.get(ConsoleOptions.DECISION_TIME));
    this.ingest = new TopicIngest(store, kafka, names, settings.get(ConsoleOptions.POLL));
    this.ingestThread = new Thread(ingest, "review-console-ingest");
    this.ingestThread.setDaemon(true);
    this.ingestThread.start();
    CaseQueries queries = new CaseQueries(store, desk, settings.get(ConsoleOptions.POINTS_CONFIRMED));
    this.host = settings.get(ConsoleOptions.BIND);
    this.server = new ConsoleServer(users, queries, new RuleQueries(store, names), desk, ingest).start(host, settings.get(ConsoleOptions.PORT));
    desk.sendUnsent();
  }

  public static ReviewConsole start(Settings settings) {
    return new ReviewConsole(settings);
  }

  public String url() {
    return "http://" + host + ":" + server.port();
  }

  public TopicIngest ingest() {
    return ingest;
  }

  public Store store() {
    return store;
  }

  @Override
  public void close() {
    server.close();
    ingest.close();
    try {
      ingestThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    desk.close();
    store.close();
  }

  private static Path requiredPath(String value) {
    if (value.equals("-")) {
      throw new InvalidConfigException("console.users-file: required; a properties file of user.NAME = ROLE:BCRYPT_HASH lines");
    }
    return Path.of(value);
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("hash-password")) {
      String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null || password.isEmpty()) {
        System.err.println("usage: review-console hash-password < password (one line on standard input)");
        System.exit(2);
      }
      System.out.println(Users.hash(password));
      return;
    }
    ReviewConsole console;
    try {
      console = start(Settings.fromArgs(args, ConsoleOptions.ALL));
    } catch (InvalidConfigException e) {
      System.err.println("review-console: " + e.getMessage());
      System.err.println("arguments were: " + Arrays.toString(args));
      System.exit(2);
      return;
    }
    System.out.println("review console: " + console.url());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      console.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
