package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The packed GEMM's reusable panels: long enough, reused while kept, replaced when too short. */
class ReusedArrayTest {
    @Test
    void anArrayUpToTheLimitIsReusedForEveryRequestItCovers() {
        ReusedArray<float[]> r = new ReusedArray<>(float[]::new, 100);
        float[] first = r.atLeast(80);
        assertEquals(80, first.length);
        assertSame(first, r.atLeast(80));
        assertSame(first, r.atLeast(10), "a shorter request reuses the longer array");
        float[] longer = r.atLeast(81);
        assertEquals(81, longer.length);
        assertSame(longer, r.atLeast(50), "the longer array replaced the first");
    }

    @Test
    void anArrayBeyondTheLimitIsReusedWhileTheCollectorLeavesIt() {
        ReusedArray<double[]> r = new ReusedArray<>(double[]::new, 100);
        double[] big = r.atLeast(1000);
        assertEquals(1000, big.length);
        // softly held: with this much free heap and the array just used, the collector keeps it
        assertSame(big, r.atLeast(999));
        double[] bigger = r.atLeast(2000);
        assertTrue(bigger.length >= 2000);
        assertSame(bigger, r.atLeast(5), "the bigger array replaced the first");
    }
}
