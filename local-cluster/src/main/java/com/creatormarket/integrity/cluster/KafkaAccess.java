package com.creatormarket.integrity.cluster;

import static com.creatormarket.integrity.common.Topics.AGENCY_ALERTS;
import static com.creatormarket.integrity.common.Topics.CONTENT_FINDINGS;
import static com.creatormarket.integrity.common.Topics.DEAD_LETTERS;
import static com.creatormarket.integrity.common.Topics.DETECTION_RULES;
import static com.creatormarket.integrity.common.Topics.ENGAGEMENT;
import static com.creatormarket.integrity.common.Topics.FLAGGED_CASES;
import static com.creatormarket.integrity.common.Topics.LIFECYCLE;
import static com.creatormarket.integrity.common.Topics.ORDERS;
import static com.creatormarket.integrity.common.Topics.ORDER_TERMINATIONS;
import static com.creatormarket.integrity.common.Topics.PENALTIES;
import static com.creatormarket.integrity.common.Topics.PENALTY_REVERSALS;
import static com.creatormarket.integrity.common.Topics.REFUNDS;
import static com.creatormarket.integrity.common.Topics.RETENTION_VIOLATIONS;
import static com.creatormarket.integrity.common.Topics.REVIEW_DEADLINES;
import static com.creatormarket.integrity.common.Topics.REVIEW_DECISIONS;
import static com.creatormarket.integrity.common.Topics.SANCTION_LIFTS;
import static com.creatormarket.integrity.common.Topics.SHADOW_CASES;
import static com.creatormarket.integrity.common.Topics.VERIFIED_METRICS;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.io.KafkaConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the local cluster's broker: one principal per job, the review console, the
 * order system and the simulator, each allowed exactly the topics its code reads and writes (the
 * broker's StandardAuthorizer refuses the rest; admin is a super user). The order system moves money
 * on penalties, terminations and refunds: only the enforcement job may write them.
 *
 * <p>Usage: {@code KafkaAccess BOOTSTRAP [TOPIC_PREFIX]}, as admin ({@code bin/up} runs it after the
 * topics exist). Sets the ACLs of the principals below to exactly {@link #GRANTS}: missing ones are
 * created, ones no grant names are deleted, so a grant taken out of the catalog is taken back.
 */
public final class KafkaAccess {

  /**
   * What one principal may do: read (and describe) some topics, write others, read as one consumer
   * group (or every group starting with it), and run transactions whose ids start with a prefix.
   */
  public record Grant(String principal, List<Topic<?>> reads, List<Topic<?>> writes, String group, boolean groupPrefixed,
      String transactionalIdPrefix) {}

  /** The money topics (and the agencies' alerts that go with them): the enforcement job's alone to write. */
  public static final List<Topic<?>> ENFORCEMENT_OUTPUTS = List.of(PENALTIES, ORDER_TERMINATIONS, REFUNDS, PENALTY_REVERSALS,
      SANCTION_LIFTS, REVIEW_DEADLINES, AGENCY_ALERTS);

  public static final List<Grant> GRANTS = List.of(
      // Stands for the platform's producers (views, lifecycle, orders, moderation, reviewers' past decisions).
      new Grant("simulator", List.of(), List.of(ENGAGEMENT, ORDERS, LIFECYCLE, REVIEW_DECISIONS, CONTENT_FINDINGS), null, false, null),
      new Grant("retention", List.of(ORDERS, LIFECYCLE), List.of(RETENTION_VIOLATIONS, DEAD_LETTERS), "retention", false, "retention-"),
      new Grant("fake-traffic", List.of(ENGAGEMENT, ORDERS, DETECTION_RULES),
          List.of(FLAGGED_CASES, SHADOW_CASES, VERIFIED_METRICS, DEAD_LETTERS), "fake-traffic", false, "fake-traffic-"),
      new Grant("enforcement", List.of(FLAGGED_CASES, RETENTION_VIOLATIONS, REVIEW_DECISIONS, CONTENT_FINDINGS, ORDERS),
          concat(ENFORCEMENT_OUTPUTS, List.of(DEAD_LETTERS)), "enforcement", false, "enforcement-"),
      // Reads what reviewers look at (assigned partitions, offsets kept in its own store: no group).
      new Grant("review-console", concat(List.of(ORDERS, FLAGGED_CASES, SHADOW_CASES, RETENTION_VIOLATIONS, VERIFIED_METRICS,
          DETECTION_RULES, REVIEW_DECISIONS, DEAD_LETTERS), ENFORCEMENT_OUTPUTS), List.of(REVIEW_DECISIONS, DEAD_LETTERS), null, false, null),
      // Reads our decisions and moves money on them; writes nothing of ours.
      new Grant("order-system", ENFORCEMENT_OUTPUTS, List.of(), "order-system", true, null));

  private KafkaAccess() {}

  public static void main(String[] args) throws Exception {
    String prefix = args.length > 1 && !args[1].equals("-") ? args[1] : "";
    try (Admin admin = Admin.create(KafkaConnection.forTool(args[0]).config())) {
      Set<AclBinding> wanted = bindings(GRANTS, prefix);
      Set<String> ours = new HashSet<>();
      GRANTS.forEach(g -> ours.add(principal(g.principal())));
      Collection<AclBinding> present = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
      List<AclBinding> missing = wanted.stream().filter(b -> !present.contains(b)).toList();
      List<AclBindingFilter> extra = present.stream()
          .filter(b -> ours.contains(b.entry().principal()) && !wanted.contains(b)).map(AclBinding::toFilter).toList();
      if (!missing.isEmpty()) {
        admin.createAcls(missing).all().get(30, TimeUnit.SECONDS);
      }
      if (!extra.isEmpty()) {
        admin.deleteAcls(extra).all().get(30, TimeUnit.SECONDS);
      }
      System.out.printf("kafka access: %d ACLs for %d principals (%d added, %d taken back)%n", wanted.size(), GRANTS.size(),
          missing.size(), extra.size());
    }
  }

  /** The ACLs that give each grant exactly what it says, topic names prefixed. */
  static Set<AclBinding> bindings(List<Grant> grants, String prefix) {
    Set<AclBinding> out = new LinkedHashSet<>();
    for (Grant g : grants) {
      String who = principal(g.principal());
      for (Topic<?> t : g.reads()) {
        out.add(allow(ResourceType.TOPIC, prefix + t.name(), PatternType.LITERAL, who, AclOperation.READ));
        out.add(allow(ResourceType.TOPIC, prefix + t.name(), PatternType.LITERAL, who, AclOperation.DESCRIBE));
      }
      for (Topic<?> t : g.writes()) {
        out.add(allow(ResourceType.TOPIC, prefix + t.name(), PatternType.LITERAL, who, AclOperation.WRITE));
        out.add(allow(ResourceType.TOPIC, prefix + t.name(), PatternType.LITERAL, who, AclOperation.DESCRIBE));
      }
      if (g.group() != null) {
        out.add(allow(ResourceType.GROUP, g.group(), g.groupPrefixed() ? PatternType.PREFIXED : PatternType.LITERAL, who,
            AclOperation.READ));
      }
      if (g.transactionalIdPrefix() != null) {
        out.add(allow(ResourceType.TRANSACTIONAL_ID, g.transactionalIdPrefix(), PatternType.PREFIXED, who, AclOperation.WRITE));
        out.add(allow(ResourceType.TRANSACTIONAL_ID, g.transactionalIdPrefix(), PatternType.PREFIXED, who, AclOperation.DESCRIBE));
      }
    }
    return out;
  }

  /** The principals allowed {@code operation} on topic {@code name} by {@code grants}. */
  static Set<String> allowed(List<Grant> grants, String name, AclOperation operation) {
    Set<String> out = new LinkedHashSet<>();
    for (AclBinding b : bindings(grants, "")) {
      if (b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().name().equals(name) && b.entry().operation() == operation) {
        out.add(b.entry().principal().substring("User:".length()));
      }
    }
    return out;
  }

  static String principal(String name) {
    return "User:" + name;
  }

  private static AclBinding allow(ResourceType type, String name, PatternType pattern, String principal, AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }

  private static List<Topic<?>> concat(List<Topic<?>> a, List<Topic<?>> b) {
    List<Topic<?>> out = new ArrayList<>(a);
    b.stream().filter(t -> !out.contains(t)).forEach(out::add);
    return List.copyOf(out);
  }
}
