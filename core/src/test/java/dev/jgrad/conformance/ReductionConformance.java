package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sum / mean / max / min along dims (negative dims, keepDim, rank-0 results), argmax, softmax and
 * logSoftmax along every dim: forward against double loops, backward against the hand-written VJPs.
 */
public abstract class ReductionConformance extends BackendTestBase {

    private static final long[] SHAPE = {2, 3, 4};

    /** Reduces {@code x} (row-major, {@code shape}) along {@code dim} with {@code op}, keepDim layout. */
    private static double[] reduceRef(double[] x, long[] shape, int dim, double init, DoubleBinaryOperator op) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dim; d++) {
            outer *= (int) shape[d];
        }
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        int n = (int) shape[dim];
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = init;
                for (int k = 0; k < n; k++) {
                    acc = op.applyAsDouble(acc, x[(o * n + k) * inner + i]);
                }
                out[o * inner + i] = acc;
            }
        }
        return out;
    }

    /** Index of the first maximal element along {@code dim}, keepDim layout. */
    private static int[] argmaxRef(double[] x, long[] shape, int dim) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < dim; d++) {
            outer *= (int) shape[d];
        }
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        int n = (int) shape[dim];
        int[] out = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                for (int k = 1; k < n; k++) {
                    if (x[(o * n + k) * inner + i] > x[(o * n + best) * inner + i]) {
                        best = k;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    private static long[] reducedShape(long[] shape, int dim, boolean keepDim) {
        long[] out = keepDim ? shape.clone() : new long[shape.length - 1];
        if (keepDim) {
            out[dim] = 1;
        } else {
            for (int d = 0, j = 0; d < shape.length; d++) {
                if (d != dim) {
                    out[j++] = shape[d];
                }
            }
        }
        return out;
    }

    private static double[] data(DType dt, long seed) {
        return sample(dt, (int) numel(SHAPE), seed, -2, 2);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sumAllIsRankZero(DType dt) {
        double[] v = data(dt, 1);
        Tensor s = tensor(dt, v, SHAPE).sum();
        assertShape(s);
        assertEquals(Arrays.stream(v).sum(), s.item(), 24 * tol(dt) * 4);
        Tensor m = tensor(dt, v, SHAPE).mean();
        assertShape(m);
        assertEquals(Arrays.stream(v).sum() / 24, m.item(), 24 * tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sumMeanMaxMinAlongEveryDimIncludingNegative(DType dt) {
        double[] v = data(dt, 2);
        for (int dim = -3; dim < 3; dim++) {
            int d = dim < 0 ? dim + 3 : dim;
            for (boolean keep : new boolean[] {false, true}) {
                Tensor x = tensor(dt, v, SHAPE);
                long[] expectShape = reducedShape(SHAPE, d, keep);
                double[] sum = reduceRef(v, SHAPE, d, 0, Double::sum);
                double[] mean = sum.clone();
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= SHAPE[d];
                }
                Tensor s = x.sum(dim, keep);
                assertShape(s, expectShape);
                assertClose(sum, s, 8 * tol(dt));
                Tensor m = x.mean(dim, keep);
                assertShape(m, expectShape);
                assertClose(mean, m, 8 * tol(dt));
                Tensor mx = x.max(dim, keep);
                assertShape(mx, expectShape);
                assertClose(reduceRef(v, SHAPE, d, Double.NEGATIVE_INFINITY, Math::max), mx, 0.0);
                Tensor mn = x.min(dim, keep);
                assertShape(mn, expectShape);
                assertClose(reduceRef(v, SHAPE, d, Double.POSITIVE_INFINITY, Math::min), mn, 0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void reductionsOfTransposedInput(DType dt) {
        double[] v = sample(dt, 15, 3, -2, 2);
        Tensor x = transposedInput(dt, v, 3, 5);
        long[] shape = {3, 5};
        for (int d = 0; d < 2; d++) {
            assertClose(reduceRef(v, shape, d, 0, Double::sum), x.sum(d, false), 8 * tol(dt));
            assertClose(reduceRef(v, shape, d, Double.NEGATIVE_INFINITY, Math::max), x.max(d, false), 0.0);
            int[] am = x.argmax(d).toIntArray();
            assertArrayEquals(argmaxRef(v, shape, d), am, "argmax of transposed input along " + d);
        }
        assertEquals(Arrays.stream(v).sum(), x.sum().item(), 15 * tol(dt) * 4);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sumOverSeveralDims(DType dt) {
        double[] v = data(dt, 4);
        // sum over dims {0, 2}: out[j] = Σ_{i,k} x[i][j][k]
        double[] expected = new double[3];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected[j] += v[(i * 3 + j) * 4 + k];
                }
            }
        }
        Tensor x = tensor(dt, v, SHAPE);
        Tensor s = x.sum(new int[] {0, -1}, false);
        assertShape(s, 3);
        assertClose(expected, s, 8 * tol(dt));
        assertShape(x.sum(new int[] {0, 2}, true), 1, 3, 1);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void reducingA1DTensorGivesRankZero(DType dt) {
        Tensor x = tensor(dt, new double[] {1, 5, 2}, 3);
        Tensor s = x.sum(0, false);
        assertShape(s);
        assertEquals(8.0, s.item(), 0.0);
        assertShape(x.max(0, false));
        assertEquals(5.0, x.max(0, false).item(), 0.0);
        assertShape(x.sum(0, true), 1);
        Tensor am = x.argmax(0);
        assertEquals(DType.I32, am.dtype());
        assertShape(am);
        assertArrayEquals(new int[] {1}, am.toIntArray());
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void argmaxIsI32AndPicksTheFirstMaximum(DType dt) {
        // ties: row 0 has 3 at columns 1 and 2 → 1; row 1 has 2 at columns 0 and 1 → 0
        Tensor x = tensor(dt, new double[] {1, 3, 3, 2, 2, 0}, 2, 3);
        Tensor am = x.argmax(1);
        assertEquals(DType.I32, am.dtype());
        assertShape(am, 2);
        assertArrayEquals(new int[] {1, 0}, am.toIntArray());
        assertArrayEquals(new int[] {1, 0, 0}, x.argmax(0).toIntArray());
        assertArrayEquals(new int[] {1, 0}, x.argmax(-1).toIntArray());
        double[] v = data(dt, 5);
        for (int d = 0; d < 3; d++) {
            assertArrayEquals(argmaxRef(v, SHAPE, d), tensor(dt, v, SHAPE).argmax(d).toIntArray(), "dim " + d);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void maxSendsGradientToTheFirstMaximalIndex(DType dt) {
        // x = [[1,3,3],[2,2,0]], max over dim 1 with upstream [10, 20]: row 0 → column 1, row 1 → column 0
        Tensor x = tensor(dt, new double[] {1, 3, 3, 2, 2, 0}, 2, 3).requiresGrad(true);
        Tensor m = x.max(1, false);
        assertClose(new double[] {3, 2}, m, 0.0);
        m.backward(tensor(dt, new double[] {10, 20}, 2));
        assertClose(new double[] {0, 10, 0, 20, 0, 0}, x.grad(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sumAndMeanBackwardBroadcastTheUpstreamGradient(DType dt) {
        double[] v = data(dt, 6);
        for (int dim = -3; dim < 3; dim++) {
            int d = dim < 0 ? dim + 3 : dim;
            for (boolean keep : new boolean[] {false, true}) {
                long[] outShape = reducedShape(SHAPE, d, keep);
                double[] g = sample(dt, (int) numel(outShape), 7 + d, -1, 1);
                // d(sum)/dx[..k..] = g[..] for every k along dim; mean divides by the dim's extent
                long[] keptShape = reducedShape(SHAPE, d, true);
                double[] expected = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    expected[i] = g[broadcastIndex(SHAPE, keptShape, i)];
                }
                Tensor x = tensor(dt, v, SHAPE).requiresGrad(true);
                x.sum(dim, keep).backward(tensor(dt, g, outShape));
                assertClose(expected, x.grad(), tol(dt));
                Tensor y = tensor(dt, v, SHAPE).requiresGrad(true);
                y.mean(dim, keep).backward(tensor(dt, g, outShape));
                double[] meanGrad = expected.clone();
                for (int i = 0; i < meanGrad.length; i++) {
                    meanGrad[i] /= SHAPE[d];
                }
                assertClose(meanGrad, y.grad(), tol(dt));
            }
        }
        Tensor z = tensor(dt, v, SHAPE).requiresGrad(true);
        z.mean().backward();
        assertClose(filled(24, 1.0 / 24), z.grad(), tol(dt));
    }

    /** Softmax along dim d, in double, with the max subtracted (the stable form). */
    private static double[] softmaxRef(double[] v, long[] shape, int d, boolean log) {
        double[] max = reduceRef(v, shape, d, Double.NEGATIVE_INFINITY, Math::max);
        long[] kept = reducedShape(shape, d, true);
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - max[broadcastIndex(shape, kept, i)]);
        }
        double[] z = reduceRef(e, shape, d, 0, Double::sum);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int k = broadcastIndex(shape, kept, i);
            out[i] = log ? v[i] - max[k] - Math.log(z[k]) : e[i] / z[k];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void softmaxAndLogSoftmaxAlongEveryDim(DType dt) {
        double[] v = data(dt, 8);
        for (int dim = -3; dim < 3; dim++) {
            int d = dim < 0 ? dim + 3 : dim;
            Tensor x = tensor(dt, v, SHAPE);
            Tensor s = x.softmax(dim);
            assertShape(s, SHAPE);
            assertClose(softmaxRef(v, SHAPE, d, false), s, 4 * tol(dt));
            Tensor ls = x.logSoftmax(dim);
            assertShape(ls, SHAPE);
            assertClose(softmaxRef(v, SHAPE, d, true), ls, 4 * tol(dt));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void softmaxOfTransposedInput(DType dt) {
        double[] v = sample(dt, 12, 9, -3, 3);
        long[] shape = {3, 4};
        for (int d = 0; d < 2; d++) {
            Tensor x = transposedInput(dt, v, 3, 4);
            assertClose(softmaxRef(v, shape, d, false), x.softmax(d), 4 * tol(dt));
            assertClose(softmaxRef(v, shape, d, true), x.logSoftmax(d), 4 * tol(dt));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void softmaxIsStableForLargeLogits(DType dt) {
        // softmax([1000, 1001]) = [1/(1+e), e/(1+e)]; naive exp overflows
        Tensor x = tensor(dt, new double[] {1000, 1001}, 2);
        double e = Math.E;
        assertClose(new double[] {1 / (1 + e), e / (1 + e)}, x.softmax(0), tol(dt));
        assertClose(new double[] {-Math.log1p(e), 1 - Math.log1p(e)}, x.logSoftmax(0), 10 * tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void softmaxAndLogSoftmaxBackward(DType dt) {
        double[] v = data(dt, 10);
        double[] g = sample(dt, 24, 11, -1, 1);
        for (int dim = -3; dim < 3; dim++) {
            int d = dim < 0 ? dim + 3 : dim;
            long[] kept = reducedShape(SHAPE, d, true);
            double[] s = softmaxRef(v, SHAPE, d, false);
            // softmax VJP: s ⊙ (g − Σ_dim g⊙s); logSoftmax VJP: g − s ⊙ Σ_dim g
            double[] gs = new double[24];
            for (int i = 0; i < 24; i++) {
                gs[i] = g[i] * s[i];
            }
            double[] sumGs = reduceRef(gs, SHAPE, d, 0, Double::sum);
            double[] sumG = reduceRef(g, SHAPE, d, 0, Double::sum);
            double[] softGrad = new double[24];
            double[] logGrad = new double[24];
            for (int i = 0; i < 24; i++) {
                int k = broadcastIndex(SHAPE, kept, i);
                softGrad[i] = s[i] * (g[i] - sumGs[k]);
                logGrad[i] = g[i] - s[i] * sumG[k];
            }
            Tensor x = tensor(dt, v, SHAPE).requiresGrad(true);
            x.softmax(dim).backward(tensor(dt, g, SHAPE));
            assertClose(softGrad, x.grad(), 8 * tol(dt));
            Tensor y = tensor(dt, v, SHAPE).requiresGrad(true);
            y.logSoftmax(dim).backward(tensor(dt, g, SHAPE));
            assertClose(logGrad, y.grad(), 8 * tol(dt));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void largeReductionsWithinTheSummationErrorBound(DType dt) {
        // |fl(Σx) − Σx| ≤ n·u·Σ|x| for any summation order; odd sizes cross block and thread splits
        int rows = 301;
        int cols = 2049;
        long[] shape = {rows, cols};
        double[] v = sample(dt, rows * cols, 601, -1, 1);
        double[] absV = Arrays.stream(v).map(Math::abs).toArray();
        for (Tensor x : new Tensor[] {tensor(dt, v, shape), transposedInput(dt, v, rows, cols)}) {
            for (int d = 0; d < 2; d++) {
                double[] expected = reduceRef(v, shape, d, 0, Double::sum);
                double[] abs = reduceRef(absV, shape, d, 0, Double::sum);
                double[] bound = new double[abs.length];
                for (int i = 0; i < abs.length; i++) {
                    bound[i] = 2 * shape[d] * unitRoundoff(dt) * abs[i] + Double.MIN_NORMAL;
                }
                assertWithin(expected, bound, x.sum(d, false));
                assertClose(reduceRef(v, shape, d, Double.NEGATIVE_INFINITY, Math::max), x.max(d, false), 0.0);
                assertArrayEquals(argmaxRef(v, shape, d), x.argmax(d).toIntArray());
            }
            double total = Arrays.stream(v).sum();
            double totalAbs = Arrays.stream(absV).sum();
            assertEquals(total, x.sum().item(), 2.0 * v.length * unitRoundoff(dt) * totalAbs);
            double[] sm = softmaxRef(v, shape, 1, false);
            assertClose(sm, x.softmax(1), 4 * tol(dt));
        }
    }

    @Test
    void reductionsAreDeterministic() {
        // fixed-order reductions: the same input gives bitwise the same sum every time
        Tensor x = Tensor.randn(5, DType.F32, 1000, 37);
        double first = x.sum().item();
        double[] firstRows = x.sum(1, false).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(first, x.sum().item(), 0.0);
            assertArrayEquals(firstRows, x.sum(1, false).toDoubleArray(), 0.0);
        }
        assertTrue(Double.isFinite(first));
    }
}
