package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.spi.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GemmPlan's cuBLAS arguments, executed by a Java GEMM that reads memory exactly as cuBLAS does
 * (column-major, op N/T, leading dimensions, strided batches, per-call offsets), must give the
 * row-major product computed directly from the layouts. No GPU needed.
 */
class GemmPlanTest {
    private final Random rnd = new Random(7);

    /** cuBLAS's definition: C[i + j·ldc] = Σ_p op(A)[i,p] · op(B)[p,j] over the batch, β = 0. */
    static void columnMajorGemm(GemmPlan p, double[] memA, double[] memB, double[] memC) {
        for (int call = 0; call < p.calls(); call++) {
            for (int batch = 0; batch < p.batchCount(); batch++) {
                long a0 = p.offsetsA()[call] + batch * p.strideA();
                long b0 = p.offsetsB()[call] + batch * p.strideB();
                long c0 = p.offsetsC()[call] + batch * p.strideC();
                for (int i = 0; i < p.m(); i++) {
                    for (int j = 0; j < p.n(); j++) {
                        double s = 0;
                        for (int l = 0; l < p.k(); l++) {
                            double av = p.transA() ? memA[(int) (a0 + l + (long) i * p.lda())] : memA[(int) (a0 + i + (long) l * p.lda())];
                            double bv = p.transB() ? memB[(int) (b0 + j + (long) l * p.ldb())] : memB[(int) (b0 + l + (long) j * p.ldb())];
                            s += av * bv;
                        }
                        memC[(int) (c0 + i + (long) j * p.ldc())] = s;
                    }
                }
            }
        }
    }

    /** Row-major reference straight from the layouts: out[..., i, j] = Σ_l a[..., i, l] · b[..., l, j]. */
    static double[] rowMajorReference(Layout a, double[] memA, Layout b, double[] memB, long[] outShape) {
        int r = outShape.length;
        long n = outShape[r - 2];
        long m = outShape[r - 1];
        long k = a.dim(r - 1);
        Layout out = Layout.contiguous(outShape);
        double[] res = new double[(int) out.numel()];
        for (int lin = 0; lin < res.length; lin++) {
            long[] idx = unravel(lin, outShape);
            double s = 0;
            for (long l = 0; l < k; l++) {
                long[] ia = idx.clone();
                ia[r - 1] = l;
                long[] ib = idx.clone();
                ib[r - 2] = l;
                s += memA[(int) at(a, ia)] * memB[(int) at(b, ib)];
            }
            res[lin] = s;
        }
        assertEquals(n * m * (res.length == 0 ? 0 : res.length / (n * m)), res.length);
        return res;
    }

    private static long[] unravel(long lin, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = lin % shape[d];
            lin /= shape[d];
        }
        return idx;
    }

    private static long at(Layout l, long[] idx) {
        long p = l.offset();
        for (int d = 0; d < idx.length; d++) {
            p += idx[d] * l.stride(d);
        }
        return p;
    }

    private double[] randomMemory(Layout l) {
        long max = l.offset();
        for (int d = 0; d < l.rank(); d++) {
            max += (l.dim(d) - 1) * l.stride(d);
        }
        double[] mem = new double[(int) max + 1];
        for (int i = 0; i < mem.length; i++) {
            mem[i] = rnd.nextInt(19) - 9;   // small integers: sums are exact, so equality is exact
        }
        return mem;
    }

    /** A (rows × cols) matrix layout, stored transposed when {@code transposed}, with a leading offset and padding. */
    private static Layout matrix(long rows, long cols, boolean transposed, long offset, long pad) {
        return transposed
                ? new Layout(new long[] {rows, cols}, new long[] {1, rows + pad}, offset)
                : new Layout(new long[] {rows, cols}, new long[] {cols + pad, 1}, offset);
    }

    private void check(Layout a, Layout b, long[] outShape) {
        double[] memA = randomMemory(a);
        double[] memB = randomMemory(b);
        Layout out = Layout.contiguous(outShape);
        GemmPlan p = GemmPlan.of(a, b, out);
        double[] memC = new double[(int) out.numel()];
        columnMajorGemm(p, memB, memA, memC);   // cuBLAS's A is our b, its B our a
        assertArrayEquals(rowMajorReference(a, memA, b, memB, outShape), memC, 0.0,
                "a " + a + ", b " + b + ", plan " + p);
    }

    @Test
    void allFourTransposeCombinationsMatchTheReference() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Layout a = matrix(5, 3, ta, 2, 1);
                Layout b = matrix(3, 4, tb, 1, 2);
                check(a, b, new long[] {5, 4});
                GemmPlan p = GemmPlan.of(a, b, Layout.contiguous(5, 4));
                assertEquals(tb, p.transA(), "cuBLAS A is b");
                assertEquals(ta, p.transB(), "cuBLAS B is a");
                assertEquals(4, p.m());
                assertEquals(5, p.n());
                assertEquals(3, p.k());
                assertEquals(4, p.ldc());
            }
        }
    }

    @Test
    void leadingDimensionsComeFromTheStrides() {
        // a: 5x3 row-major padded to row stride 7 -> OP_N, ldb 7; b: transposed 3x4 with column stride 6 -> OP_T, lda 6
        Layout a = new Layout(new long[] {5, 3}, new long[] {7, 1}, 0);
        Layout b = new Layout(new long[] {3, 4}, new long[] {1, 6}, 0);
        GemmPlan p = GemmPlan.of(a, b, Layout.contiguous(5, 4));
        assertFalse(p.transB());
        assertEquals(7, p.ldb());
        assertTrue(p.transA());
        assertEquals(6, p.lda());
        assertEquals(1, p.batchCount());
        assertEquals(1, p.calls());
    }

    @Test
    void vectorsAndSizeOneDimsAreReadWithoutCopies() {
        check(matrix(1, 3, false, 0, 0), matrix(3, 1, false, 0, 0), new long[] {1, 1});
        check(matrix(4, 1, true, 0, 0), matrix(1, 6, true, 0, 0), new long[] {4, 6});
        check(new Layout(new long[] {1, 3}, new long[] {99, 1}, 3), matrix(3, 2, true, 0, 0), new long[] {1, 2});
    }

    @Test
    void batchedUniformStrideIsOneStridedBatchedCall() {
        Layout a = Layout.contiguous(3, 2, 5, 4);
        Layout b = Layout.contiguous(3, 2, 4, 6).transpose(2, 3).transpose(2, 3);
        check(a, b, new long[] {3, 2, 5, 6});
        GemmPlan p = GemmPlan.of(a, b, Layout.contiguous(3, 2, 5, 6));
        assertEquals(1, p.calls());
        assertEquals(6, p.batchCount());
        assertEquals(24, p.strideA());
        assertEquals(20, p.strideB());
        assertEquals(30, p.strideC());
    }

    @Test
    void broadcastBatchUsesStrideZero() {
        // a has a batch of 4, b is one matrix broadcast across it (stride 0), transposed too
        Layout a = Layout.contiguous(4, 3, 5);
        Layout b = new Layout(new long[] {4, 5, 2}, new long[] {0, 1, 5}, 1);
        check(a, b, new long[] {4, 3, 2});
        GemmPlan p = GemmPlan.of(a, b, Layout.contiguous(4, 3, 2));
        assertEquals(0, p.strideA());
        assertEquals(15, p.strideB());
        assertEquals(4, p.batchCount());
        assertTrue(p.transA());
    }

    @Test
    void unmergeableBatchDimsBecomeSeveralCalls() {
        // batch (2, 3) where a broadcasts over the first batch dim only: not one uniform stride
        Layout a = new Layout(new long[] {2, 3, 2, 4}, new long[] {0, 8, 4, 1}, 0);
        Layout b = Layout.contiguous(2, 3, 4, 3).transpose(2, 3).transpose(2, 3);
        check(a, b, new long[] {2, 3, 2, 3});
        GemmPlan p = GemmPlan.of(a, b, Layout.contiguous(2, 3, 2, 3));
        assertEquals(2, p.calls());
        assertEquals(3, p.batchCount());
        assertArrayEquals(new long[] {0, 0}, p.offsetsB());
        assertArrayEquals(new long[] {0, 36}, p.offsetsA());
    }

    @Test
    void randomLayoutsMatchTheReference() {
        for (int t = 0; t < 40; t++) {
            int n = 1 + rnd.nextInt(5);
            int k = 1 + rnd.nextInt(5);
            int m = 1 + rnd.nextInt(5);
            int batch = 1 + rnd.nextInt(3);
            boolean ta = rnd.nextBoolean();
            boolean tb = rnd.nextBoolean();
            boolean broadcastA = rnd.nextBoolean();
            Layout a2 = matrix(n, k, ta, rnd.nextInt(3), rnd.nextInt(2));
            Layout b2 = matrix(k, m, tb, rnd.nextInt(3), rnd.nextInt(2));
            long aBatchStride = broadcastA ? 0 : (long) (n + 1) * (k + 1) + 3;
            long bBatchStride = (long) (k + 1) * (m + 1) + 1;
            Layout a = new Layout(new long[] {batch, n, k}, new long[] {aBatchStride, a2.stride(0), a2.stride(1)}, a2.offset());
            Layout b = new Layout(new long[] {batch, k, m}, new long[] {bBatchStride, b2.stride(0), b2.stride(1)}, b2.offset());
            check(a, b, new long[] {batch, n, m});
        }
    }

    @Test
    void matricesWithBroadcastInsideNeedACopy() {
        Layout expandedRow = new Layout(new long[] {3, 4}, new long[] {0, 1}, 0);
        Layout interleaved = new Layout(new long[] {3, 4}, new long[] {8, 2}, 0);
        assertFalse(GemmPlan.canRead(expandedRow));
        assertFalse(GemmPlan.canRead(interleaved));
        assertTrue(GemmPlan.canRead(Layout.contiguous(3, 4)));
        assertTrue(GemmPlan.canRead(Layout.contiguous(4, 3).transpose(0, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> GemmPlan.of(expandedRow, Layout.contiguous(4, 2), Layout.contiguous(3, 2)));
        assertFalse(GemmPlan.canWrite(Layout.contiguous(2, 3).transpose(0, 1)));
    }
}
