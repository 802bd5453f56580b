package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Contiguous elementwise loops on the Vector API: one loop per op with the operator fixed, so each compiles to
 * straight vector code. Binary results equal {@link BinaryKernels} bit for bit (IEEE +, −, ×, ÷ are lane-wise
 * exact); unary ones equal {@link UnaryKernels} except as {@link #inDoubleLanes} says.
 */
final class SimdElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private SimdElementwise() {
    }

    static boolean f32(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            // the Vector API's max and min are Math.max and Math.min lane by lane: NaN wins, −0 is below +0
            case MAXIMUM -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case MINIMUM -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, a, ao + i).min(FloatVector.fromArray(F, b, bo + i)).intoArray(y, yo + i);
                }
            }
            default -> {
                return false;
            }
        }
        if (i < n) {
            BinaryKernels.f32(op, a, ao + i, b, bo + i, y, yo + i, n - i);
        }
        return true;
    }

    /**
     * relu and the x &gt; p mask without branches (a compare and a blend per vector): the scalar loops branch on
     * the sign of the data, which random activations mispredict about half the time. Same results as
     * {@link UnaryKernels}: NaN &gt; 0 is false, so relu(NaN) = 0, and relu(−0) = +0. The mask needs p to be a float
     * (then float and double comparisons agree). The ops whose reference is computed in double run in double
     * lanes ({@link #inDoubleLanes}).
     */
    static boolean unaryF32(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        switch (op) {
            case RELU -> {
                for (; i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
                }
            }
            case GT_SCALAR -> {
                if ((float) p != p) {
                    return false;
                }
                FloatVector one = FloatVector.broadcast(F, 1f);
                float pf = (float) p;
                for (; i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    zero.blend(one, v.compare(VectorOperators.GT, pf)).intoArray(y, yo + i);
                }
            }
            // correctly rounded in float lanes, so the scalar loops' bits ((float) Math.sqrt of the widened x, and
            // 1f / x), which C2 left scalar (measured, 1024×1024 on 2 cores: 443 and 434 µs against 209 for square)
            case SQRT -> {
                for (; i < bound; i += F.length()) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(VectorOperators.SQRT).intoArray(y, yo + i);
                }
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < bound; i += F.length()) {
                    one.div(FloatVector.fromArray(F, x, xo + i)).intoArray(y, yo + i);
                }
            }
            default -> {
                i = inDoubleLanes(op, p, x, xo, y, yo, n);
                if (i < 0) {
                    return false;
                }
            }
        }
        if (i < n) {
            UnaryKernels.f32(op, p, x, xo + i, y, yo + i, n - i);
        }
        return true;
    }

    /**
     * The F32 ops whose reference is {@code (float) f((double) x)}, computed exactly that way in double lanes:
     * each step widens the low half of a float vector in registers to one double vector, transforms it and rounds
     * it back. Arithmetic gives the reference's bits. The transcendentals use the Vector API's exp, log, tanh,
     * log1p, expm1 and pow, which differ from {@link Math}'s in the last double bit on a few percent of inputs; rounded
     * to float that almost never shows, and then as a 1-ulp difference. Scalar arithmetic with a float parameter
     * is left to {@link UnaryKernels}' float loops, which are exact and already vectorised.
     *
     * <p>No float vector of another shape is used for the conversion (a half-width FloatVector would be
     * intrinsified): measured, a second float species in the process made the GEMM kernels' Vector API calls fall
     * back to boxed Java code (the lecture net's step 8× slower). {@code convertShape(F2D, D, 0)} and back stay
     * within the preferred species; the high half is not taken with part 1, whose slice costs a lane shuffle and
     * enough compiler nodes that, measured, a dispatcher inlining two loops hit C2's node cutoff and fell back to
     * boxed vectors. Each op has its own loop, called through {@link #LOOPS} (an interface call, so the loops are
     * compiled one by one, not inlined together), because {@code lanewise} compiles to vector code only when the
     * operator is a constant at the call. Returns the number of elements done, or −1 where this op has no
     * double-lane loop.
     */
    private static int inDoubleLanes(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        DoubleLaneLoop loop = LOOPS[op.ordinal()];
        boolean floatLoopsExact = switch (op) {
            case ADD_SCALAR, MUL_SCALAR, DIV_SCALAR, RDIV_SCALAR, LEAKY_RELU -> (float) p == p;
            default -> false;
        };
        if (loop == null || floatLoopsExact || F.length() != 2 * D.length()) {
            return -1;
        }
        return loop.run(p, x, xo, y, yo, n);
    }

    /**
     * One op over {@code x[xo, xo+n)} into {@code y[yo, ...)}, one double vector's worth of elements a step.
     * Each step stores a whole float vector: the results in the low half and the step's own inputs in the high
     * half, which the next step overwrites with results. So the loop stops a float vector short of n (the
     * caller's scalar tail finishes), never writes outside {@code y[yo, yo+n)}, and in place (x = y at the same
     * offset) the high half rewrites the inputs it read. Returns the number of elements done.
     */
    private interface DoubleLaneLoop {
        int run(double p, float[] x, int xo, float[] y, int yo, int n);
    }

    private static final DoubleLaneLoop[] LOOPS = loops();

    private static DoubleLaneLoop[] loops() {
        DoubleLaneLoop[] loops = new DoubleLaneLoop[UnaryOp.values().length];
        loops[UnaryOp.ADD_SCALAR.ordinal()] = SimdElementwise::addScalar;
        loops[UnaryOp.MUL_SCALAR.ordinal()] = SimdElementwise::mulScalar;
        loops[UnaryOp.DIV_SCALAR.ordinal()] = SimdElementwise::divScalar;
        loops[UnaryOp.RDIV_SCALAR.ordinal()] = SimdElementwise::rdivScalar;
        loops[UnaryOp.LEAKY_RELU.ordinal()] = SimdElementwise::leakyRelu;
        loops[UnaryOp.ELU.ordinal()] = SimdElementwise::elu;
        loops[UnaryOp.EXP.ordinal()] = (p, x, xo, y, yo, n) -> exp(x, xo, y, yo, n);
        loops[UnaryOp.LOG.ordinal()] = (p, x, xo, y, yo, n) -> log(x, xo, y, yo, n);
        loops[UnaryOp.TANH.ordinal()] = (p, x, xo, y, yo, n) -> tanh(x, xo, y, yo, n);
        loops[UnaryOp.SIGMOID.ordinal()] = (p, x, xo, y, yo, n) -> sigmoid(x, xo, y, yo, n);
        loops[UnaryOp.SOFTPLUS.ordinal()] = (p, x, xo, y, yo, n) -> softplus(x, xo, y, yo, n);
        loops[UnaryOp.POW.ordinal()] = SimdElementwise::pow;
        return loops;
    }

    /** The low half of a float vector's lanes: where a step's results go. */
    private static final VectorMask<Float> LOW_HALF = VectorMask.fromLong(F, (1L << D.length()) - 1);

    /** The low half of a float vector, widened exactly to doubles. */
    static DoubleVector widen(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** r rounded to float in the low half, {@code in}'s high half above it (see {@link DoubleLaneLoop}). */
    static FloatVector narrow(DoubleVector r, FloatVector in) {
        return in.blend((FloatVector) r.convertShape(VectorOperators.D2F, F, 0), LOW_HALF);
    }

    /** Where a {@link DoubleLaneLoop} stops: the last step must still have a whole float vector to store. */
    private static int steps(int n) {
        return n < F.length() ? 0 : n - F.length() + 1;
    }

    private static int addScalar(double p, float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).add(pv), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int mulScalar(double p, float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).mul(pv), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int divScalar(double p, float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).div(pv), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int rdivScalar(double p, float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(pv.div(widen(v)), v).intoArray(y, yo + i);
        }
        return i;
    }

    /** x &gt; 0 ? x : p·x; NaN fails the compare and gives p·NaN = NaN, like the reference. */
    private static int leakyRelu(double p, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            DoubleVector w = widen(v);
            narrow(w.mul(p).blend(w, w.compare(VectorOperators.GT, 0.0)), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int elu(double p, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            DoubleVector w = widen(v);
            DoubleVector negative = w.lanewise(VectorOperators.EXPM1).mul(p);
            narrow(negative.blend(w, w.compare(VectorOperators.GT, 0.0)), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).lanewise(VectorOperators.EXP), v).intoArray(y, yo + i);
        }
        return i;
    }

    /**
     * x^p with the Vector API's pow (measured, 1024×1024 on 2 cores: 12.1 ms with Math.pow per element). A NaN or
     * infinite p stays with the scalar loop ({@link #inDoubleLanes} sees −1): there Math.pow's special cases (1^NaN
     * is NaN, (−1)^∞ is NaN) need not be the vector pow's.
     */
    private static int pow(double p, float[] x, int xo, float[] y, int yo, int n) {
        if (!Double.isFinite(p)) {
            return -1;
        }
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).lanewise(VectorOperators.POW, pv), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).lanewise(VectorOperators.LOG), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int tanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            narrow(widen(v).lanewise(VectorOperators.TANH), v).intoArray(y, yo + i);
        }
        return i;
    }

    /**
     * The reference's two branches, 1/(1+e) for x ≥ 0 and e/(1+e) below with e = e^−|x|, share the denominator,
     * so a blend of the numerators replaces the data-dependent branch. NaN fails the compare and e is NaN: NaN.
     */
    private static int sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            DoubleVector w = widen(v);
            DoubleVector e = negAbsExp(w);
            narrow(e.blend(one, w.compare(VectorOperators.GE, 0.0)).div(e.add(one)), v).intoArray(y, yo + i);
        }
        return i;
    }

    private static int softplus(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int end = steps(n); i < end; i += D.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            DoubleVector w = widen(v);
            narrow(w.max(0.0).add(negAbsExp(w).lanewise(VectorOperators.LOG1P)), v).intoArray(y, yo + i);
        }
        return i;
    }

    /** e^−|x|: at most 1, so neither stable form (sigmoid, softplus) overflows. */
    private static DoubleVector negAbsExp(DoubleVector v) {
        return v.abs().neg().lanewise(VectorOperators.EXP);
    }

    static boolean f64(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int bound = D.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).add(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case SUB -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case MUL -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case DIV -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).div(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case MAXIMUM -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).max(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            case MINIMUM -> {
                for (; i < bound; i += D.length()) {
                    DoubleVector.fromArray(D, a, ao + i).min(DoubleVector.fromArray(D, b, bo + i)).intoArray(y, yo + i);
                }
            }
            default -> {
                return false;
            }
        }
        if (i < n) {
            BinaryKernels.f64(op, a, ao + i, b, bo + i, y, yo + i, n - i);
        }
        return true;
    }
}
