package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;

/** The orders of a video as the video stage knows them: an order notice adds the order or replaces its terms. */
public final class VideoOrders {

  private VideoOrders() {}

  /** Adds the order, or updates its terms (parties, publication, end); its case's progress is kept. */
  public static void upsert(VideoState st, OrderNotice n) {
    for (OrderSlot o : st.orders) {
      if (o.orderId.equals(n.orderId)) {
        fill(o, n);
        return;
      }
    }
    OrderSlot o = new OrderSlot();
    o.orderId = n.orderId;
    fill(o, n);
    st.orders = Arrays.copyOf(st.orders, st.orders.length + 1);
    st.orders[st.orders.length - 1] = o;
    if (st.creatorId == null) {
      st.creatorId = n.creatorId;
    }
  }

  private static void fill(OrderSlot o, OrderNotice n) {
    o.creatorId = n.creatorId;
    o.advertiserId = n.advertiserId;
    o.agencyId = n.agencyId;
    o.publishedAt = n.publishedAt;
    o.endsAt = n.endsAt;
  }
}
