package dev.jgrad.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void contiguousStridesAreRowMajor() {
        Layout l = Layout.contiguous(2, 3, 4);
        assertArrayEquals(new long[] {12, 4, 1}, l.strides());
        assertEquals(24, l.numel());
        assertTrue(l.isContiguous());
    }

    @Test
    void transposeSwapsShapeAndStridesWithoutCopying() {
        Layout t = Layout.contiguous(2, 3).transpose(0, 1);
        assertArrayEquals(new long[] {3, 2}, t.shape());
        assertArrayEquals(new long[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        // element (row 1, col 0) of the transposed 3x2 view is element (0, 1) of the original
        assertEquals(1, t.indexOf(2));
    }

    @Test
    void broadcastGivesStrideZero() {
        Layout b = Layout.contiguous(3).broadcastTo(new long[] {2, 3});
        assertArrayEquals(new long[] {0, 1}, b.strides());
        assertEquals(2, b.indexOf(5));
        Layout col = Layout.contiguous(2, 1).broadcastTo(new long[] {2, 4});
        assertArrayEquals(new long[] {1, 0}, col.strides());
        assertNull(Layout.contiguous(3).broadcastTo(new long[] {2, 4}));
    }

    @Test
    void broadcastShapesFollowsNumpy() {
        assertArrayEquals(new long[] {5, 3, 4}, Layout.broadcastShapes(new long[] {5, 1, 4}, new long[] {3, 1}));
        assertArrayEquals(new long[] {}, Layout.broadcastShapes(new long[] {}, new long[] {}));
        assertArrayEquals(new long[] {0, 3}, Layout.broadcastShapes(new long[] {0, 1}, new long[] {3}));
        assertNull(Layout.broadcastShapes(new long[] {2, 3}, new long[] {4}));
    }

    @Test
    void reshapeIsAViewOnlyForDenseData() {
        assertArrayEquals(new long[] {1}, Layout.contiguous(2, 3).reshape(new long[] {6}).strides());
        assertNull(Layout.contiguous(2, 3).transpose(0, 1).reshape(new long[] {6}));
    }

    @Test
    void elementCountOverflowAndNegativeSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Layout.numelOf(new long[] {1L << 40, 1L << 40}));
        assertThrows(IllegalArgumentException.class, () -> Layout.numelOf(new long[] {2, -1}));
        assertEquals(1, Layout.numelOf(new long[] {}));
        assertEquals(0, Layout.numelOf(new long[] {3, 0}));
    }
}
