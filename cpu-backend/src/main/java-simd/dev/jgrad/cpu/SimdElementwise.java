package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
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
    /** Elements per widened chunk: a multiple of every vector length, 4 KiB of doubles (stays in L1). */
    private static final int CHUNK = 512;
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[CHUNK]);

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
     * chunks of x are widened into a double scratch, transformed there, and rounded back (JDK 17's JIT does not
     * vectorise a fused float→double→float loop, but does the plain widening and narrowing copies). Arithmetic
     * gives the reference's bits. The transcendentals use the Vector API's exp, log, tanh, log1p and expm1, which
     * differ from {@link Math}'s in the last double bit on a few percent of inputs; rounded to float that almost
     * never shows, and then as a 1-ulp difference. Scalar arithmetic with a float parameter is left to
     * {@link UnaryKernels}' float loops, which are exact and already vectorised.
     *
     * <p>No float vector of another shape is used for the conversion (a half-width FloatVector would be
     * intrinsified): measured, a second float species in the process made the GEMM kernels' Vector API calls fall
     * back to boxed Java code (the lecture net's step 8× slower). Each op has its own loop method because
     * {@code lanewise} compiles to vector code only when the operator is a constant at the call: one method with
     * every loop was compiled with the profile of the ops run first. Returns the number of elements done (a
     * multiple of the lane count), or −1 where this op has no double-lane loop.
     */
    private static int inDoubleLanes(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        boolean floatParam = (float) p == p;
        DoubleLanes f = switch (op) {
            case ADD_SCALAR -> floatParam ? null : (t, len) -> addScalar(p, t, len);
            case MUL_SCALAR -> floatParam ? null : (t, len) -> mulScalar(p, t, len);
            case DIV_SCALAR -> floatParam ? null : (t, len) -> divScalar(p, t, len);
            case RDIV_SCALAR -> floatParam ? null : (t, len) -> rdivScalar(p, t, len);
            case LEAKY_RELU -> floatParam ? null : (t, len) -> leakyRelu(p, t, len);
            case ELU -> (t, len) -> elu(p, t, len);
            case EXP -> SimdElementwise::exp;
            case LOG -> SimdElementwise::log;
            case TANH -> SimdElementwise::tanh;
            case SIGMOID -> SimdElementwise::sigmoid;
            case SOFTPLUS -> SimdElementwise::softplus;
            default -> null;
        };
        if (f == null) {
            return -1;
        }
        int bound = D.loopBound(n);
        double[] t = SCRATCH.get();
        for (int s = 0; s < bound; s += CHUNK) {
            int len = Math.min(CHUNK, bound - s);
            for (int i = 0; i < len; i++) {
                t[i] = x[xo + s + i];
            }
            f.apply(t, len);
            for (int i = 0; i < len; i++) {
                y[yo + s + i] = (float) t[i];
            }
        }
        return bound;
    }

    /** One op in place on {@code t[0, len)}, len a multiple of the lane count. */
    private interface DoubleLanes {
        void apply(double[] t, int len);
    }

    private static void addScalar(double p, double[] t, int len) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < len; i += D.length()) DoubleVector.fromArray(D, t, i).add(pv).intoArray(t, i);
    }

    private static void mulScalar(double p, double[] t, int len) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < len; i += D.length()) DoubleVector.fromArray(D, t, i).mul(pv).intoArray(t, i);
    }

    private static void divScalar(double p, double[] t, int len) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < len; i += D.length()) DoubleVector.fromArray(D, t, i).div(pv).intoArray(t, i);
    }

    private static void rdivScalar(double p, double[] t, int len) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < len; i += D.length()) pv.div(DoubleVector.fromArray(D, t, i)).intoArray(t, i);
    }

    /** x &gt; 0 ? x : p·x; NaN fails the compare and gives p·NaN = NaN, like the reference. */
    private static void leakyRelu(double p, double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            v.mul(p).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(t, i);
        }
    }

    private static void elu(double p, double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            v.lanewise(VectorOperators.EXPM1).mul(p).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(t, i);
        }
    }

    private static void exp(double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector.fromArray(D, t, i).lanewise(VectorOperators.EXP).intoArray(t, i);
        }
    }

    private static void log(double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector.fromArray(D, t, i).lanewise(VectorOperators.LOG).intoArray(t, i);
        }
    }

    private static void tanh(double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector.fromArray(D, t, i).lanewise(VectorOperators.TANH).intoArray(t, i);
        }
    }

    /**
     * The reference's two branches, 1/(1+e) for x ≥ 0 and e/(1+e) below with e = e^−|x|, share the denominator,
     * so a blend of the numerators replaces the data-dependent branch. NaN fails the compare and e is NaN: NaN.
     */
    private static void sigmoid(double[] t, int len) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            DoubleVector e = negAbsExp(v);
            e.blend(one, v.compare(VectorOperators.GE, 0.0)).div(e.add(one)).intoArray(t, i);
        }
    }

    private static void softplus(double[] t, int len) {
        for (int i = 0; i < len; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            v.max(0.0).add(negAbsExp(v).lanewise(VectorOperators.LOG1P)).intoArray(t, i);
        }
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
