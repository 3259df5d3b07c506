package com.creatormarket.integrity.enforcement.functions;

import com.creatormarket.integrity.enforcement.model.ConfirmedViolation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * Remembers which orders of one creator the ledger has seen an order event for, and keeps the causes
 * that name a creator or an order it has not seen (yet). A cause is never acted on for a party the
 * order system never mentioned: it waits, in event time, for the order event that introduces the
 * party, and leaves as expired if none comes within the wait.
 *
 * <p>An order is remembered from any of its order events (not only CREATED: the CREATED of a
 * long-running order may be older than the ledger) until {@code knownForMillis} after its last one,
 * with the time of its first: a cause taken behind the watermark asks whether its party was known
 * at the cause's time, not whether it is known now.
 * Plain state holder: the ledger decides what "known" means and when; this class keeps the facts.
 */
final class KnownParties {

  /** Waiting causes leave in this order: by the cause's event time, then by cause key. */
  static final Comparator<ConfirmedViolation> WAITING_ORDER =
      Comparator.comparingLong((ConfirmedViolation v) -> v.eventTime).thenComparing(ConfirmedViolation::causeKey);

  private final MapState<String, Long> seenOrders;
  private final MapState<String, Long> seenSince;
  private final MapState<String, ConfirmedViolation> waiting;
  private final long knownForMillis;
  private final long waitMillis;

  KnownParties(MapState<String, Long> seenOrders, MapState<String, Long> seenSince, MapState<String, ConfirmedViolation> waiting,
      long knownForMillis, long waitMillis) {
    this.seenOrders = seenOrders;
    this.seenSince = seenSince;
    this.waiting = waiting;
    this.knownForMillis = knownForMillis;
    this.waitMillis = waitMillis;
  }

  /** An order event of {@code orderId} at {@code time}: the order (and so its creator) is known until the returned time. */
  long seen(String orderId, long time) throws Exception {
    Long until = seenOrders.get(orderId);
    long forgetAt = Math.max(until == null ? Long.MIN_VALUE : until, time + knownForMillis);
    seenOrders.put(orderId, forgetAt);
    Long since = seenSince.get(orderId);
    if (since == null || time < since) {
      seenSince.put(orderId, time);
    }
    return forgetAt;
  }

  boolean seenOrder(String orderId) throws Exception {
    return seenOrders.contains(orderId);
  }

  boolean seenAnyOrder() throws Exception {
    return !seenOrders.isEmpty();
  }

  /** Whether an order event of {@code orderId} at or before {@code time} made it known, and its memory lasted past {@code time}. */
  boolean knownAt(String orderId, long time) throws Exception {
    Long forgetAt = seenOrders.get(orderId);
    return forgetAt != null && forgetAt > time && since(orderId) <= time;
  }

  /** Whether any order of the creator was known at {@code time}. */
  boolean anyKnownAt(long time) throws Exception {
    for (Map.Entry<String, Long> e : seenOrders.entries()) {
      if (e.getValue() > time && since(e.getKey()) <= time) {
        return true;
      }
    }
    return false;
  }

  /**
   * When {@code orderId} (or, for null, the creator's first order) first became known after
   * {@code time} and within the wait of a cause at {@code time}; null when it did not (as far as
   * the order events taken so far tell).
   */
  Long introducedWithinWait(String orderId, long time) throws Exception {
    long end = time + waitMillis;
    if (orderId != null) {
      Long since = seenSince.get(orderId);
      return since != null && since > time && since <= end ? since : null;
    }
    Long first = null;
    for (Map.Entry<String, Long> e : seenSince.entries()) {
      long since = e.getValue();
      if (since > time && since <= end && (first == null || since < first)) {
        first = since;
      }
    }
    return first;
  }

  /** First order event of an order seen; Long.MIN_VALUE for state kept before that was recorded. */
  private long since(String orderId) throws Exception {
    Long since = seenSince.get(orderId);
    return since == null ? Long.MIN_VALUE : since;
  }

  boolean isWaiting(ConfirmedViolation v) throws Exception {
    return waiting.contains(v.causeKey());
  }

  /** Keeps the cause until its party appears or the wait ends; returns the end of the wait (event time). */
  long hold(ConfirmedViolation v) throws Exception {
    waiting.put(v.causeKey(), v);
    return waitEnd(v);
  }

  long waitEnd(ConfirmedViolation v) {
    return v.eventTime + waitMillis;
  }

  /** A question about a waiting cause that may read state (e.g. whether the parties it names are known now). */
  @FunctionalInterface
  interface CauseTest {
    boolean test(ConfirmedViolation v) throws Exception;
  }

  /** The waiting causes whose parties are now known, removed, in {@link #WAITING_ORDER}. */
  List<ConfirmedViolation> takeResolved(CauseTest partiesKnown) throws Exception {
    return take(partiesKnown);
  }

  /** The waiting causes whose wait ended at or before {@code time}, removed, in {@link #WAITING_ORDER}. */
  List<ConfirmedViolation> takeExpired(long time) throws Exception {
    return take(v -> waitEnd(v) <= time);
  }

  private List<ConfirmedViolation> take(CauseTest which) throws Exception {
    List<ConfirmedViolation> taken = new ArrayList<>();
    for (Iterator<Map.Entry<String, ConfirmedViolation>> it = waiting.iterator(); it.hasNext(); ) {
      ConfirmedViolation v = it.next().getValue();
      if (which.test(v)) {
        taken.add(v);
        it.remove();
      }
    }
    if (!taken.isEmpty() && waiting.isEmpty()) {
      // An iterator's removals can leave an empty map behind in some state backends: drop it.
      waiting.clear();
    }
    taken.sort(WAITING_ORDER);
    return taken;
  }

  /** Forgets orders whose memory ended by {@code time}; returns the earliest time anything here is due, or Long.MAX_VALUE. */
  long forget(long time) throws Exception {
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, Long>> it = seenOrders.iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      long forgetAt = e.getValue();
      if (forgetAt <= time) {
        seenSince.remove(e.getKey());
        it.remove();
      } else {
        next = Math.min(next, forgetAt);
      }
    }
    if (seenOrders.isEmpty()) {
      seenOrders.clear();
      seenSince.clear();
    }
    for (ConfirmedViolation v : waiting.values()) {
      next = Math.min(next, waitEnd(v));
    }
    return next;
  }
}
