package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Where the packed GEMM's scratch arrays have their cache lines: the padding and line-start arithmetic for known and
 * unknown layouts, and what this JVM reports.
 */
class LineAlignedArraysTest {
    private static final long REGION = 2L << 20;
    private static final long HUMONGOUS = REGION / 2;

    @Test
    void aSmallArrayIsPaddedToHumongousAndItsLinesStartAfterTheHeader() {
        int n = 100_000;                                    // 400 KB: below the 1 MiB threshold
        int padded = LineAlignedArrays.paddedLength(n, Float.BYTES, 16, HUMONGOUS);
        assertEquals((HUMONGOUS - 16) / Float.BYTES, padded);
        assertTrue(16 + (long) padded * Float.BYTES >= HUMONGOUS);
        // element 0 lies 16 bytes past a region start: the first line begins 48 bytes on, at float 12 / double 6
        assertEquals(12, LineAlignedArrays.lineStart(padded, Float.BYTES, 16, HUMONGOUS));
        int paddedD = LineAlignedArrays.paddedLength(n, Double.BYTES, 16, HUMONGOUS);
        assertEquals(6, LineAlignedArrays.lineStart(paddedD, Double.BYTES, 16, HUMONGOUS));
    }

    @Test
    void anArrayAlreadyHumongousKeepsItsLengthAndOneTooFarFromItIsNotPadded() {
        int big = 1 << 20;                                  // 4 MiB of floats
        assertEquals(big, LineAlignedArrays.paddedLength(big, Float.BYTES, 16, HUMONGOUS));
        assertEquals(12, LineAlignedArrays.lineStart(big, Float.BYTES, 16, HUMONGOUS));
        long farThreshold = 16L << 20;                      // 32 MiB regions: 8 MiB more than a small array
        assertEquals(1000, LineAlignedArrays.paddedLength(1000, Float.BYTES, 16, farThreshold));
        assertEquals(0, LineAlignedArrays.lineStart(1000, Float.BYTES, 16, farThreshold),
                "an ordinary array can lie anywhere: no line is known");
    }

    @Test
    void withoutAKnownPlacementNothingIsPaddedAndNoLineIsKnown() {
        assertEquals(100, LineAlignedArrays.paddedLength(100, Float.BYTES, 16, 0));
        assertEquals(0, LineAlignedArrays.lineStart(1 << 22, Float.BYTES, 16, 0));
    }

    @Test
    void theArraysHandedOutAreLongEnoughAndTheirLineStartsFitTheHeadroom() {
        for (int n : new int[] {1, 1000, 100_000, 3_000_000}) {
            float[] f = LineAlignedArrays.newFloatArray(n);
            double[] d = LineAlignedArrays.newDoubleArray(n);
            assertTrue(f.length >= n && d.length >= n);
            int fs = LineAlignedArrays.lineStart(f);
            int ds = LineAlignedArrays.lineStart(d);
            assertTrue(fs >= 0 && fs < LineAlignedArrays.MAX_SHIFT && fs * Float.BYTES % 16 == 0, "float shift " + fs);
            assertTrue(ds >= 0 && ds < LineAlignedArrays.MAX_SHIFT && ds * Double.BYTES % 16 == 0, "double shift " + ds);
        }
    }

    /** The test JVMs run G1 with the default layout: there the packed GEMM's tests go through shifted scratch. */
    @Test
    void onThisJvmG1sHumongousThresholdIsUsed() {
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(gc -> gc.getName().startsWith("G1"));
        if (!g1) {
            assertEquals(0, LineAlignedArrays.HUMONGOUS_BYTES);
            return;
        }
        assertEquals(16, LineAlignedArrays.ARRAY_BASE);
        assertTrue(LineAlignedArrays.HUMONGOUS_BYTES >= 512 << 10, "half a region of at least 1 MiB");
        boolean cheap = LineAlignedArrays.HUMONGOUS_BYTES - 16 - 4000 <= LineAlignedArrays.MAX_PAD_BYTES;
        assertEquals(cheap ? 12 : 0, LineAlignedArrays.lineStart(LineAlignedArrays.newFloatArray(1000)));
        assertEquals(12, LineAlignedArrays.lineStart(new float[(int) (LineAlignedArrays.HUMONGOUS_BYTES / 4)]));
    }
}
