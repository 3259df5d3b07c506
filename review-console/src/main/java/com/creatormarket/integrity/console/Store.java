package com.creatormarket.integrity.console;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The console's database: a connection pool, the schema brought up to date by Flyway at start, and
 * the rebuild that forgets what came from topics.
 */
public final class Store implements AutoCloseable {

  /** Tables filled only from topics: a rebuild empties them and reads the topics again. */
  static final List<String> FROM_TOPICS = List.of("ingest_offsets", "pipeline_clock", "orders", "order_events", "case_versions", "cases",
      "penalties", "penalty_reversals", "terminations", "refunds", "retention_violations", "agency_alerts",
      "review_deadlines", "order_metrics", "dead_letters", "detection_rules", "shadow_cases");

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Store(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  public static Store open(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    config.setPoolName("review-store");
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Store(dataSource);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Forgets every row that came from a topic. Decisions the console wrote stay (they are on
   * review-decisions too and will be read back); claims, notes and the audit trail stay.
   */
  public void forgetTopics() {
    jdbi.useTransaction(h -> {
      for (String table : FROM_TOPICS) {
        h.execute("DELETE FROM " + table);
      }
      h.execute("DELETE FROM decisions WHERE made_here = FALSE");
      h.execute("UPDATE decisions SET on_topic = FALSE");
    });
  }

  /** The newest event time read on the pipeline's outputs (heartbeats included); null before any. */
  public Long pipelineTime() {
    return jdbi.withHandle(h -> h.createQuery("SELECT event_time FROM pipeline_clock WHERE clock_id = 1")
        .mapTo(Long.class).findOne().orElse(null));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
