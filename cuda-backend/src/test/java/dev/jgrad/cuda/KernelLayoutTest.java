package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.spi.Layout;
import org.junit.jupiter.api.Test;

class KernelLayoutTest {
    /** Coalesced layouts must address the same storage element at every row-major position. */
    private static void assertSameWalk(Layout original, Layout merged) {
        assertEquals(original.numel(), merged.numel());
        for (long i = 0; i < original.numel(); i++) {
            assertEquals(original.indexOf(i), merged.indexOf(i), "position " + i + " of " + original);
        }
    }

    @Test
    void contiguousTensorsBecomeRankOne() {
        Layout l = new Layout(new long[] {2, 3, 4}, new long[] {12, 4, 1}, 5);
        Layout[] c = KernelLayout.coalesce(l);
        assertArrayEquals(new long[] {24}, c[0].shape());
        assertArrayEquals(new long[] {1}, c[0].strides());
        assertEquals(5, c[0].offset());
    }

    @Test
    void mergesOnlyWhereEveryLayoutAgrees() {
        Layout a = Layout.contiguous(2, 3, 4);
        Layout b = new Layout(new long[] {2, 3, 4}, new long[] {0, 4, 1}, 0);    // broadcast over dim 0
        Layout[] c = KernelLayout.coalesce(a, b);
        assertArrayEquals(new long[] {2, 12}, c[0].shape());
        assertArrayEquals(new long[] {12, 1}, c[0].strides());
        assertArrayEquals(new long[] {0, 1}, c[1].strides());
        assertSameWalk(a, c[0]);
        assertSameWalk(b, c[1]);
    }

    @Test
    void transposedAndSizeOneDimsKeepTheirWalk() {
        Layout t = Layout.contiguous(3, 1, 5).permute(new int[] {2, 1, 0});
        Layout[] c = KernelLayout.coalesce(t);
        assertEquals(2, c[0].rank());
        assertSameWalk(t, c[0]);
        Layout scalar = new Layout(new long[] {}, new long[] {}, 7);
        assertEquals(0, KernelLayout.coalesce(scalar)[0].rank());
        assertEquals(7, KernelLayout.coalesce(scalar)[0].indexOf(0));
    }

    @Test
    void packsTheKernelStruct() {
        long[] p = KernelLayout.pack(new Layout(new long[] {2, 3}, new long[] {1, 2}, 9));
        assertEquals(18, p.length);
        assertArrayEquals(new long[] {2, 9, 2, 3, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0}, p);
        Layout rank9 = Layout.contiguous(new long[] {2, 2, 2, 2, 2, 2, 2, 2, 2});
        assertThrows(IllegalArgumentException.class, () -> KernelLayout.pack(rank9));
    }

    @Test
    void reductionSplitAddressesEveryInputOnce() {
        Layout in = Layout.contiguous(2, 3, 4, 5).permute(new int[] {0, 2, 1, 3});   // (2, 4, 3, 5)
        int[] dims = {1, 3};
        Layout out = Layout.contiguous(2, 1, 3, 1);
        Layout[] s = KernelLayout.reductionSplit(in, dims, out);
        Layout kept = s[0];
        Layout outL = s[1];
        Layout red = s[2];
        assertEquals(6, kept.numel());
        assertEquals(20, red.numel());
        boolean[] seen = new boolean[120];
        for (long o = 0; o < kept.numel(); o++) {
            assertEquals(o, outL.indexOf(o), "dense output in order");
            for (long r = 0; r < red.numel(); r++) {
                int idx = (int) (kept.indexOf(o) + red.indexOf(r));
                assertEquals(false, seen[idx]);
                seen[idx] = true;
            }
        }
        // element (o=(i0,i2), r=(i1,i3)) is in[i0, i1, i2, i3]
        assertEquals(in.indexOf(((1 * 4 + 2) * 3 + 1) * 5 + 4), kept.indexOf(1 * 3 + 1) + red.indexOf(2 * 5 + 4));
    }
}
