package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * matmul with torch.matmul semantics: 2-D, batched with broadcast batch dims, 1-D operands
 * (vector·matrix, matrix·vector, dot), transposed operands; forward against a plain loop and both
 * VJPs against the same loop run backwards. Tolerances are the classic dot-product error bound
 * 2·k·u·Σ|a||b| per element, computed by the reference loop.
 */
public abstract class MatmulConformance extends BackendTestBase {

    /** The reference: output, per-element error bound, gradients of a and b for an upstream g. */
    private record Ref(long[] outShape, double[] out, double[] bound, double[] ga, double[] gb, double[] gaBound, double[] gbBound) {
    }

    /**
     * torch.matmul over flat row-major arrays: 1-D a is (1,k) with that dim dropped after, 1-D b is
     * (k,1) likewise; batch dims broadcast. Every output element is a k-term dot product; the
     * backward accumulates g·b into a and g·a into b through the same index maps.
     */
    private static Ref reference(DType dt, double[] a, long[] aShape, double[] b, long[] bShape, double[] g) {
        boolean aVec = aShape.length == 1;
        boolean bVec = bShape.length == 1;
        long[] a2 = aVec ? new long[] {1, aShape[0]} : aShape;
        long[] b2 = bVec ? new long[] {bShape[0], 1} : bShape;
        int n = (int) a2[a2.length - 2];
        int k = (int) a2[a2.length - 1];
        int m = (int) b2[b2.length - 1];
        assertEquals(k, b2[b2.length - 2], "test bug: inner dims");
        long[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        long[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        long[] batch = broadcastShape(aBatch, bBatch);
        int batches = (int) numel(batch);
        double[] out = new double[batches * n * m];
        double[] bound = new double[out.length];
        double[] ga = new double[a.length];
        double[] gb = new double[b.length];
        double[] gaAbs = new double[a.length];
        double[] gbAbs = new double[b.length];
        for (int bi = 0; bi < batches; bi++) {
            int aOff = broadcastIndex(batch, aBatch, bi) * n * k;
            int bOff = broadcastIndex(batch, bBatch, bi) * k * m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    int o = (bi * n + i) * m + j;
                    double s = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double av = a[aOff + i * k + p];
                        double bv = b[bOff + p * m + j];
                        s += av * bv;
                        abs += Math.abs(av * bv);
                        ga[aOff + i * k + p] += g[o] * bv;
                        gb[bOff + p * m + j] += g[o] * av;
                        gaAbs[aOff + i * k + p] += Math.abs(g[o] * bv);
                        gbAbs[bOff + p * m + j] += Math.abs(g[o] * av);
                    }
                    out[o] = s;
                    bound[o] = errorBound(dt, k, abs);
                }
            }
        }
        // a gradient element sums over the output elements it fed: up to batches·m (for a) terms
        for (int i = 0; i < ga.length; i++) {
            gaAbs[i] = errorBound(dt, batches * m + k, gaAbs[i]);
        }
        for (int i = 0; i < gb.length; i++) {
            gbAbs[i] = errorBound(dt, batches * n + k, gbAbs[i]);
        }
        long[] outShape = batchedOutShape(batch, n, m, aVec, bVec);
        return new Ref(outShape, out, bound, ga, gb, gaAbs, gbAbs);
    }

    private static long[] batchedOutShape(long[] batch, int n, int m, boolean aVec, boolean bVec) {
        long[] out = Arrays.copyOf(batch, batch.length + (aVec ? 0 : 1) + (bVec ? 0 : 1));
        int at = batch.length;
        if (!aVec) {
            out[at++] = n;
        }
        if (!bVec) {
            out[at] = m;
        }
        return out;
    }

    /** |fl(Σ) − Σ| ≤ γ_k·Σ|terms| with γ_k ≈ k·u; doubled for slack, plus a tiny floor for all-zero sums. */
    private static double errorBound(DType dt, int k, double absSum) {
        return 2.0 * k * unitRoundoff(dt) * absSum + Double.MIN_NORMAL;
    }

    /** Runs forward and backward for one case and checks all three results. */
    private static void check(DType dt, long[] aShape, long[] bShape, boolean aTransposed, boolean bTransposed, long seed) {
        double[] av = sample(dt, (int) numel(aShape), seed, -1, 1);
        double[] bv = sample(dt, (int) numel(bShape), seed + 1, -1, 1);
        Tensor aLeaf = leaf(dt, av, aShape, aTransposed);
        Tensor bLeaf = leaf(dt, bv, bShape, bTransposed);
        Tensor a = aTransposed ? aLeaf.transpose() : aLeaf;
        Tensor b = bTransposed ? bLeaf.transpose() : bLeaf;
        Tensor y = a.matmul(b);
        // g is only known after the output shape; compute the forward reference first with g = 0
        Ref shapeOnly = reference(dt, av, aShape, bv, bShape, new double[(int) numel(broadcastOut(aShape, bShape))]);
        double[] g = sample(dt, shapeOnly.out().length, seed + 2, -1, 1);
        Ref r = reference(dt, av, aShape, bv, bShape, g);
        String what = Arrays.toString(aShape) + (aTransposed ? "(T)" : "") + " x " + Arrays.toString(bShape) + (bTransposed ? "(T)" : "");
        assertEquals(dt, y.dtype(), what);
        assertShape(y, r.outShape());
        assertWithin(r.out(), r.bound(), y);
        y.backward(tensor(dt, g, r.outShape()));
        assertShape(aLeaf.grad(), aLeaf.shape());
        assertShape(bLeaf.grad(), bLeaf.shape());
        assertWithin(maybeT(r.ga(), aShape, aTransposed), maybeT(r.gaBound(), aShape, aTransposed), aLeaf.grad());
        assertWithin(maybeT(r.gb(), bShape, bTransposed), maybeT(r.gbBound(), bShape, bTransposed), bLeaf.grad());
    }

    private static long[] broadcastOut(long[] aShape, long[] bShape) {
        long[] a2 = aShape.length == 1 ? new long[] {1, aShape[0]} : aShape;
        long[] b2 = bShape.length == 1 ? new long[] {bShape[0], 1} : bShape;
        long[] batch = broadcastShape(Arrays.copyOf(a2, a2.length - 2), Arrays.copyOf(b2, b2.length - 2));
        return batchedOutShape(batch, (int) a2[a2.length - 2], (int) b2[b2.length - 1], aShape.length == 1, bShape.length == 1);
    }

    /** A leaf holding logical {@code v}; when transposed, the leaf stores the last two dims swapped. */
    private static Tensor leaf(DType dt, double[] v, long[] shape, boolean transposed) {
        if (!transposed) {
            return tensor(dt, v, shape).requiresGrad(true);
        }
        long[] stored = shape.clone();
        int r = shape.length;
        stored[r - 2] = shape[r - 1];
        stored[r - 1] = shape[r - 2];
        return tensor(dt, swapLast(v, shape), stored).requiresGrad(true);
    }

    /** Swaps the last two dims of a row-major array of {@code shape}. */
    private static double[] swapLast(double[] v, long[] shape) {
        int r = shape.length;
        int rows = (int) shape[r - 2];
        int cols = (int) shape[r - 1];
        int mats = v.length / (rows * cols);
        double[] out = new double[v.length];
        for (int b = 0; b < mats; b++) {
            double[] t = transposeRef(Arrays.copyOfRange(v, b * rows * cols, (b + 1) * rows * cols), rows, cols);
            System.arraycopy(t, 0, out, b * rows * cols, rows * cols);
        }
        return out;
    }

    private static double[] maybeT(double[] v, long[] shape, boolean transposed) {
        return transposed ? swapLast(v, shape) : v;
    }

    private static long[] s(long... dims) {
        return dims;
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void twoDimensional(DType dt) {
        check(dt, s(3, 5), s(5, 4), false, false, 1);
        check(dt, s(1, 1), s(1, 1), false, false, 2);
        check(dt, s(1, 7), s(7, 1), false, false, 3);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void transposedOperands(DType dt) {
        check(dt, s(3, 5), s(5, 4), true, false, 4);
        check(dt, s(3, 5), s(5, 4), false, true, 5);
        check(dt, s(3, 5), s(5, 4), true, true, 6);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void largerThanABlock(DType dt) {
        // odd sizes past typical cache-block and thread-split boundaries
        check(dt, s(67, 130), s(130, 71), false, false, 7);
        check(dt, s(67, 130), s(130, 71), true, true, 8);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void batched(DType dt) {
        check(dt, s(2, 3, 5), s(2, 5, 4), false, false, 9);
        check(dt, s(2, 3, 5), s(2, 5, 4), true, true, 10);
        check(dt, s(2, 3, 5), s(5, 4), false, false, 11);      // a batch against one matrix
        check(dt, s(3, 5), s(2, 5, 4), false, true, 12);       // one matrix against a batch
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void batchDimsBroadcast(DType dt) {
        check(dt, s(2, 1, 3, 5), s(3, 5, 4), false, false, 13);   // → (2,3,3,4)
        check(dt, s(1, 3, 3, 5), s(2, 1, 5, 4), true, false, 14); // → (2,3,3,4)
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void oneDimensionalOperands(DType dt) {
        check(dt, s(5), s(5, 4), false, false, 15);       // vector·matrix → (4)
        check(dt, s(3, 5), s(5), false, false, 16);       // matrix·vector → (3)
        check(dt, s(5), s(5), false, false, 17);          // dot → rank 0
        check(dt, s(5), s(2, 5, 4), false, false, 18);    // vector·batch → (2,4)
        check(dt, s(2, 3, 5), s(5), false, false, 19);    // batch·vector → (2,3)
        check(dt, s(3, 5), s(5), true, false, 20);        // transposed matrix·vector
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void dotIsRankZero(DType dt) {
        // [1,2,3]·[4,5,6] = 32
        Tensor d = tensor(dt, new double[] {1, 2, 3}, 3).matmul(tensor(dt, new double[] {4, 5, 6}, 3));
        assertShape(d);
        assertEquals(32.0, d.item(), 0.0);
    }
}
