package com.creatormarket.integrity.retention.functions;

import com.creatormarket.integrity.retention.model.RetentionPolicy;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * State TTL as a safety net only: event-time timers clear the retention job's state; TTL catches
 * what a bug might leave behind. Processing time, longer than any duty the state can carry.
 */
final class SafetyNetTtl {

  private SafetyNetTtl() {}

  static <D extends StateDescriptor<?, ?>> D on(D descriptor, RetentionPolicy policy) {
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(policy.stateTtl())
        .updateTtlOnCreateAndWrite()
        .neverReturnExpired()
        .build());
    return descriptor;
  }
}
