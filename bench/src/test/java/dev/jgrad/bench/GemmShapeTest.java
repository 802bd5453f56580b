package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GemmShapeTest {
    @Test
    void squareShorthand() {
        GemmShape s = GemmShape.parse("256");
        assertEquals(new GemmShape(256, 256, 256, false, false), s);
        assertTrue(s.isSquare());
        assertEquals(2.0 * 256 * 256 * 256, s.flops());
        assertEquals("256x256x256", s.toString());
    }

    @Test
    void transposedOperandsAreStoredTheOtherWayRound() {
        GemmShape dw = GemmShape.parse("1000x64x100_At");
        assertEquals(1000, dw.m());
        assertEquals(64, dw.k());
        assertEquals(100, dw.n());
        assertArrayEquals(new long[] {64, 1000}, dw.aStored());
        assertArrayEquals(new long[] {64, 100}, dw.bStored());
        assertEquals(12.8e6, dw.flops());
        assertFalse(dw.isSquare());
        GemmShape dx = GemmShape.parse("64x100x1000_Bt");
        assertArrayEquals(new long[] {1000, 100}, dx.bStored());
        assertEquals("64x100x1000_Bt", dx.toString());
    }

    @Test
    void everyLectureShapeParses() {
        for (String s : GemmShape.LECTURE) {
            assertEquals(s, GemmShape.parse(s).toString());
        }
    }

    @Test
    void badShapesSayWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("64x10"));
        assertTrue(e.getMessage().contains("GemmShape") && e.getMessage().contains("'64x10'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x1x1"));
    }

    @Test
    void trafficCountsEachArrayOnce() {
        assertEquals(3.0 * 1024 * 4, Traffic.elementwiseBytes("add", 1024, 4));
        assertEquals(2.0 * 1024 * 8, Traffic.elementwiseBytes("exp", 1024, Traffic.bytesPerElement("F64")));
        assertEquals((64.0 * 1000 + 1000) * 4, Traffic.reductionBytes("sumDim0", 64, 1000, 4));
        assertEquals((64.0 * 1000 + 64) * 4, Traffic.reductionBytes("sumDim1", 64, 1000, 4));
        assertEquals(2.0 * 64 * 1000 * 4, Traffic.reductionBytes("softmax", 64, 1000, 4));
        assertThrows(IllegalArgumentException.class, () -> Traffic.elementwiseBytes("tanh", 1, 4));
    }
}
