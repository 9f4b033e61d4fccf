package io.rusm.storm;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * The latency recorders of the storms: HdrHistogram {@link Recorder}s of nanoseconds over a fixed range,
 * 1 ns to one minute, a longer latency counted as a minute.
 *
 * <p>Fixed, because an auto-resizing {@code Recorder} can deadlock: a process whose value needs a larger
 * histogram resizes it inside its writer section and waits for the resize's phase flip, while the
 * sampler, taking its interval histogram, waits for that writer to leave. A message storm hung that way.
 */
final class LatencyRecorders {

  static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

  private LatencyRecorders() {}

  /** A recorder over the fixed range, three significant digits. */
  static Recorder create() {
    return new Recorder(1, MAX_NANOS, 3);
  }

  /** Records {@code nanos}, clamped into the range. */
  static void record(Recorder recorder, long nanos) {
    recorder.recordValue(Math.min(Math.max(0, nanos), MAX_NANOS));
  }
}
