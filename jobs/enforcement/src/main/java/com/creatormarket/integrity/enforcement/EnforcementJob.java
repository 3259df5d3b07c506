package com.creatormarket.integrity.enforcement;

import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.RecordCheck;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Enforcement job: violations, cases, decisions, findings, orders -> penalties, terminations, refunds. Wiring only. */
public final class EnforcementJob {

  public static final String NAME = "enforcement";

  private EnforcementJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = EnforcementOptions.fromArgs(args);
    StreamExecutionEnvironment env = JobEnvironment.create();
    build(env, settings);
    env.execute(NAME);
  }

  /** Kafka in, topology, Kafka out. */
  public static void build(StreamExecutionEnvironment env, Settings settings) {
    Input<RetentionViolation> violations = KafkaIo.read(env, settings, NAME, Topics.RETENTION_VIOLATIONS,
        v -> v.getDecidedAt().toEpochMilli(), RecordCheck.none(), Uids.VIOLATION_SOURCE, Uids.VIOLATION_TRIAGE);
    Input<FlaggedCase> cases = KafkaIo.read(env, settings, NAME, Topics.FLAGGED_CASES,
        c -> c.getLastEventTime().toEpochMilli(), RecordCheck.none(), Uids.CASE_SOURCE, Uids.CASE_TRIAGE);
    Input<ReviewDecision> decisions = KafkaIo.read(env, settings, NAME, Topics.REVIEW_DECISIONS,
        d -> d.getDecidedAt().toEpochMilli(), RecordCheck.none(), Uids.DECISION_SOURCE, Uids.DECISION_TRIAGE);
    Input<ContentFinding> findings = KafkaIo.read(env, settings, NAME, Topics.CONTENT_FINDINGS,
        f -> f.getFoundAt().toEpochMilli(), RecordCheck.none(), Uids.FINDING_SOURCE, Uids.FINDING_TRIAGE);
    Input<OrderEvent> orders = KafkaIo.read(env, settings, NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), RecordCheck.none(), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE);
    // The credit ledger arrives with the enforcement issue; until then inputs are triaged only.
    KafkaIo.sink(violations.deadLetters().union(cases.deadLetters(), decisions.deadLetters(), findings.deadLetters(),
            orders.deadLetters()),
        settings, NAME, Uids.DEAD_LETTER_SINK, Topics.DEAD_LETTERS, DeadLetter::getJob);
  }
}
