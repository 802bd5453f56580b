package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM on operands holding subnormals: through {@link SubnormalScaling} the result is bitwise what the kernels
 * compute on the raw operands whenever no partial sum is subnormal, more accurate where one is, untouched by
 * Inf/NaN, and no partial sum overflows; and the scans that decide it, on both kernel sets.
 */
class SubnormalScalingTest {
    static Stream<CpuKernels> kernels() {
        List<CpuKernels> all = new ArrayList<>();
        all.add(ScalarKernels.INSTANCE);
        if (KernelChoice.simdOrNull() != null) {
            all.add(KernelChoice.simdOrNull());
        }
        return all.stream();
    }

    private static final CpuThreads THREADS = new CpuThreads(2);

    /** n×k A times k×m B (given row-major), through the guard and straight into the kernels. */
    private static float[][] both(CpuKernels kernels, float[] a, float[] b, int n, int k, int m, boolean transposeA) {
        return both(kernels, a, b, n, k, m, transposeA, false);
    }

    /** The same with A and/or B stored transposed and read through a transposed view. */
    private static float[][] both(CpuKernels kernels, float[] a, float[] b, int n, int k, int m, boolean transposeA,
                                  boolean transposeB) {
        long ars = transposeA ? 1 : k;
        long acs = transposeA ? n : 1;
        long brs = transposeB ? 1 : m;
        long bcs = transposeB ? k : 1;
        float[] aStored = transposeA ? transposed(a, n, k) : a;
        float[] bStored = transposeB ? transposed(b, k, m) : b;
        float[] guarded = new float[n * m];
        float[] raw = new float[n * m];
        long[][] offs = {{0, 0, 0}};
        SubnormalScaling.matmul(kernels, THREADS,
                new GemmProblem(aStored, bStored, guarded, offs, ars, acs, brs, bcs, m, 1, n, k, m));
        kernels.matmul(THREADS, new GemmProblem(aStored, bStored.clone(), raw, offs, ars, acs, brs, bcs, m, 1, n, k, m));
        return new float[][] {guarded, raw};
    }

    /** The rows × cols row-major x stored column by column. */
    private static float[] transposed(float[] x, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    /** Gaussian values, a fraction of them replaced by subnormals; row 0 (A: column 0) kept normal so every chain starts normal. */
    private static float[] withSubnormals(Random r, int rows, int cols, double fraction, boolean firstColumnNormal) {
        float[] x = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                boolean keep = firstColumnNormal ? j == 0 : i == 0;
                x[i * cols + j] = !keep && r.nextDouble() < fraction
                        ? Float.MIN_VALUE * (1 + r.nextInt(1 << 22)) * (r.nextBoolean() ? 1 : -1)
                        : (float) r.nextGaussian();
            }
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void subnormalsInEitherOperandGiveBitwiseTheRawKernelResult(CpuKernels kernels) {
        Random r = new Random(7);
        // the last shape takes the SIMD kernels' packed path, which finds the subnormals in its packed copies
        int[][] shapes = {{64, 70, 100}, {9, 300, 33}, {200, 40, 17}, {3, 5, 1}, {150, 260, 140}};
        for (int[] s : shapes) {
            for (int which = 0; which < 3; which++) {
                float[] a = withSubnormals(r, s[0], s[1], which != 1 ? 0.2 : 0, true);
                float[] b = withSubnormals(r, s[1], s[2], which != 0 ? 0.2 : 0, false);
                for (boolean t : new boolean[] {false, true}) {
                    float[][] c = both(kernels, a, b, s[0], s[1], s[2], t);
                    assertArrayEquals(c[1], c[0], "shape " + java.util.Arrays.toString(s) + " operands " + which);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aSubnormalPartialSumKeepsTheBitsIeeeRoundingLoses(CpuKernels kernels) {
        // 0.5·2^-149 is a tie that IEEE rounds to 0, twice; the exact sum 2^-149 is representable
        float[][] c = both(kernels, new float[] {0.5f, 0.5f}, new float[] {Float.MIN_VALUE, Float.MIN_VALUE}, 1, 2, 1, false);
        assertEquals(0.0f, c[1][0], "the raw kernel chain");
        assertEquals(Float.MIN_VALUE, c[0][0], "scaled: the exact sum");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void hugeValuesLeaveLessRoomAndNothingOverflows(CpuKernels kernels) {
        int k = 40;
        float[] a = new float[k];
        float[] b = new float[k];
        for (int p = 0; p < k; p++) {
            a[p] = 3e36f;                                  // Σ a·b ≈ 40·3e36·1 = 1.2e38: near the float maximum
            b[p] = p == 0 ? 1.0f : Float.MIN_VALUE * (p + 1);
        }
        float[][] c = both(kernels, a, b, 1, k, 1, false);
        assertTrue(Float.isFinite(c[0][0]), "no overflow: " + c[0][0]);
        assertEquals(c[1][0], c[0][0]);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void infinityAndNanAreNotScaledAway(CpuKernels kernels) {
        float[] a = {Float.POSITIVE_INFINITY, 1, Float.NaN, 1};
        float[] b = {Float.MIN_VALUE, 2, 1e-40f, -3};
        float[][] c = both(kernels, a, b, 2, 2, 2, false);
        for (int i = 0; i < 4; i++) {
            assertEquals(Float.isNaN(c[1][i]), Float.isNaN(c[0][i]), "element " + i);
            if (!Float.isNaN(c[1][i])) {
                assertEquals(c[1][i], c[0][i], "element " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void theScansFindEverySubnormalAndTheLargestMagnitudeAtEveryPosition(CpuKernels kernels) {
        for (int len = 0; len <= 70; len++) {
            float[] f = new float[len + 3];
            double[] d = new double[len + 3];
            for (int i = 0; i < f.length; i++) {
                f[i] = i % 3 == 0 ? 0f : (i % 2 == 0 ? 1.5f : -Float.MIN_NORMAL);
                d[i] = i % 3 == 0 ? -0.0 : (i % 2 == 0 ? -2.5 : Double.MIN_NORMAL);
            }
            assertFalse(kernels.hasSubnormal(f, 3, len));
            assertFalse(kernels.hasSubnormal(d, 3, len));
            for (int at = 0; at < len; at++) {
                float[] fs = f.clone();
                double[] ds = d.clone();
                fs[3 + at] = at % 2 == 0 ? -Float.MIN_VALUE : Math.nextDown(Float.MIN_NORMAL);
                ds[3 + at] = at % 2 == 0 ? Double.MIN_VALUE : -Math.nextDown(Double.MIN_NORMAL);
                assertTrue(kernels.hasSubnormal(fs, 3, len), "float subnormal at " + at + " of " + len);
                assertTrue(kernels.hasSubnormal(ds, 3, len), "double subnormal at " + at + " of " + len);
                fs[3 + at] = -7e30f;
                ds[3 + at] = 9e300;
                assertEquals(7e30f, (float) kernels.maxAbs(fs, 3, len));
                assertEquals(9e300, kernels.maxAbs(ds, 3, len));
                fs[3 + at] = Float.NaN;
                ds[3 + at] = Double.NaN;
                assertTrue(Double.isNaN(kernels.maxAbs(fs, 3, len)));
                assertTrue(Double.isNaN(kernels.maxAbs(ds, 3, len)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void stridedAndBroadcastOperandsAreScannedWhole(CpuKernels kernels) {
        float[] x = new float[6 * 5];
        x[4 * 5 + 3] = 1e-41f;                                 // row 4, column 3 of a 6×5 row-major matrix
        long[][] twoBatches = {{0, 0, 0}, {0, 0, 0}};
        assertTrue(SubnormalScaling.holdsSubnormal(kernels, THREADS, x, twoBatches, 0, 5, 1, 6, 5));
        assertTrue(SubnormalScaling.holdsSubnormal(kernels, THREADS, x, twoBatches, 0, 1, 5, 5, 6), "transposed");
        assertTrue(SubnormalScaling.holdsSubnormal(kernels, THREADS, x, twoBatches, 0, 10, 1, 3, 4), "every other row");
        assertTrue(SubnormalScaling.holdsSubnormal(kernels, THREADS, x, twoBatches, 0, 10, 3, 3, 2), "no unit stride");
        assertFalse(SubnormalScaling.holdsSubnormal(kernels, THREADS, x, twoBatches, 0, 5, 1, 4, 5), "rows 0-3 only");
        float[] big = new float[3 * SubnormalScaling.PARALLEL_SCAN];
        assertFalse(SubnormalScaling.holdsSubnormal(kernels, THREADS, big, twoBatches, 0, 1, 1, big.length, 1));
        big[big.length - 1] = -1e-39f;
        assertTrue(SubnormalScaling.holdsSubnormal(kernels, THREADS, big, twoBatches, 0, 1, 1, big.length, 1),
                "found by the parallel scan");
    }

    /** Shapes on the SIMD packed path (n·k·m above the direct kernel's limit, both sides above its thin one). */
    private static final int[][] PACKED = {{150, 260, 140}, {141, 385, 161}};

    /**
     * One subnormal pair per case, anywhere in A or B (first or last row, column and KC block, the zero-padded
     * edge slivers, a transposed A or B): two terms 0.5·2^-149 that IEEE rounds to 0 each but that add up to 2^-149
     * exactly, so C shows whether the guard noticed. The packed path looks for them in its packed copies.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void everySubnormalIsNoticedWhereverItIsF32(CpuKernels kernels) {
        for (int[] s : PACKED) {
            int n = s[0];
            int k = s[1];
            int m = s[2];
            int[][] spots = {{0, 0, 1}, {n - 1, k - 2, k - 1}, {n / 2, 1, k - 1}, {7, k / 2, k / 2 + 1}};
            for (int[] spot : spots) {
                for (boolean inA : new boolean[] {true, false}) {
                    for (int col : new int[] {0, m - 1}) {
                        float[] a = new float[n * k];
                        float[] b = new float[k * m];
                        int row = spot[0];
                        for (int t = 1; t <= 2; t++) {
                            int p = spot[t];
                            a[row * k + p] = inA ? Float.MIN_VALUE : 0.5f;
                            b[p * m + col] = inA ? 0.5f : Float.MIN_VALUE;
                        }
                        for (int layout = 0; layout < 3; layout++) {     // row-major, A transposed, B transposed
                            float[][] c = both(kernels, a, b, n, k, m, layout == 1, layout == 2);
                            String at = java.util.Arrays.toString(s) + (inA ? " A" : " B") + " at "
                                    + java.util.Arrays.toString(spot) + " column " + col
                                    + (layout == 1 ? " (Aᵀ)" : layout == 2 ? " (Bᵀ)" : "");
                            assertEquals(0.0f, c[1][row * m + col], "the raw kernels round each term to 0: " + at);
                            assertEquals(Float.MIN_VALUE, c[0][row * m + col], "guarded: " + at);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everySubnormalIsNoticedF64AndInAnyBatch(CpuKernels kernels) {
        int n = PACKED[0][0];
        int k = PACKED[0][1];
        int m = PACKED[0][2];
        int batches = 3;
        long[][] offs = new long[batches][];
        for (int t = 0; t < batches; t++) {
            offs[t] = new long[] {(long) t * n * k, (long) t * k * m, (long) t * n * m};
        }
        for (int batch = 0; batch < batches; batch++) {
            for (boolean inA : new boolean[] {true, false}) {
                double[] a = new double[batches * n * k];
                double[] b = new double[batches * k * m];
                for (int p : new int[] {k - 2, k - 1}) {
                    a[batch * n * k + (n - 1) * k + p] = inA ? Double.MIN_VALUE : 0.5;
                    b[batch * k * m + p * m + m - 1] = inA ? 0.5 : Double.MIN_VALUE;
                }
                double[] guarded = new double[batches * n * m];
                double[] raw = new double[batches * n * m];
                SubnormalScaling.matmul(kernels, THREADS,
                        new GemmProblem(a, b, guarded, offs, k, 1, m, 1, m, 1, n, k, m));
                kernels.matmul(THREADS, new GemmProblem(a, b, raw, offs, k, 1, m, 1, m, 1, n, k, m));
                int at = batch * n * m + (n - 1) * m + m - 1;
                assertEquals(0.0, raw[at], "raw, batch " + batch + (inA ? " A" : " B"));
                assertEquals(Double.MIN_VALUE, guarded[at], "guarded, batch " + batch + (inA ? " A" : " B"));
            }
        }
    }
}
