package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.ReduceOp;

/**
 * The hot loops that have a Vector API implementation. {@link ScalarKernels} is plain Java (runs everywhere);
 * {@code SimdKernels} (source root {@code src/main/java-simd}, compiled with {@code jdk.incubator.vector})
 * is loaded reflectively by {@link KernelChoice} only when that module is readable, so nothing else in this
 * package may reference it.
 *
 * <p>Both implementations follow the same accumulation order wherever the order shows in the result:
 * reductions use {@link #LANES} interleaved partial sums per {@link #CHUNK}, GEMM accumulates each C element
 * in increasing p (SIMD: one fused multiply-add per term; scalar: multiply then add).
 */
interface CpuKernels {
    /** Interleaved partial sums of a reduction chunk: element i of a chunk goes to lane {@code i % LANES}. */
    int LANES = 8;
    /** Reduced elements per deterministic reduction chunk (a multiple of {@link #LANES}). */
    int CHUNK = 1 << 14;

    /** True for the Vector API implementation. */
    boolean vectorized();

    /** One line for logs and benchmark reports. */
    String description();

    /** The whole batched product; see {@link GemmProblem}. */
    void matmul(CpuThreads threads, GemmProblem p);

    /**
     * The whole product, for an implementation that looks for subnormal numbers in the copies of A and B it makes
     * anyway: true when it computed C having found none; false when it found one (C's contents are then
     * unspecified) or does not look at this product (nothing computed). On false {@link SubnormalScaling} scans
     * the operands itself. This default never looks.
     */
    default boolean matmulScreened(CpuThreads threads, GemmProblem p) {
        return false;
    }

    /** Whether {@code x[off, off+len)} ({@code float[]} or {@code double[]}) holds a subnormal number. */
    boolean hasSubnormal(Object x, int off, int len);

    /** The largest |x[i]| over {@code [off, off+len)} (0 if empty; NaN if any is NaN). */
    double maxAbs(Object x, int off, int len);

    /**
     * Contiguous F32/F64 binary op ({@code y[yo+i] = a[ao+i] op b[bo+i]}); returns false (nothing written)
     * when this implementation has no special loop for it, so the caller runs {@link BinaryKernels}.
     */
    boolean binary(BinaryOp op, Object a, int ao, Object b, int bo, Object y, int yo, int n);

    /**
     * Contiguous F32 unary op for the ops whose scalar loop branches on the data (relu, the x &gt; p mask) or
     * computes in double (transcendentals, arithmetic with a parameter that is not a float): returns false
     * (nothing written) where there is no faster version than {@link UnaryKernels}. Transcendental results may
     * differ from {@link UnaryKernels}' by one float ulp on rare inputs (another exp/log/tanh in the last double bit).
     */
    boolean unaryF32(dev.jgrad.spi.UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n);


    /** {@code lanes[(phase + i) % LANES] += x[xo + i]} for i in [0, n): a reduction chunk's partial sums. */
    void addLanes(double[] x, int xo, int n, double[] lanes, int phase);

    /** The same for float input, each element widened to double first. */
    void addLanes(float[] x, int xo, int n, double[] lanes, int phase);

    /**
     * {@code acc[ao + i] = op(acc[ao + i], x[xo + i])} for i in [0, n), x a {@code float[]} (each element widened to
     * double first) or a {@code double[]}: one reduced row's step of a column reduction (see {@link Reductions}).
     * SUM is one double addition per element, MAX / MIN are {@link Math#max} / {@link Math#min}, so any
     * implementation gives the same bits.
     */
    default void foldInto(ReduceOp op, Object x, int xo, int n, double[] acc, int ao) {
        for (int i = 0; i < n; i++) {
            double v = x instanceof float[] f ? f[xo + i] : ((double[]) x)[xo + i];
            acc[ao + i] = switch (op) {
                case SUM -> acc[ao + i] + v;
                case MAX -> Math.max(acc[ao + i], v);
                case MIN -> Math.min(acc[ao + i], v);
            };
        }
    }

    /**
     * {@code a} folded with x[xo, xo+n) by MAX or MIN ({@link Math#max} / {@link Math#min}: NaN wins, −0 is below +0),
     * whose result does not depend on the order, so an implementation may take the elements in any order.
     */
    default double foldRun(ReduceOp op, Object x, int xo, int n, double a) {
        for (int i = 0; i < n; i++) {
            double v = x instanceof float[] f ? f[xo + i] : ((double[]) x)[xo + i];
            a = op == ReduceOp.MAX ? Math.max(a, v) : Math.min(a, v);
        }
        return a;
    }

    /**
     * The first index of the maximum of the contiguous run x[off, off+len) ({@code float[]} or {@code double[]},
     * len ≥ 1), the first NaN winning over any number (see {@link IndexKernels#argmax}).
     */
    default int argmaxRun(Object x, int off, int len) {
        return x instanceof float[] f ? IndexKernels.argmaxF32(f, off, 1, len)
                : IndexKernels.argmaxF64((double[]) x, off, 1, len);
    }

    /** Replaces {@code row[0..len)} by its softmax or log-softmax, computed in double. */
    void softmaxRow(double[] row, int len, boolean log);

    /**
     * {@link #softmaxRow} of the contiguous F32 row {@code x[xo, xo+len)} into {@code y[yo, ...)}, with {@code row}
     * (at least len doubles) as scratch: the same bits as widening the row into {@code row}, calling softmaxRow and
     * rounding back, without those two scalar passes. Returns false (nothing written) where there is no such loop.
     */
    default boolean softmaxRowF32(float[] x, int xo, float[] y, int yo, int len, double[] row, boolean log) {
        return false;
    }

    /** The fixed tree that folds a chunk's lanes: ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)). */
    static double foldLanes(double[] l) {
        return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    }
}
