package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.ReduceOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link CpuKernels} (loaded reflectively by {@link KernelChoice}; needs
 * {@code --add-modules jdk.incubator.vector}). Vector shapes are {@code SPECIES_PREFERRED}: 512-bit on
 * AVX-512 machines, 256-bit on AVX2.
 */
final class SimdKernels implements CpuKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** The integer views of F and D (same shape). */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    /** Bits of the largest subnormal float and double. */
    private static final int FLOAT_MANTISSA = 0x007fffff;
    private static final long DOUBLE_MANTISSA = 0x000fffffffffffffL;

    /** Public no-arg constructor for {@link KernelChoice}'s reflective load. */
    public SimdKernels() {
        if (F.length() < 4 || LANES % D.length() != 0) {
            throw new IllegalStateException("cpu SIMD kernels: vector shape " + F + " is too narrow to help");
        }
    }

    @Override
    public boolean vectorized() {
        return true;
    }

    @Override
    public String description() {
        return "SIMD kernels (Vector API, " + F.vectorBitSize() + "-bit: " + F.length() + " floats / "
                + D.length() + " doubles per vector, GEMM register block " + SimdGemmF32.MR + "x" + SimdGemmF32.NR + ")";
    }

    @Override
    public void matmul(CpuThreads threads, GemmProblem p) {
        SimdGemm.run(threads, p, false);
    }

    /** The packed GEMM looks for subnormals in its packed copies: no pass over A and B of its own. */
    @Override
    public boolean matmulScreened(CpuThreads threads, GemmProblem p) {
        return SimdGemm.packs(p) && SimdGemm.run(threads, p, true);
    }

    /*
     * The two scans below read the numbers' bits (masked to |x|) as integers: no mask registers and no branch
     * in the loop, so they run at cache bandwidth (100K floats in L2: 6.3 µs, against 9.2 µs comparing floats
     * and testing a mask per vector). Subnormal ⇔ 1 ≤ bits(|x|) ≤ the largest mantissa ⇔ bits(|x|) − 1, as an
     * unsigned number, is below it; flipping the sign bit turns that unsigned order into the signed one min uses.
     * Non-negative floats order like their bits, so max(bits(|x|)) is max|x|, and NaN's bits beat infinity's.
     */

    @Override
    public boolean hasSubnormal(Object x, int off, int len) {
        return anySubnormal(x, off, len);
    }

    /** {@link #hasSubnormal}, for the GEMM's packing, which looks at its copies of A and B. */
    static boolean anySubnormal(Object x, int off, int len) {
        int i = 0;
        if (x instanceof float[] f) {
            IntVector acc = IntVector.broadcast(I, Integer.MAX_VALUE);
            for (int bound = F.loopBound(len); i < bound; i += F.length()) {
                IntVector abs = FloatVector.fromArray(F, f, off + i).reinterpretAsInts().and(Integer.MAX_VALUE);
                acc = acc.min(abs.sub(1).lanewise(VectorOperators.XOR, Integer.MIN_VALUE));
            }
            boolean found = acc.reduceLanes(VectorOperators.MIN) < (FLOAT_MANTISSA ^ Integer.MIN_VALUE);
            for (; i < len && !found; i++) {
                found = Math.abs(f[off + i]) < Float.MIN_NORMAL && f[off + i] != 0;
            }
            return found;
        }
        double[] d = (double[]) x;
        LongVector acc = LongVector.broadcast(L, Long.MAX_VALUE);
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            LongVector abs = DoubleVector.fromArray(D, d, off + i).reinterpretAsLongs().and(Long.MAX_VALUE);
            acc = acc.min(abs.sub(1).lanewise(VectorOperators.XOR, Long.MIN_VALUE));
        }
        boolean found = acc.reduceLanes(VectorOperators.MIN) < (DOUBLE_MANTISSA ^ Long.MIN_VALUE);
        for (; i < len && !found; i++) {
            found = Math.abs(d[off + i]) < Double.MIN_NORMAL && d[off + i] != 0;
        }
        return found;
    }

    @Override
    public double maxAbs(Object x, int off, int len) {
        int i = 0;
        if (x instanceof float[] f) {
            IntVector acc = IntVector.zero(I);
            for (int bound = F.loopBound(len); i < bound; i += F.length()) {
                acc = acc.max(FloatVector.fromArray(F, f, off + i).reinterpretAsInts().and(Integer.MAX_VALUE));
            }
            int bits = acc.reduceLanes(VectorOperators.MAX);
            for (; i < len; i++) {
                bits = Math.max(bits, Float.floatToRawIntBits(f[off + i]) & Integer.MAX_VALUE);
            }
            return Float.intBitsToFloat(bits);
        }
        double[] d = (double[]) x;
        LongVector acc = LongVector.zero(L);
        for (int bound = D.loopBound(len); i < bound; i += D.length()) {
            acc = acc.max(DoubleVector.fromArray(D, d, off + i).reinterpretAsLongs().and(Long.MAX_VALUE));
        }
        long bits = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            bits = Math.max(bits, Double.doubleToRawLongBits(d[off + i]) & Long.MAX_VALUE);
        }
        return Double.longBitsToDouble(bits);
    }

    @Override
    public boolean unaryF32(dev.jgrad.spi.UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        return SimdElementwise.unaryF32(op, p, x, xo, y, yo, n);
    }

    @Override
    public boolean binary(BinaryOp op, Object a, int ao, Object b, int bo, Object y, int yo, int n) {
        if (y instanceof float[] yf) {
            return SimdElementwise.f32(op, (float[]) a, ao, (float[]) b, bo, yf, yo, n);
        }
        if (y instanceof double[] yd) {
            return SimdElementwise.f64(op, (double[]) a, ao, (double[]) b, bo, yd, yo, n);
        }
        return false;
    }

    @Override
    public void addLanes(double[] x, int xo, int n, double[] lanes, int phase) {
        int i = 0;
        for (; i < n && ((phase + i) & (LANES - 1)) != 0; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
        int body = i + (n - i) / LANES * LANES;
        if (D.length() == LANES) {
            DoubleVector acc = DoubleVector.fromArray(D, lanes, 0);
            for (; i < body; i += LANES) {
                acc = acc.add(DoubleVector.fromArray(D, x, xo + i));
            }
            acc.intoArray(lanes, 0);
        } else {
            // narrower vectors: LANES / D.length() of them side by side, each lane still summed in element order
            for (int v = 0; v < LANES; v += D.length()) {
                DoubleVector acc = DoubleVector.fromArray(D, lanes, v);
                for (int j = i + v; j < body; j += LANES) {
                    acc = acc.add(DoubleVector.fromArray(D, x, xo + j));
                }
                acc.intoArray(lanes, v);
            }
            i = body;
        }
        for (; i < n; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
    }

    @Override
    public void addLanes(float[] x, int xo, int n, double[] lanes, int phase) {
        ScalarKernels.INSTANCE.addLanes(x, xo, n, lanes, phase);
    }

    @Override
    public void foldInto(ReduceOp op, Object x, int xo, int n, double[] acc, int ao) {
        int i = 0;
        if (x instanceof float[] f) {
            // each step widens the low half of a float vector; the last one must still load a whole float vector
            for (int end = n - F.length() + 1; i < end; i += D.length()) {
                DoubleVector v = SimdElementwise.widen(FloatVector.fromArray(F, f, xo + i));
                fold(op, DoubleVector.fromArray(D, acc, ao + i), v).intoArray(acc, ao + i);
            }
        } else {
            double[] d = (double[]) x;
            for (int bound = D.loopBound(n); i < bound; i += D.length()) {
                fold(op, DoubleVector.fromArray(D, acc, ao + i), DoubleVector.fromArray(D, d, xo + i))
                        .intoArray(acc, ao + i);
            }
        }
        CpuKernels.super.foldInto(op, x, xo + i, n - i, acc, ao + i);
    }

    /** a op b lane by lane: the Vector API's max and min are Math.max and Math.min. */
    private static DoubleVector fold(ReduceOp op, DoubleVector a, DoubleVector b) {
        return switch (op) {
            case SUM -> a.add(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
        };
    }

    @Override
    public double foldRun(ReduceOp op, Object x, int xo, int n, double a) {
        int i = 0;
        if (x instanceof float[] f) {
            // max and min of floats are exact, so over the floats, widened once at the end
            int bound = F.loopBound(n);
            if (bound > 0) {
                FloatVector m = FloatVector.fromArray(F, f, xo);
                for (i = F.length(); i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, f, xo + i);
                    m = op == ReduceOp.MAX ? m.max(v) : m.min(v);
                }
                double r = m.reduceLanes(op == ReduceOp.MAX ? VectorOperators.MAX : VectorOperators.MIN);
                a = op == ReduceOp.MAX ? Math.max(a, r) : Math.min(a, r);
            }
        } else {
            double[] d = (double[]) x;
            int bound = D.loopBound(n);
            if (bound > 0) {
                DoubleVector m = DoubleVector.fromArray(D, d, xo);
                for (i = D.length(); i < bound; i += D.length()) {
                    DoubleVector v = DoubleVector.fromArray(D, d, xo + i);
                    m = op == ReduceOp.MAX ? m.max(v) : m.min(v);
                }
                double r = m.reduceLanes(op == ReduceOp.MAX ? VectorOperators.MAX : VectorOperators.MIN);
                a = op == ReduceOp.MAX ? Math.max(a, r) : Math.min(a, r);
            }
        }
        return CpuKernels.super.foldRun(op, x, xo + i, n - i, a);
    }

    /**
     * Two passes instead of a compare-and-branch per element: the maximum (foldRun: NaN if there is one), then the
     * first element equal to it (or the first NaN). A tie between −0 and +0 goes to the first of them, as in the
     * scalar loop, where neither is greater than the other.
     */
    @Override
    public int argmaxRun(Object x, int off, int len) {
        double max = foldRun(ReduceOp.MAX, x, off, len, Double.NEGATIVE_INFINITY);
        boolean nan = Double.isNaN(max);
        int j = 0;
        if (x instanceof float[] f) {
            FloatVector m = FloatVector.broadcast(F, (float) max);
            for (int bound = F.loopBound(len); j < bound; j += F.length()) {
                FloatVector v = FloatVector.fromArray(F, f, off + j);
                int at = (nan ? v.compare(VectorOperators.NE, v) : v.compare(VectorOperators.EQ, m)).firstTrue();
                if (at < F.length()) {
                    return j + at;
                }
            }
        } else {
            double[] d = (double[]) x;
            DoubleVector m = DoubleVector.broadcast(D, max);
            for (int bound = D.loopBound(len); j < bound; j += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, d, off + j);
                int at = (nan ? v.compare(VectorOperators.NE, v) : v.compare(VectorOperators.EQ, m)).firstTrue();
                if (at < D.length()) {
                    return j + at;
                }
            }
        }
        for (; j < len; j++) {
            double v = x instanceof float[] f ? f[off + j] : ((double[]) x)[off + j];
            if (nan ? v != v : v == max) {
                return j;
            }
        }
        throw new IllegalStateException("cpu argmax: no element equals the maximum " + max);
    }

    /**
     * The steps of {@link #softmaxRow} over the widened row, reading the floats and writing the rounded results
     * directly: measured on a 1024×1024 softmax (one core), widening into the double row took 406 µs and rounding
     * back 265 µs of about 2.6 ms. Vector steps load a whole float vector (its low half is the step's D.length()
     * elements), so the last steps of the vector range, whose load would run past the row, widen through
     * {@code row}; the results are the same bits as softmaxRow's (same operations in the same order).
     */
    @Override
    public boolean softmaxRowF32(float[] x, int xo, float[] y, int yo, int len, double[] row, boolean log) {
        int bound = D.loopBound(len);
        // steps below this load and store whole float vectors in the row (at most bound, as F = 2·D)
        int whole = len - F.length() + 1;
        if (whole <= 0 || F.length() != 2 * D.length()) {
            return false;   // a row shorter than a float vector: no faster than softmaxRow (measured on 64×10)
        }
        double max = foldRun(ReduceOp.MAX, x, xo, len, Double.NEGATIVE_INFINITY);   // exact: the floats' max
        DoubleVector shift = DoubleVector.broadcast(D, max);
        DoubleVector sv = DoubleVector.zero(D);
        int j;
        for (j = 0; j < bound; j += D.length()) {
            DoubleVector e = widened(x, xo, j, whole, row).sub(shift).lanewise(VectorOperators.EXP);
            if (!log) {
                e.intoArray(row, j);
            }
            sv = sv.add(e);
        }
        double sum = 0.0;
        for (int l = 0; l < D.length(); l++) {
            sum += sv.lane(l);       // fixed lane order, as softmaxRow
        }
        for (; j < len; j++) {
            double e = Math.exp(x[xo + j] - max);
            if (!log) {
                row[j] = e;
            }
            sum += e;
        }
        if (log) {
            double logSum = Math.log(sum);
            DoubleVector sub = DoubleVector.broadcast(D, logSum);
            for (j = 0; j < whole; j += D.length()) {
                FloatVector v = FloatVector.fromArray(F, x, xo + j);
                // the store's high half is x's own values: harmless even when y is x
                SimdElementwise.narrow(SimdElementwise.widen(v).sub(shift).sub(sub), v).intoArray(y, yo + j);
            }
            for (; j < len; j++) {
                y[yo + j] = (float) ((x[xo + j] - max) - logSum);
            }
        } else {
            DoubleVector s = DoubleVector.broadcast(D, sum);
            for (j = 0; j < whole; j += D.length()) {
                // the high half stored is zeros, overwritten by the next step (x is no longer read)
                ((FloatVector) DoubleVector.fromArray(D, row, j).div(s).convertShape(VectorOperators.D2F, F, 0))
                        .intoArray(y, yo + j);
            }
            for (; j < len; j++) {
                y[yo + j] = (float) (row[j] / sum);
            }
        }
        return true;
    }

    /** Elements [j, j + D.length()) of the float row at xo, widened: from a float vector, or via row near its end. */
    private static DoubleVector widened(float[] x, int xo, int j, int whole, double[] row) {
        if (j < whole) {
            return SimdElementwise.widen(FloatVector.fromArray(F, x, xo + j));
        }
        for (int l = 0; l < D.length(); l++) {
            row[j + l] = x[xo + j + l];
        }
        return DoubleVector.fromArray(D, row, j);
    }

    @Override
    public void softmaxRow(double[] row, int len, boolean log) {
        int bound = D.loopBound(len);
        if (bound == 0) {
            SoftmaxKernel.softmaxRow(row, len, log);
            return;
        }
        DoubleVector mv = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += D.length()) {
            mv = mv.max(DoubleVector.fromArray(D, row, j));   // Math.max semantics: NaN propagates
        }
        double max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < len; j++) {
            max = Math.max(max, row[j]);
        }
        DoubleVector shift = DoubleVector.broadcast(D, max);
        DoubleVector sv = DoubleVector.zero(D);
        for (j = 0; j < bound; j += D.length()) {
            DoubleVector e = DoubleVector.fromArray(D, row, j).sub(shift).lanewise(VectorOperators.EXP);
            if (!log) {
                e.intoArray(row, j);
            }
            sv = sv.add(e);
        }
        double sum = 0.0;
        for (int l = 0; l < D.length(); l++) {
            sum += sv.lane(l);       // fixed lane order: the result does not depend on threads
        }
        for (; j < len; j++) {
            double e = Math.exp(row[j] - max);
            if (!log) {
                row[j] = e;
            }
            sum += e;
        }
        if (log) {
            DoubleVector sub = DoubleVector.broadcast(D, Math.log(sum));
            for (j = 0; j < bound; j += D.length()) {
                DoubleVector.fromArray(D, row, j).sub(shift).sub(sub).intoArray(row, j);
            }
            double logSum = Math.log(sum);
            for (; j < len; j++) {
                row[j] = (row[j] - max) - logSum;
            }
        } else {
            DoubleVector s = DoubleVector.broadcast(D, sum);
            for (j = 0; j < bound; j += D.length()) {
                DoubleVector.fromArray(D, row, j).div(s).intoArray(row, j);
            }
            for (; j < len; j++) {
                row[j] = row[j] / sum;
            }
        }
    }
}
