package com.creatormarket.integrity.enforcement;

import com.creatormarket.integrity.avro.AgencyAlert;
import com.creatormarket.integrity.avro.ContentFinding;
import com.creatormarket.integrity.avro.DeadLetter;
import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderTermination;
import com.creatormarket.integrity.avro.Penalty;
import com.creatormarket.integrity.avro.PenaltyReversal;
import com.creatormarket.integrity.avro.Refund;
import com.creatormarket.integrity.avro.RetentionViolation;
import com.creatormarket.integrity.avro.ReviewDeadline;
import com.creatormarket.integrity.avro.ReviewDecision;
import com.creatormarket.integrity.avro.SanctionLifted;
import com.creatormarket.integrity.common.JobEnvironment;
import com.creatormarket.integrity.common.Topics;
import com.creatormarket.integrity.common.config.Settings;
import com.creatormarket.integrity.common.io.DeadLetters;
import com.creatormarket.integrity.common.io.Input;
import com.creatormarket.integrity.common.io.KafkaIo;
import com.creatormarket.integrity.common.io.KafkaKnobs;
import com.creatormarket.integrity.common.io.LateRecords;
import com.creatormarket.integrity.enforcement.functions.AgencyWatch;
import com.creatormarket.integrity.enforcement.functions.CaseReview;
import com.creatormarket.integrity.enforcement.functions.CreditLedger;
import com.creatormarket.integrity.enforcement.functions.InputChecks;
import com.creatormarket.integrity.enforcement.functions.PrivateDealCause;
import com.creatormarket.integrity.enforcement.functions.RetentionCause;
import com.creatormarket.integrity.enforcement.model.CaseInput;
import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import com.creatormarket.integrity.enforcement.model.LedgerInput;
import com.creatormarket.integrity.enforcement.model.PenaltyReview;
import com.creatormarket.integrity.enforcement.model.Policy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Enforcement job: violations, cases, decisions, appeals, findings, orders -> penalties, terminations, refunds,
 * reversals, lifted sanctions, review deadlines, agency alerts. Wiring only.
 */
public final class EnforcementJob {

  public static final String NAME = "enforcement";

  private EnforcementJob() {}

  /** What the topology reads: triaged records with event-time timestamps, and what triage set aside. */
  public record Inputs(DataStream<RetentionViolation> violations, DataStream<FlaggedCase> cases,
      DataStream<ReviewDecision> decisions, DataStream<ContentFinding> findings, DataStream<OrderEvent> orders,
      DataStream<DeadLetter> deadLetters) {}

  /** What the topology decides. */
  public record Outputs(DataStream<Penalty> penalties, DataStream<OrderTermination> terminations,
      DataStream<Refund> refunds, DataStream<PenaltyReversal> reversals, DataStream<SanctionLifted> lifts,
      DataStream<ReviewDeadline> deadlines, DataStream<AgencyAlert> agencyAlerts, DataStream<DeadLetter> deadLetters) {}

  public static void main(String[] args) throws Exception {
    Settings settings = EnforcementOptions.fromArgs(args);
    StreamExecutionEnvironment env = JobEnvironment.create();
    build(env, settings);
    env.execute(NAME);
  }

  /** Kafka in, topology, Kafka out. */
  public static void build(StreamExecutionEnvironment env, Settings settings) {
    writeOutputs(buildTopology(readInputs(env, settings), settings), settings);
  }

  /**
   * The five input topics, read committed, triaged: unreadable and invalid records become dead
   * letters. A record behind the watermark is a fact that arrived slowly, not one that cannot be
   * processed: it is counted ({@code lateRecords}) and goes on, and each stage takes it by its rule
   * (the README's "Records behind the watermark").
   */
  public static Inputs readInputs(StreamExecutionEnvironment env, Settings settings) {
    Input<RetentionViolation> violations = KafkaIo.read(env, settings, NAME, Topics.RETENTION_VIOLATIONS,
        v -> v.getDecidedAt().toEpochMilli(), InputChecks.violations(), Uids.VIOLATION_SOURCE, Uids.VIOLATION_TRIAGE, LateRecords.GO_ON);
    Input<FlaggedCase> cases = KafkaIo.read(env, settings, NAME, Topics.FLAGGED_CASES,
        c -> c.getLastEventTime().toEpochMilli(), InputChecks.cases(), Uids.CASE_SOURCE, Uids.CASE_TRIAGE, LateRecords.GO_ON);
    Input<ReviewDecision> decisions = KafkaIo.read(env, settings, NAME, Topics.REVIEW_DECISIONS,
        d -> d.getDecidedAt().toEpochMilli(), InputChecks.decisions(), Uids.DECISION_SOURCE, Uids.DECISION_TRIAGE, LateRecords.GO_ON);
    Input<ContentFinding> findings = KafkaIo.read(env, settings, NAME, Topics.CONTENT_FINDINGS,
        f -> f.getFoundAt().toEpochMilli(), InputChecks.findings(), Uids.FINDING_SOURCE, Uids.FINDING_TRIAGE, LateRecords.GO_ON);
    Input<OrderEvent> orders = KafkaIo.read(env, settings, NAME, Topics.ORDERS,
        o -> o.getEventTime().toEpochMilli(), InputChecks.orders(), Uids.ORDER_SOURCE, Uids.ORDER_TRIAGE, LateRecords.GO_ON);
    return new Inputs(violations.records(), cases.records(), decisions.records(), findings.records(), orders.records(),
        violations.deadLetters().union(cases.deadLetters(), decisions.deadLetters(), findings.deadLetters(),
            orders.deadLetters()));
  }

  /**
   * The decisions, with no I/O: causes (retention violations, reviewed or enforced cases, private
   * deals) and order events meet in the credit ledger per creator; its penalties feed the agency watch.
   */
  public static Outputs buildTopology(Inputs in, Settings settings) {
    Policy policy = Policy.from(settings);

    DataStream<CaseInput> caseInputs = in.cases()
        .map(CaseInput::of).returns(CaseInput.class).uid(Uids.CASE_INPUT).name(Uids.CASE_INPUT)
        .union(in.decisions()
            .filter(d -> !InputChecks.isAppeal(d)).uid(Uids.CASE_DECISIONS).name(Uids.CASE_DECISIONS)
            .map(CaseInput::of).returns(CaseInput.class).uid(Uids.DECISION_INPUT).name(Uids.DECISION_INPUT));
    // Appeals are about a penalty, which the creator's ledger holds: they skip the case review.
    DataStream<LedgerInput> appeals = in.decisions()
        .filter(InputChecks::isAppeal).uid(Uids.APPEAL_DECISIONS).name(Uids.APPEAL_DECISIONS)
        .map(d -> LedgerInput.of(PenaltyReview.ofAppeal(d))).returns(LedgerInput.class).uid(Uids.APPEAL_INPUT).name(Uids.APPEAL_INPUT);
    SingleOutputStreamOperator<ConfirmedViolation> fakeTraffic = caseInputs
        .keyBy(CaseInput::caseId, Types.STRING)
        .process(new CaseReview(NAME, KafkaKnobs.topicName(settings, Topics.REVIEW_DECISIONS), policy))
        .returns(ConfirmedViolation.class)
        .uid(Uids.CASE_REVIEW).name(Uids.CASE_REVIEW);

    DataStream<ConfirmedViolation> retention = in.violations()
        .process(new RetentionCause()).returns(ConfirmedViolation.class)
        .uid(Uids.RETENTION_CAUSE).name(Uids.RETENTION_CAUSE);
    DataStream<ConfirmedViolation> privateDeals = in.findings()
        .map(new PrivateDealCause()).returns(ConfirmedViolation.class)
        .uid(Uids.PRIVATE_DEAL_CAUSE).name(Uids.PRIVATE_DEAL_CAUSE);

    DataStream<LedgerInput> ledgerInputs = fakeTraffic.union(retention, privateDeals)
        .map(LedgerInput::of).returns(LedgerInput.class).uid(Uids.VIOLATION_INPUT).name(Uids.VIOLATION_INPUT)
        .union(in.orders()
            .map(LedgerInput::of).returns(LedgerInput.class).uid(Uids.ORDER_INPUT).name(Uids.ORDER_INPUT),
            fakeTraffic.getSideOutput(CaseReview.REVERSALS)
                .map(LedgerInput::of).returns(LedgerInput.class).uid(Uids.DISMISSAL_INPUT).name(Uids.DISMISSAL_INPUT),
            appeals);
    SingleOutputStreamOperator<Penalty> penalties = ledgerInputs
        .keyBy(LedgerInput::creatorId, Types.STRING)
        .process(new CreditLedger(NAME, KafkaKnobs.topicName(settings, Topics.RETENTION_VIOLATIONS),
            KafkaKnobs.topicName(settings, Topics.FLAGGED_CASES), KafkaKnobs.topicName(settings, Topics.CONTENT_FINDINGS),
            KafkaKnobs.topicName(settings, Topics.REVIEW_DECISIONS), policy))
        .returns(Penalty.class)
        .uid(Uids.CREDIT_LEDGER).name(Uids.CREDIT_LEDGER);

    DataStream<AgencyAlert> agencyAlerts = penalties
        .filter(p -> p.getAgencyId() != null).uid(Uids.AGENCY_PENALTIES).name(Uids.AGENCY_PENALTIES)
        .keyBy(Penalty::getAgencyId, Types.STRING)
        .process(new AgencyWatch(policy)).returns(AgencyAlert.class)
        .uid(Uids.AGENCY_WATCH).name(Uids.AGENCY_WATCH);

    return new Outputs(penalties, penalties.getSideOutput(CreditLedger.TERMINATIONS), penalties.getSideOutput(CreditLedger.REFUNDS),
        penalties.getSideOutput(CreditLedger.REVERSALS), penalties.getSideOutput(CreditLedger.LIFTS),
        fakeTraffic.getSideOutput(CaseReview.DEADLINES), agencyAlerts,
        in.deadLetters().union(fakeTraffic.getSideOutput(DeadLetters.TAG), penalties.getSideOutput(DeadLetters.TAG)));
  }

  /**
   * Exactly-once (transactional) sinks, keyed for order: penalties and agency alerts by creator and
   * agency, terminations and refunds by order.
   */
  public static void writeOutputs(Outputs out, Settings settings) {
    KafkaIo.sink(out.penalties(), settings, NAME, Uids.PENALTY_SINK, Topics.PENALTIES, Penalty::getCreatorId);
    KafkaIo.sink(out.terminations(), settings, NAME, Uids.TERMINATION_SINK, Topics.ORDER_TERMINATIONS, OrderTermination::getOrderId);
    KafkaIo.sink(out.refunds(), settings, NAME, Uids.REFUND_SINK, Topics.REFUNDS, Refund::getOrderId);
    KafkaIo.sink(out.reversals(), settings, NAME, Uids.REVERSAL_SINK, Topics.PENALTY_REVERSALS, PenaltyReversal::getCreatorId);
    KafkaIo.sink(out.lifts(), settings, NAME, Uids.LIFT_SINK, Topics.SANCTION_LIFTS, SanctionLifted::getCreatorId);
    KafkaIo.sink(out.deadlines(), settings, NAME, Uids.DEADLINE_SINK, Topics.REVIEW_DEADLINES, ReviewDeadline::getCaseId);
    KafkaIo.sink(out.agencyAlerts(), settings, NAME, Uids.AGENCY_ALERT_SINK, Topics.AGENCY_ALERTS, AgencyAlert::getAgencyId);
    KafkaIo.sink(out.deadLetters(), settings, NAME, Uids.DEAD_LETTER_SINK, Topics.DEAD_LETTERS, DeadLetter::getJob);
  }
}
