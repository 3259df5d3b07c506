package com.creatormarket.integrity.faketraffic.model;

import static com.creatormarket.integrity.faketraffic.model.VideoStates.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Order notices add an order to its video or update its terms. */
class VideoOrdersTest {

  static OrderNotice notice(String orderId, long endsAt) {
    OrderNotice n = new OrderNotice();
    n.orderId = orderId;
    n.videoId = "vid-1";
    n.creatorId = "cr-2";
    n.advertiserId = "adv-1";
    n.publishedAt = T0;
    n.endsAt = endsAt;
    return n;
  }

  @Test
  void anUpdateChangesTheTermsAndKeepsTheCasesProgress() {
    VideoState st = VideoState.create("vid-1", null, 6, 9);
    VideoOrders.upsert(st, notice("ord-1", Long.MAX_VALUE));
    st.orders[0].version = 3;

    VideoOrders.upsert(st, notice("ord-1", T0 + HOUR));
    VideoOrders.upsert(st, notice("ord-2", Long.MAX_VALUE));

    assertThat(st.orders).extracting(o -> o.orderId).containsExactly("ord-1", "ord-2");
    assertThat(st.orders[0].endsAt).isEqualTo(T0 + HOUR);
    assertThat(st.orders[0].version).isEqualTo(3);
    assertThat(st.creatorId).as("learned from the first order").isEqualTo("cr-2");
  }
}
