package dev.jgrad.cpu.spi;

import static dev.jgrad.cpu.spi.SpiFixtures.BE;
import static dev.jgrad.cpu.spi.SpiFixtures.assertClose;
import static dev.jgrad.cpu.spi.SpiFixtures.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.cpu.spi.SpiFixtures.Kind;
import dev.jgrad.cpu.spi.SpiFixtures.Tensor;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.View;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reduce over every dim subset against a double-precision loop; argmax; oneHot. */
class ReduceTest {
    private static final int[][] DIM_SETS = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}};

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (DType dt : DType.values()) {
                for (Kind k : Kind.values()) {
                    for (int[] dims : DIM_SETS) {
                        list.add(Arguments.of(op, dt, k, dims));
                    }
                }
            }
        }
        return list.stream();
    }

    /** Reference: for each output element, fold the reduced elements in double (long for I32). */
    static double[] reference(ReduceOp op, double[] x, long[] shape, int[] dims, DType dt) {
        long[] outShape = shape.clone();
        for (int d : dims) {
            outShape[d] = 1;
        }
        int outN = (int) Layout.numelOf(outShape);
        double[] acc = new double[outN];
        java.util.Arrays.fill(acc, op.identity());
        for (int i = 0; i < x.length; i++) {
            long[] idx = SpiFixtures.unravel(i, shape);
            for (int d : dims) {
                idx[d] = 0;
            }
            int o = (int) SpiFixtures.ravel(idx, outShape);
            acc[o] = switch (op) {
                case SUM -> acc[o] + x[i];
                case MAX -> Math.max(acc[o], x[i]);
                case MIN -> Math.min(acc[o], x[i]);
            };
        }
        for (int o = 0; o < outN; o++) {
            acc[o] = dt == DType.I32 && Double.isInfinite(acc[o]) ? (int) acc[o] : SpiFixtures.round(dt, acc[o]);
        }
        return acc;
    }

    static double[] tolerance(ReduceOp op, DType dt, double[] x, long[] shape, int[] dims, double[] expected) {
        double[] tol = new double[expected.length];
        if (op != ReduceOp.SUM || dt == DType.I32) {
            return tol;   // max/min and integer sums are exact
        }
        long n = 1;
        for (int d : dims) {
            n *= shape[d];
        }
        double eps = dt == DType.F32 ? 0x1.0p-23 : 0x1.0p-52;
        for (int o = 0; o < tol.length; o++) {
            // one rounding to the output dtype plus double accumulation error (|x| <= 10)
            tol[o] = Math.abs(expected[o]) * eps + n * 10 * 0x1.0p-52 * 2;
        }
        return tol;
    }

    static View reduce(ReduceOp op, View in, int[] dims) {
        long[] outShape = in.shape();
        for (int d : dims) {
            outShape[d] = 1;
        }
        View out = SpiFixtures.empty(in.dtype(), outShape);
        BE.reduce(op, in, dims, out);
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2} dims={3}")
    @MethodSource("cases")
    void reduceMatchesReference(ReduceOp op, DType dt, Kind kind, int[] dims) {
        long[] shape = {4, 5, 6};
        Tensor x = SpiFixtures.random(dt, kind, 11, -10, 10, shape);
        double[] expected = reference(op, x.values(), shape, dims, dt);
        double[] got = SpiFixtures.read(reduce(op, x.view(), dims));
        assertClose(expected, got, tolerance(op, dt, x.values(), shape, dims, expected),
                op + " " + dt + " " + kind + " dims " + java.util.Arrays.toString(dims));
    }

    @Test
    void largeReductionsUseBothWalksAndAgreeWithReference() {
        // [2000, 64]: over dim 0 the contiguous-columns walk, over dim 1 the rows walk; big enough to run in parallel
        long[] shape = {2000, 64};
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED}) {
                Tensor x = SpiFixtures.random(dt, kind, 12, -10, 10, shape);
                for (int[] dims : new int[][] {{0}, {1}, {0, 1}}) {
                    for (ReduceOp op : ReduceOp.values()) {
                        double[] expected = reference(op, x.values(), shape, dims, dt);
                        View out = reduce(op, x.view(), dims);
                        assertClose(expected, SpiFixtures.read(out), tolerance(op, dt, x.values(), shape, dims, expected),
                                op + " " + dt + " " + kind + " " + java.util.Arrays.toString(dims));
                        // determinism: again, and with one thread, bitwise equal
                        View again = reduce(op, x.view(), dims);
                        View single = SpiFixtures.empty(dt, out.shape());
                        new CpuBackend(1).reduce(op, x.view(), dims, single);
                        double[] bits = SpiFixtures.read(out);
                        assertArrayEquals(bits, SpiFixtures.read(again));
                        assertArrayEquals(bits, SpiFixtures.read(single));
                    }
                }
            }
        }
    }

    @Test
    void emptyReductionGivesIdentity() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            View x = SpiFixtures.empty(dt, 3, 0, 2);
            for (ReduceOp op : ReduceOp.values()) {
                View out = reduce(op, x, new int[] {1});
                assertSameValues(new double[] {op.identity(), op.identity(), op.identity(), op.identity(),
                    op.identity(), op.identity()}, SpiFixtures.read(out), op + " over empty dim");
                View none = reduce(op, x, new int[] {0});   // output [1,0,2] is empty: nothing to write
                assertArrayEquals(new double[0], SpiFixtures.read(none));
            }
        }
    }

    @Test
    void maxMinPropagateNan() {
        Tensor x = SpiFixtures.contiguous(DType.F32, new double[] {1, Double.NaN, 3, 4, 5, 6}, 2, 3);
        assertSameValues(new double[] {Double.NaN, 6}, SpiFixtures.read(reduce(ReduceOp.MAX, x.view(), new int[] {1})), "max");
        assertSameValues(new double[] {1, Double.NaN}, SpiFixtures.read(reduce(ReduceOp.MIN,
                new View(x.view().storage(), Layout.contiguous(3, 2)), new int[] {0})), "min");
        assertSameValues(new double[] {Double.NaN}, SpiFixtures.read(reduce(ReduceOp.SUM, x.view(), new int[] {0, 1})), "sum");
    }

    @Test
    void f32SumIsAccumulatedInDouble() {
        // 1 + 2^-24 (x 2^20 times): float accumulation would stay at 1, double gives 1.0625
        int n = 1 << 20;
        double[] v = new double[n + 1];
        v[0] = 1.0;
        java.util.Arrays.fill(v, 1, n + 1, 0x1.0p-24);
        Tensor x = SpiFixtures.contiguous(DType.F32, v, n + 1);
        assertArrayEquals(new float[] {1.0625f}, (float[]) BE.download(reduce(ReduceOp.SUM, x.view(), new int[] {0})));
    }

    @Test
    void argmaxTakesFirstMaximumAndNanWins() {
        double nan = Double.NaN;
        Tensor x = SpiFixtures.contiguous(DType.F64, new double[] {
            1, 3, 3, 0,
            nan, 5, nan, 9,
            2, 2, 2, 2,
            -1, -1, 7, nan}, 4, 4);
        View rows = SpiFixtures.empty(DType.I32, 4, 1);
        BE.argmax(x.view(), 1, rows);
        assertArrayEquals(new int[] {1, 0, 0, 3}, (int[]) BE.download(rows));
        View cols = SpiFixtures.empty(DType.I32, 1, 4);
        BE.argmax(x.view(), 0, cols);
        assertArrayEquals(new int[] {1, 1, 1, 3}, (int[]) BE.download(cols));
        // F32, transposed view
        Tensor xf = SpiFixtures.contiguous(DType.F32, new double[] {0, Double.NaN, 4, 1, -2, 6}, 2, 3);
        View t = new View(xf.view().storage(), xf.view().layout().transpose(0, 1));   // [[0,1],[NaN,-2],[4,6]]
        View out = SpiFixtures.empty(DType.I32, 1, 2);
        BE.argmax(t, 0, out);
        assertArrayEquals(new int[] {1, 2}, (int[]) BE.download(out));
    }

    /**
     * Rows long enough for vectors (the SIMD path finds the maximum, then its first occurrence): ties, a NaN
     * anywhere, −0 before +0, all −∞, at both ends and past the last whole vector.
     */
    @Test
    void argmaxOfLongRowsTakesTheFirstMaximumAndNanWins() {
        double nan = Double.NaN;
        for (int len : new int[] {37, 100}) {
            int rows = 8;
            double[] v = new double[rows * len];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(len);
            for (int i = 0; i < v.length; i++) {
                v[i] = -1 - rnd.nextDouble();
            }
            v[50 % len] = nan;                                  // row 0: two NaNs
            v[70 % len] = nan;
            v[len + 20] = 5;                                    // row 1: ties in one vector and in another
            v[len + 22] = 5;
            v[len + len - 3] = 5;
            java.util.Arrays.fill(v, 2 * len, 3 * len, Double.NEGATIVE_INFINITY);   // row 2
            v[3 * len + 10] = -0.0;                             // row 3: −0 first, then +0
            v[3 * len + 30] = 0.0;
            v[4 * len + len - 1] = nan;                         // row 4: NaN last
            v[5 * len + len - 1] = 3;                           // row 5: maximum last
            v[6 * len] = nan;                                   // row 6: NaN first
            v[7 * len + 3] = 9;                                 // row 7: a maximum, then a NaN
            v[7 * len + len - 2] = nan;
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                Tensor x = SpiFixtures.contiguous(dt, v, rows, len);
                View out = SpiFixtures.empty(DType.I32, rows, 1);
                BE.argmax(x.view(), 1, out);
                int[] expected = new int[rows];
                for (int r = 0; r < rows; r++) {
                    int best = 0;
                    for (int j = 0; j < len; j++) {
                        double y = x.values()[r * len + j];
                        if (y != y) {
                            best = j;
                            break;
                        }
                        if (y > x.values()[r * len + best]) {
                            best = j;
                        }
                    }
                    expected[r] = best;
                }
                assertArrayEquals(expected, (int[]) BE.download(out), dt + " rows of " + len);
                assertArrayEquals(new int[] {50 % len, 20, 0, 10, len - 1, len - 1, 0, len - 2}, expected,
                        "the reference itself, " + dt + " rows of " + len);
            }
        }
    }

    @Test
    void argmaxMatchesLoopOnLargeInput() {
        long[] shape = {300, 17, 30};
        Tensor x = SpiFixtures.random(DType.F32, Kind.OFFSET, 8, -3, 3, shape);
        View out = SpiFixtures.empty(DType.I32, 300, 1, 30);
        BE.argmax(x.view(), 1, out);
        int[] got = (int[]) BE.download(out);
        for (int a = 0; a < 300; a++) {
            for (int c = 0; c < 30; c++) {
                int best = 0;
                for (int j = 1; j < 17; j++) {
                    if (x.values()[(a * 17 + j) * 30 + c] > x.values()[(a * 17 + best) * 30 + c]) {
                        best = j;
                    }
                }
                org.junit.jupiter.api.Assertions.assertEquals(best, got[a * 30 + c], "row " + a + " col " + c);
            }
        }
    }

    @Test
    void oneHotAlongAnyDim() {
        Tensor idx = SpiFixtures.contiguous(DType.I32, new double[] {2, 0, 1}, 3, 1);
        View out = SpiFixtures.empty(DType.F32, 3, 4);
        BE.oneHot(idx.view(), 1, out);
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, (float[]) BE.download(out));
        // along dim 0, F64, from a strided index view (every other element of storage)
        Tensor raw = SpiFixtures.contiguous(DType.I32, new double[] {1, 9, 0, 9, 5}, 5);
        View strided = new View(raw.view().storage(), new Layout(new long[] {1, 3}, new long[] {0, 2}, 0));  // [1, 0, 5]
        View out0 = SpiFixtures.empty(DType.F64, 3, 3);
        BE.oneHot(strided, 0, out0);
        // column j is the one-hot of index[j] (5 is out of range: all zeros)
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0, 0, 0, 0}, (double[]) BE.download(out0));
    }
}
