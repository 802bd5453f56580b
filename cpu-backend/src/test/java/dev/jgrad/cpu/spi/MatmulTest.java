package dev.jgrad.cpu.spi;

import static dev.jgrad.cpu.spi.SpiFixtures.BE;
import static dev.jgrad.cpu.spi.SpiFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.spi.Backend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.View;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** matmul against a double-precision triple loop, for many sizes, every transpose combination and batches. */
class MatmulTest {
    /** An operand (batch..., rows, cols) stored either row-major or transposed (column-major matrices). */
    static SpiFixtures.Tensor operand(DType dt, boolean transposed, long seed, long... shape) {
        int r = shape.length;
        long[] stored = shape.clone();
        if (transposed) {
            stored[r - 2] = shape[r - 1];
            stored[r - 1] = shape[r - 2];
        }
        SpiFixtures.Tensor t = SpiFixtures.random(dt, SpiFixtures.Kind.CONTIGUOUS, seed, -1, 1, stored);
        if (!transposed) {
            return t;
        }
        Layout l = t.view().layout().transpose(r - 2, r - 1);
        return SpiFixtures.fromStorage(dt, l, SpiFixtures.read(new View(t.view().storage(),
                Layout.contiguous(t.view().storage().numel()))));
    }

    /** C = A·B per batch in double, with the error bound k·eps·Σ|a||b| (scaled by k as the accumulation depth). */
    static void check(Backend be, View a, double[] av, View b, double[] bv, long batch, int n, int k, int m,
                      View out, String what) {
        double[] ref = new double[(int) (batch * n * m)];
        double[] tol = new double[ref.length];
        double eps = out.dtype() == DType.F32 ? 0x1.0p-24 : 0x1.0p-53;
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = av[(t * n + i) * k + p] * bv[(t * k + p) * m + j];
                        s += x;
                        abs += Math.abs(x);
                    }
                    ref[(t * n + i) * m + j] = s;
                    tol[(t * n + i) * m + j] = 2 * (k + 1) * eps * abs;
                }
            }
        }
        be.matmul(a, b, out);
        assertClose(ref, SpiFixtures.read(out), tol, what);
    }

    static Stream<Arguments> sizes() {
        int[][] nkm = {{1, 1, 1}, {1, 7, 1}, {3, 1, 5}, {2, 3, 4}, {5, 5, 5}, {7, 13, 3}, {17, 33, 9}, {64, 64, 64},
            {65, 63, 66}, {1, 300, 1}, {100, 3, 200}, {70, 260, 270}, {129, 7, 1}};
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
    @MethodSource("sizes")
    void matchesDoubleLoop(int n, int k, int m, DType dt, boolean transA, boolean transB) {
        SpiFixtures.Tensor a = operand(dt, transA, 1, n, k);
        SpiFixtures.Tensor b = operand(dt, transB, 2, k, m);
        View out = SpiFixtures.empty(dt, n, m);
        check(BE, a.view(), a.values(), b.view(), b.values(), 1, n, k, m, out, n + "x" + k + "x" + m);
    }

    @Test
    void bigBlockedParallelAllTransposes() {
        int n = 300;
        int k = 257;
        int m = 129;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int tr = 0; tr < 4; tr++) {
                SpiFixtures.Tensor a = operand(dt, (tr & 1) != 0, 3, n, k);
                SpiFixtures.Tensor b = operand(dt, (tr & 2) != 0, 4, k, m);
                View out = SpiFixtures.empty(dt, n, m);
                check(BE, a.view(), a.values(), b.view(), b.values(), 1, n, k, m, out, "big " + dt + " tr=" + tr);
            }
        }
    }

    @Test
    void batchedWithBroadcastBatch() {
        // a: (3, 2, n, k) with dim 1 broadcast (stride 0); b: (k, m) broadcast over both batch dims
        int n = 9;
        int k = 70;
        int m = 11;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            SpiFixtures.Tensor a3 = operand(dt, true, 5, 3, n, k);    // transposed matrices too
            Layout la = new Layout(new long[] {3, 2, n, k},
                    new long[] {a3.view().layout().stride(0), 0, a3.view().layout().stride(1), a3.view().layout().stride(2)},
                    a3.view().layout().offset());
            SpiFixtures.Tensor b2 = operand(dt, false, 6, k, m);
            Layout lb = b2.view().layout().broadcastTo(new long[] {3, 2, k, m});
            double[] av = new double[3 * 2 * n * k];
            double[] bv = new double[3 * 2 * k * m];
            for (int t = 0; t < 6; t++) {
                System.arraycopy(a3.values(), (t / 2) * n * k, av, t * n * k, n * k);
                System.arraycopy(b2.values(), 0, bv, t * k * m, k * m);
            }
            View out = SpiFixtures.empty(dt, 3, 2, n, m);
            check(BE, new View(a3.view().storage(), la), av, new View(b2.view().storage(), lb), bv, 6, n, k, m, out,
                    "batched " + dt);
        }
    }

    @Test
    void batchedLargeUsesTilesPerBatch() {
        int n = 80;
        int k = 90;
        int m = 300;
        SpiFixtures.Tensor a = operand(DType.F32, false, 7, 2, n, k);
        SpiFixtures.Tensor b = operand(DType.F32, true, 8, 2, k, m);
        View out = SpiFixtures.empty(DType.F32, 2, n, m);
        check(BE, a.view(), a.values(), b.view(), b.values(), 2, n, k, m, out, "batched large");
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        View a = SpiFixtures.empty(DType.F64, 3, 0);
        View b = SpiFixtures.empty(DType.F64, 0, 2);
        View out = SpiFixtures.empty(DType.F64, 3, 2);
        BE.fill(out, 5);
        BE.matmul(a, b, out);
        assertArrayEquals(new double[6], (double[]) BE.download(out));
        View none = SpiFixtures.empty(DType.F64, 0, 2);
        BE.matmul(SpiFixtures.empty(DType.F64, 0, 3), SpiFixtures.empty(DType.F64, 3, 2), none);
    }

    @Test
    void deterministicAcrossRunsAndThreadCounts() {
        int n = 300;
        int k = 600;
        int m = 290;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            SpiFixtures.Tensor a = operand(dt, false, 9, n, k);
            SpiFixtures.Tensor b = operand(dt, true, 10, k, m);
            double[] first = null;
            for (int threads : new int[] {1, 2, 3, 5}) {
                Backend be = new CpuBackend(threads);
                for (int rep = 0; rep < 2; rep++) {
                    View out = SpiFixtures.empty(dt, n, m);
                    be.matmul(a.view(), b.view(), out);
                    double[] got = SpiFixtures.read(out);
                    if (first == null) {
                        first = got;
                    } else {
                        assertArrayEquals(first, got, dt + " threads=" + threads + " rep=" + rep);
                    }
                }
            }
        }
    }

    @Test
    void directAndBlockedKernelsAccumulateInTheSameOrder() {
        // the same 64x300 row block computed alone (direct path: 40x300x1 is small) and inside a big product
        int k = 300;
        SpiFixtures.Tensor a = operand(DType.F32, false, 11, 200, k);
        SpiFixtures.Tensor b = operand(DType.F32, false, 12, k, 200);
        View full = SpiFixtures.empty(DType.F32, 200, 200);
        BE.matmul(a.view(), b.view(), full);
        float[] fullV = (float[]) BE.download(full);
        // one row of A times one column of B: 1x300x1 takes the direct kernel
        for (int[] ij : new int[][] {{0, 0}, {77, 150}, {199, 199}}) {
            View arow = new View(a.view().storage(), new Layout(new long[] {1, k}, new long[] {k, 1}, (long) ij[0] * k));
            View bcol = new View(b.view().storage(), new Layout(new long[] {k, 1}, new long[] {200, 1}, ij[1]));
            View one = SpiFixtures.empty(DType.F32, 1, 1);
            BE.matmul(arow, bcol, one);
            assertArrayEquals(new float[] {fullV[ij[0] * 200 + ij[1]]}, (float[]) BE.download(one));
        }
    }
}
