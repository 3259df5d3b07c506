package com.creatormarket.integrity.common.checks;

import static com.creatormarket.integrity.common.checks.Fields.blank;

import com.creatormarket.integrity.avro.OrderEvent;
import com.creatormarket.integrity.avro.OrderEventKind;
import com.creatormarket.integrity.common.io.Rejection;
import com.creatormarket.integrity.common.io.RecordCheck;

/**
 * The rules every reader of order-events applies at the door, whatever it uses the events for:
 * an order event is a money fact, so one that breaks them moves nothing in any job. Each job adds
 * the rules of its own use (e.g. retention's bound on retention days).
 */
public final class OrderEventRules {

  private OrderEventRules() {}

  public static RecordCheck<OrderEvent> all() {
    return OrderEventRules::problem;
  }

  static Rejection problem(OrderEvent e) {
    if (blank(e.getEventId()) || blank(e.getOrderId()) || blank(e.getCreatorId()) || blank(e.getAdvertiserId())) {
      return Rejection.of("blank-id", "order event without eventId, orderId, creatorId or advertiserId");
    }
    if (e.getKind() == OrderEventKind.UNKNOWN) {
      return Rejection.of("unknown-kind", "order event kind unknown to this reader");
    }
    if (e.getPriceMinor() != null && e.getPriceMinor() < 0) {
      return Rejection.of("negative-amount", "priceMinor " + e.getPriceMinor() + " is negative");
    }
    if (e.getPrepaidMinor() != null && e.getPrepaidMinor() < 0) {
      return Rejection.of("negative-amount", "prepaidMinor " + e.getPrepaidMinor() + " is negative");
    }
    if (e.getPriceMinor() != null && e.getPrepaidMinor() != null && e.getPrepaidMinor() > e.getPriceMinor()) {
      return Rejection.of("prepaid-over-price", "prepaidMinor " + e.getPrepaidMinor() + " exceeds priceMinor " + e.getPriceMinor());
    }
    if (e.getCurrency() != null && !Fields.isoCurrency(e.getCurrency())) {
      return Rejection.of("unknown-currency", "currency '" + e.getCurrency() + "' is not an ISO 4217 code");
    }
    if (e.getRetentionDays() != null && e.getRetentionDays() < 0) {
      return Rejection.of("negative-retention", "retentionDays " + e.getRetentionDays() + " is negative");
    }
    return switch (e.getKind()) {
      case CREATED -> e.getPrepaidMinor() == null || e.getCurrency() == null
          ? Rejection.of("missing-field", "CREATED without prepaidMinor or currency") : null;
      case VIDEO_PUBLISHED -> blank(e.getVideoId()) || e.getPublishedAt() == null
          ? Rejection.of("missing-field", "VIDEO_PUBLISHED without videoId or publishedAt") : null;
      case RETENTION_CHANGED -> e.getRetentionDays() == null
          ? Rejection.of("missing-field", "RETENTION_CHANGED without retentionDays") : null;
      default -> null;
    };
  }
}
