package dev.jgrad.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.View;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD GEMM against the scalar one and a double-precision loop, on shapes that straddle every edge of the
 * register blocks (14 or 6 rows × 2 vectors; the unpacked kernel 8 rows × 3), the KC = 192 depth blocks and the direct/blocked threshold, with
 * transposed operands, storage offsets and broadcast batches.
 */
class SimdGemmTest {
    /** A (batch..., rows, cols) operand with a storage offset, row-major or stored transposed. */
    record Operand(View view, double[] logical) {
    }

    static Operand operand(CpuBackend be, DType dt, boolean transposed, long seed, long[] batch, int rows, int cols) {
        int r = batch.length + 2;
        long[] shape = new long[r];
        System.arraycopy(batch, 0, shape, 0, batch.length);
        shape[r - 2] = rows;
        shape[r - 1] = cols;
        long[] stored = shape.clone();
        if (transposed) {
            stored[r - 2] = cols;
            stored[r - 1] = rows;
        }
        int offset = 3;
        double[] v = PathFixtures.values(seed, (int) Layout.numelOf(stored) + offset);
        Storage s = PathFixtures.storage(be, dt, v);
        Layout l = Layout.contiguous(stored);
        l = new Layout(l.shape(), l.strides(), offset);
        if (transposed) {
            l = l.transpose(r - 2, r - 1);
        }
        double[] logical = new double[(int) Layout.numelOf(shape)];
        for (int i = 0; i < logical.length; i++) {
            logical[i] = v[(int) l.indexOf(i)];
        }
        return new Operand(new View(s, l), logical);
    }

    /** Reference products and the bound 2(k+1)·eps·Σ|a·b| on each element's rounding error. */
    static double[][] reference(double[] a, double[] b, int batches, int n, int k, int m, DType dt) {
        double eps = dt == DType.F32 ? 0x1.0p-24 : 0x1.0p-53;
        double[] ref = new double[batches * n * m];
        double[] tol = new double[ref.length];
        for (int t = 0; t < batches; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[(t * n + i) * k + p] * b[(t * k + p) * m + j];
                        s += x;
                        abs += Math.abs(x);
                    }
                    ref[(t * n + i) * m + j] = s;
                    tol[(t * n + i) * m + j] = 2 * (k + 1) * eps * abs;
                }
            }
        }
        return new double[][] {ref, tol};
    }

    static Stream<Arguments> shapes() {
        int[][] nkm = {{8, 192, 48}, {9, 193, 49}, {7, 385, 47}, {1, 1000, 3}, {100, 1, 100}, {47, 47, 47},
            {50, 50, 50}, {130, 200, 97}, {3, 700, 250}, {200, 3, 5}, {17, 64, 200}, {1, 20000, 1}, {3, 2000, 60}, {200, 300, 7}, {7, 300, 200},
            {66, 70, 150}, {61, 300, 150}, {130, 385, 150}, {129, 200, 131},
            // the AVX-512 14×32 register block: a row and a column past whole blocks, and one short of them
            {141, 385, 161}, {139, 192, 159}};
        List<Arguments> list = new ArrayList<>();
        for (int[] s : nkm) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (int tr = 0; tr < 4; tr++) {
                    list.add(Arguments.of(s[0], s[1], s[2], dt, (tr & 1) != 0, (tr & 2) != 0));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} {3} transA={4} transB={5}")
    @MethodSource("shapes")
    void simdAndScalarAgreeWithinTheRoundingBound(int n, int k, int m, DType dt, boolean transA, boolean transB) {
        CpuBackend simd = PathFixtures.simd(2);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        CpuBackend scalar = PathFixtures.scalar(2);
        Operand a = operand(simd, dt, transA, 1, new long[0], n, k);
        Operand b = operand(simd, dt, transB, 2, new long[0], k, m);
        double[][] ref = reference(a.logical(), b.logical(), 1, n, k, m, dt);
        View outSimd = PathFixtures.empty(simd, dt, n, m);
        View outScalar = PathFixtures.empty(scalar, dt, n, m);
        simd.matmul(a.view(), b.view(), outSimd);
        scalar.matmul(a.view(), b.view(), outScalar);
        double[] gs = PathFixtures.read(simd, outSimd);
        double[] gc = PathFixtures.read(scalar, outScalar);
        for (int i = 0; i < gs.length; i++) {
            double tol = ref[1][i];
            String at = n + "x" + k + "x" + m + " " + dt + " element " + i;
            assertTrue(Math.abs(gs[i] - ref[0][i]) <= tol, at + ": simd " + gs[i] + " vs exact " + ref[0][i]);
            assertTrue(Math.abs(gc[i] - ref[0][i]) <= tol, at + ": scalar " + gc[i] + " vs exact " + ref[0][i]);
            assertTrue(Math.abs(gs[i] - gc[i]) <= 2 * tol, at + ": simd " + gs[i] + " vs scalar " + gc[i]);
        }
    }

    @Test
    void batchedWithBroadcastBatchAgrees() {
        CpuBackend simd = PathFixtures.simd(2);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        int n = 37;
        int k = 211;
        int m = 61;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Operand a = operand(simd, dt, true, 3, new long[] {3}, n, k);
            Operand b = operand(simd, dt, false, 4, new long[0], k, m);
            // a: (3, 2, n, k) with dim 1 a stride-0 broadcast; b: (k, m) broadcast over both batch dims
            Layout la = a.view().layout();
            Layout bl = new Layout(new long[] {3, 2, n, k}, new long[] {la.stride(0), 0, la.stride(1), la.stride(2)},
                    la.offset());
            View bb = new View(b.view().storage(), b.view().layout().broadcastTo(new long[] {3, 2, k, m}));
            double[] av = new double[6 * n * k];
            double[] bv = new double[6 * k * m];
            for (int t = 0; t < 6; t++) {
                System.arraycopy(a.logical(), (t / 2) * n * k, av, t * n * k, n * k);
                System.arraycopy(b.logical(), 0, bv, t * k * m, k * m);
            }
            double[][] ref = reference(av, bv, 6, n, k, m, dt);
            View out = PathFixtures.empty(simd, dt, 3, 2, n, m);
            simd.matmul(new View(a.view().storage(), bl), bb, out);
            double[] got = PathFixtures.read(simd, out);
            for (int i = 0; i < got.length; i++) {
                assertTrue(Math.abs(got[i] - ref[0][i]) <= ref[1][i], dt + " element " + i + ": " + got[i] + " vs " + ref[0][i]);
            }
        }
    }

    /** C as a column window of a wider matrix (in-place blocks must not touch its neighbours) and transposed. */
    @Test
    void stridedAndWindowedOutputsGetExactlyTheirElements() {
        CpuBackend be = new CpuBackend(2);
        int n = 70;
        int k = 200;
        int m = 101;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Operand a = operand(be, dt, false, 9, new long[0], n, k);
            Operand b = operand(be, dt, false, 10, new long[0], k, m);
            double[][] ref = reference(a.logical(), b.logical(), 1, n, k, m, dt);
            int width = m + 9;
            Storage wide = be.allocate(dt, (long) n * width);
            be.fill(new View(wide, Layout.contiguous((long) n * width)), -7.0);
            View window = new View(wide, new Layout(new long[] {n, m}, new long[] {width, 1}, 5));
            be.matmul(a.view(), b.view(), window);
            double[] all = PathFixtures.read(be, new View(wide, Layout.contiguous((long) n * width)));
            Storage colMajor = be.allocate(dt, (long) n * m);
            View transposed = new View(colMajor, Layout.contiguous(m, n).transpose(0, 1));
            be.matmul(a.view(), b.view(), transposed);
            double[] tv = PathFixtures.read(be, transposed);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < width; j++) {
                    double got = all[i * width + j];
                    if (j < 5 || j >= 5 + m) {
                        assertEquals(-7.0, got, dt + " neighbour (" + i + ", " + j + ") was overwritten");
                    } else {
                        int e = i * m + j - 5;
                        assertTrue(Math.abs(got - ref[0][e]) <= ref[1][e], dt + " window element " + e);
                        assertEquals(got, tv[e], dt + " transposed output element " + e);
                    }
                }
            }
        }
    }

    @Test
    void simdResultIsBitwiseTheSameOnAnyThreadCount() {
        assumeTrue(PathFixtures.simd(1) != null, "no jdk.incubator.vector in this run");
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Operand a = operand(PathFixtures.simd(1), dt, false, 5, new long[] {2}, 301, 450);
            Operand b = operand(PathFixtures.simd(1), dt, true, 6, new long[] {2}, 450, 289);
            double[] first = null;
            for (int threads : new int[] {1, 2, 3, 5}) {
                CpuBackend be = PathFixtures.simd(threads);
                View out = PathFixtures.empty(be, dt, 2, 301, 289);
                be.matmul(a.view(), b.view(), out);
                double[] got = PathFixtures.read(be, out);
                if (first == null) {
                    first = got;
                } else {
                    assertArrayEquals(first, got, dt + " threads=" + threads);
                }
            }
        }
    }

    /**
     * Rows of a big product equal the same rows computed as a small product (another tiling, or the direct
     * kernel), bit for bit, on whichever path this run is on: each element is one accumulation chain in p.
     */
    @Test
    void rowSlicesMatchTheFullProductBitwise() {
        CpuBackend be = new CpuBackend(2);
        int n = 250;
        int k = 400;
        int m = 230;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Operand a = operand(be, dt, false, 7, new long[0], n, k);
            Operand b = operand(be, dt, false, 8, new long[0], k, m);
            View full = PathFixtures.empty(be, dt, n, m);
            be.matmul(a.view(), b.view(), full);
            double[] fullV = PathFixtures.read(be, full);
            Layout la = a.view().layout();
            for (int[] rows : new int[][] {{0, 1}, {37, 9}, {200, 50}, {13, 100}}) {
                Layout slice = new Layout(new long[] {rows[1], k}, la.strides(), la.offset() + rows[0] * la.stride(0));
                View part = PathFixtures.empty(be, dt, rows[1], m);
                be.matmul(new View(a.view().storage(), slice), b.view(), part);
                double[] expected = java.util.Arrays.copyOfRange(fullV, rows[0] * m, (rows[0] + rows[1]) * m);
                assertArrayEquals(expected, PathFixtures.read(be, part), dt + " rows " + rows[0] + "+" + rows[1]);
            }
        }
    }
}
