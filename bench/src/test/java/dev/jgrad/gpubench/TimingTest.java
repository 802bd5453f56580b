package dev.jgrad.gpubench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimingTest {
    /**
     * A pretend GPU: each call only queues 2 ms of work and returns at once; the clock advances by
     * the queued work only when {@code sync} drains it. The per-call time comes out exact only if
     * the measurement synchronises before every clock reading.
     */
    private static final class AsyncDevice {
        long clockNanos;
        long queuedNanos;
        int calls;

        void launch() {
            queuedNanos += 2_000_000;
            calls++;
        }

        void sync() {
            clockNanos += queuedNanos;
            queuedNanos = 0;
        }
    }

    @Test
    void medianPerCallOfAnAsynchronousOpIsExactWhenEverySampleIsSynchronised() {
        AsyncDevice d = new AsyncDevice();
        Timing.Stats s = Timing.measure(d::launch, d::sync, 0.05, () -> d.clockNanos);
        // warm-up: 0.1 s of 2 ms calls = 50 calls; reps = ceil(5 ms / 2 ms) = 3;
        // samples = 0.05 s / (3 · 2 ms) = 8.33 -> 8
        assertEquals(3, s.reps());
        assertEquals(8, s.samples());
        assertEquals(2.0, s.medianMs(), 1e-12);
        assertEquals(2.0, s.minMs(), 1e-12);
        assertEquals(2.0, s.maxMs(), 1e-12);
        assertEquals(50 + 8 * 3, d.calls);
    }

    @Test
    void samplesAreBoundedBelowAndAbove() {
        AsyncDevice d = new AsyncDevice();
        assertEquals(Timing.MIN_SAMPLES, Timing.measure(d::launch, d::sync, 1e-6, () -> d.clockNanos).samples());
        assertEquals(Timing.MAX_SAMPLES, Timing.measure(d::launch, d::sync, 100, () -> d.clockNanos).samples());
    }

    @Test
    void summaryTakesTheMedianMinAndMax() {
        Timing.Stats odd = Timing.summarize(new double[] {5, 1, 3}, 7);
        assertEquals(3, odd.medianMs());
        assertEquals(1, odd.minMs());
        assertEquals(5, odd.maxMs());
        assertEquals(3, odd.samples());
        assertEquals(7, odd.reps());
        assertEquals(2.5, Timing.summarize(new double[] {4, 1, 3, 2}, 1).medianMs());
    }

    @Test
    void aBudgetMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timing.measure(() -> { }, () -> { }, 0));
        assertEquals("Timing.measure: budget must be > 0 seconds, got 0.0", e.getMessage());
    }
}
