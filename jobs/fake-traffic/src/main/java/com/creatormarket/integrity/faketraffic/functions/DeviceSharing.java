package com.creatormarket.integrity.faketraffic.functions;

import com.creatormarket.integrity.faketraffic.DetectionSettings;
import com.creatormarket.integrity.faketraffic.model.AnnotatedEngagement;
import com.creatormarket.integrity.faketraffic.model.DeviceAccounts;
import com.creatormarket.integrity.faketraffic.model.Flags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import java.util.Comparator;
import com.creatormarket.integrity.common.time.EventTimeOrderedOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decides which devices host several accounts (keyed by device): an event is marked
 * {@code SHARED_DEVICE} when its device was used by at least {@code device.shared-accounts}
 * accounts within {@code device.window}. A family shares a phone between two; a farm runs four,
 * fifteen, more. Keeps at most eight account hashes per device, for {@code device.window}, and when
 * it first saw the device: events of a device known for less than {@code signal.devices.shape-warm-up}
 * are marked {@code YOUNG_DEVICE}.
 *
 * <p>Events wait until the watermark passes their event time and are decided in event-time order,
 * ties by event id ({@link #ORDER}). Runs in an {@link EventTimeOrderedOperator} ({@link #operator}):
 * this stage waits {@code source.max-out-of-orderness} plus {@code source.allowed-lateness} of all
 * traffic, so most of its events wait across a checkpoint and are read back from keyed state once;
 * the heap holds at most {@code EventTimeOrderedOperator.DEFAULT_MAX_ON_HEAP}.
 *
 * <p>Duplicate sends count once: a producer that retries sends the same event again (same
 * {@code eventId}, same everything), to the same partition, hence to this stage and this device.
 * Of the events of one device released at one event time, only the first of each event id is
 * decided; the others are dropped and counted ({@code duplicateEvents}). That catches every copy
 * that is not late: a copy has its original's event time, and the stage's watermark cannot pass that
 * time before the copy itself has passed (it is not late), so the original is still waiting in the
 * same slot of the buffer when the copy arrives. A copy that comes after the watermark passed its
 * time (late, within {@code source.allowed-lateness}) is released on its own and counts again, like
 * any late event.
 */
public final class DeviceSharing extends KeyedProcessFunction<String, AnnotatedEngagement, AnnotatedEngagement>
    implements EventTimeOrderedOperator.InEventTimeOrder<AnnotatedEngagement> {

  private static final long serialVersionUID = 1L;
  private static final long HOUR = 3_600_000L;

  static final ValueStateDescriptor<DeviceAccounts> DEVICE = new ValueStateDescriptor<>("device-accounts", DeviceAccounts.class);
  /** Events of one device and millisecond: by event id, so duplicates and ties always go the same way. */
  static final Comparator<AnnotatedEngagement> ORDER = Comparator.comparing((AnnotatedEngagement e) -> e.eventId)
      .thenComparingInt(e -> e.kind).thenComparing(e -> e.videoId).thenComparing(e -> e.accountId);

  private final DetectionSettings settings;
  private transient ValueState<DeviceAccounts> device;
  private transient Counter duplicateEvents;
  /** The last event decided: its copies come right after it (same time, same device, same id). */
  private transient long lastTime;
  private transient String lastDevice;
  private transient String lastEventId;

  public DeviceSharing(DetectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext openContext) {
    device = getRuntimeContext().getState(DEVICE);
    duplicateEvents = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  /** The stage as it runs: in event-time order, waiting events in {@code device-events-pending}. */
  public static EventTimeOrderedOperator<String, AnnotatedEngagement, AnnotatedEngagement> operator(DetectionSettings settings) {
    return new EventTimeOrderedOperator<>("device-events-pending", new DeviceSharing(settings), TypeInformation.of(AnnotatedEngagement.class));
  }

  @Override
  public long eventTime(AnnotatedEngagement e) {
    return e.eventTime;
  }

  @Override
  public Comparator<? super AnnotatedEngagement> sameTimeOrder() {
    return ORDER;
  }

  /** Called in event-time order ({@link #operator}): which accounts a device has seen depends on what came before. */
  @Override
  public void processElement(AnnotatedEngagement e, Context ctx, Collector<AnnotatedEngagement> out) throws Exception {
    // Sorted by event id first: the copies of one event are next to each other.
    if (e.eventTime == lastTime && e.eventId.equals(lastEventId) && e.deviceId.equals(lastDevice)) {
      duplicateEvents.inc();
      return;
    }
    lastTime = e.eventTime;
    lastEventId = e.eventId;
    lastDevice = e.deviceId;
    decide(e, ctx.timerService(), out);
  }

  private void decide(AnnotatedEngagement e, TimerService timers, Collector<AnnotatedEngagement> out) throws Exception {
    long t = e.eventTime;
    DeviceAccounts d = device.value();
    if (d == null) {
      d = DeviceAccounts.empty();
    }
    long account = LockstepGroups.accountHash(e.accountId);
    long since = t - settings.deviceWindowMillis;
    int seen = -1;
    int oldest = 0;
    int recent = 0;
    for (int i = 0; i < d.count; i++) {
      if (d.accounts[i] == account) {
        seen = i;
      }
      if (d.lastSeen[i] >= since) {
        recent++;
      }
      if (d.lastSeen[i] < d.lastSeen[oldest]) {
        oldest = i;
      }
    }
    if (seen >= 0) {
      if (d.lastSeen[seen] < since) {
        recent++;
      }
      d.lastSeen[seen] = Math.max(d.lastSeen[seen], t);
    } else {
      int slot = d.count < DeviceAccounts.MAX ? d.count++ : oldest;
      d.accounts[slot] = account;
      d.lastSeen[slot] = t;
      recent++;
    }
    int flags = recent >= settings.deviceSharedAccounts ? Flags.SHARED_DEVICE : 0;
    if (d.firstSeen == 0) {
      // New state: first seen now. State written before this field had accounts already: known long enough.
      d.firstSeen = d.count > 1 ? Long.MIN_VALUE / 2 : t;
    }
    if (t - d.firstSeen < settings.shapeWarmUpMillis) {
      flags |= Flags.YOUNG_DEVICE;
    }

    long cleanupAt = (Math.floorDiv(t + settings.deviceWindowMillis, HOUR) + 1) * HOUR;
    if (cleanupAt != d.cleanupAt) {
      if (d.cleanupAt != 0) {
        timers.deleteEventTimeTimer(d.cleanupAt);
      }
      timers.registerEventTimeTimer(cleanupAt);
      d.cleanupAt = cleanupAt;
    }
    device.update(d);

    // Copies are gone: the id has done its work and need not travel further.
    e.eventId = null;
    e.flags = flags;
    out.collect(e);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AnnotatedEngagement> out) throws Exception {
    DeviceAccounts d = device.value();
    if (d != null && d.cleanupAt <= timestamp) {
      device.clear();
    }
  }
}
