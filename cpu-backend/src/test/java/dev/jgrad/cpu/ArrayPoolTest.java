package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import org.junit.jupiter.api.Test;

/** The CPU array pool: exact-length reuse, most recently freed first, its byte cap, poisoning, and what never enters it. */
class ArrayPoolTest {
    private static final int N = 4096;

    @Test
    void aFreedArrayGoesToTheNextAllocationOfTheSameDtypeAndLength() {
        ArrayPool pool = new ArrayPool(1 << 20, false);
        float[] a = (float[]) pool.take(DType.F32, N);
        float[] b = (float[]) pool.take(DType.F32, N);
        pool.give(DType.F32, a);
        pool.give(DType.F32, b);
        assertEquals(2L * N * 4, pool.heldBytes());
        assertNotSame(a, pool.take(DType.F32, N + 1), "another length is a new array");
        assertTrue(pool.take(DType.I32, N) instanceof int[], "another dtype is a new array");
        assertSame(b, pool.take(DType.F32, N), "the most recently freed comes back first");
        assertSame(a, pool.take(DType.F32, N));
        assertEquals(0, pool.heldBytes());
        assertEquals(2, pool.reused());
    }

    @Test
    void shortArraysBypassThePool() {
        ArrayPool pool = new ArrayPool(1 << 20, false);
        double[] small = (double[]) pool.take(DType.F64, ArrayPool.MIN_ELEMENTS - 1);
        pool.give(DType.F64, small);
        assertEquals(0, pool.heldBytes());
        assertNotSame(small, pool.take(DType.F64, ArrayPool.MIN_ELEMENTS - 1));
    }

    @Test
    void theCapDropsTheLeastRecentlyUsedLengthFirst() {
        ArrayPool pool = new ArrayPool(3L * N * 4, false);
        float[] old = new float[N];
        float[] mid = new float[N + 8];
        float[] fresh = new float[N + 16];
        pool.give(DType.F32, old);
        pool.give(DType.F32, mid);
        pool.give(DType.F32, fresh);       // 3N + 24 floats: over the cap by 24 floats
        assertTrue(pool.heldBytes() <= 3L * N * 4);
        assertNotSame(old, pool.take(DType.F32, N), "the least recently used length went");
        assertSame(mid, pool.take(DType.F32, N + 8));
        assertSame(fresh, pool.take(DType.F32, N + 16));
        pool.give(DType.F32, new float[4 * N]);
        assertEquals(0, pool.heldBytes(), "an array bigger than the whole cap is never kept");
    }

    @Test
    void poisonFillsEveryAllocationFreshOrRecycled() {
        ArrayPool pool = new ArrayPool(1 << 20, true);
        float[] f = (float[]) pool.take(DType.F32, N);
        assertTrue(Float.isNaN(f[0]) && Float.isNaN(f[N - 1]));
        java.util.Arrays.fill(f, 1.0f);
        pool.give(DType.F32, f);
        float[] again = (float[]) pool.take(DType.F32, N);
        assertSame(f, again);
        assertTrue(Float.isNaN(again[17]));
        int[] i = (int[]) pool.take(DType.I32, 3);
        assertEquals(ArrayPool.POISON_INT, i[2]);
        assertTrue(Double.isNaN(((double[]) pool.take(DType.F64, 1))[0]));
    }

    @Test
    void storagesHandTheirArraysBackOnFreeButNeverACallersArrayOrAnAbandonedOne() {
        CpuStorage s = CpuStorage.allocate(DType.F32, 12_345);
        Object arr = s.array();
        s.free();
        assertThrows(IllegalStateException.class, s::array);
        CpuStorage t = CpuStorage.allocate(DType.F32, 12_345);
        assertSame(arr, t.array(), "freed storage recycled");

        float[] mine = new float[12_346];
        CpuStorage.wrap(mine).free();
        assertNotSame(mine, CpuStorage.allocate(DType.F32, 12_346).array(), "a caller's array never enters the pool");

        Object abandoned = t.array();
        t.abandon();
        assertNotSame(abandoned, CpuStorage.allocate(DType.F32, 12_345).array(),
                "a collected tensor's array may still be read by a kernel: not recycled");
    }

    @Test
    void closedTensorsFillTheCacheAndEmptyCacheEmptiesIt() {
        CpuBackend.emptyCache();
        assertEquals(0, CpuBackend.cachedBytes());
        try (dev.jgrad.TensorScope scope = dev.jgrad.TensorScope.open()) {
            dev.jgrad.Tensor.zeros(DType.F64, 100, 30);
        }
        assertEquals(3000L * 8, CpuBackend.cachedBytes());
        CpuBackend.emptyCache();
        assertEquals(0, CpuBackend.cachedBytes());
    }
}
