package com.creatormarket.integrity.faketraffic.testing;

import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * An environment for one operator test harness whose operator's metrics can be read back: the
 * harness's own environment drops them. Pass {@link #environment()} to the harness's constructor.
 */
public final class OperatorMetrics implements AutoCloseable {

  private final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();
  private final MockEnvironment environment;

  public OperatorMetrics() {
    environment = new MockEnvironmentBuilder().setMetricGroup(new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
      @Override
      public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name, Map<String, String> additional) {
        return operator;
      }
    }).build();
  }

  public MockEnvironment environment() {
    return environment;
  }

  /** The count of the operator's counter {@code name}; fails when the operator registered none by that name. */
  public long count(String name) {
    Metric m = operator.get(name);
    if (!(m instanceof Counter c)) {
      throw new AssertionError("no counter " + name + " registered by the operator");
    }
    return c.getCount();
  }

  @Override
  public void close() throws Exception {
    environment.close();
  }
}
