package io.rusm.storm;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

class LatencyRecordersTest {

  @Test
  void valuesOutsideTheRangeAreClampedIntoIt() {
    Recorder recorder = LatencyRecorders.create();
    LatencyRecorders.record(recorder, -5);
    LatencyRecorders.record(recorder, 1_000);
    LatencyRecorders.record(recorder, Long.MAX_VALUE);
    Histogram h = recorder.getIntervalHistogram();
    assertThat(h.getTotalCount()).isEqualTo(3);
    assertThat(h.getMinValue()).isZero();
    assertThat(h.valuesAreEquivalent(h.getMaxValue(), LatencyRecorders.MAX_NANOS)).isTrue();
  }

  @Test
  void theRangeIsFixedSoRecordingNeverResizes() {
    Recorder recorder = LatencyRecorders.create();
    Histogram before = recorder.getIntervalHistogram();
    LatencyRecorders.record(recorder, LatencyRecorders.MAX_NANOS);
    Histogram after = recorder.getIntervalHistogram();
    assertThat(after.getHighestTrackableValue()).isEqualTo(before.getHighestTrackableValue());
    assertThat(after.isAutoResize()).isFalse();
  }
}
