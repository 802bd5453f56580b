package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Contiguous elementwise loops on the Vector API: one loop per op with the operator fixed, so each compiles to
 * straight vector code. Binary results equal {@link BinaryKernels} bit for bit (IEEE +, −, ×, ÷ are lane-wise
 * exact); unary ones equal {@link UnaryKernels} except as {@link #inDoubleLanes} says.
 */
final class SimdElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FD = floatsPerDoubleVector();

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
     * The F32 ops whose reference is {@code (float) f((double) x)}, computed exactly that way in double lanes
     * (JDK 17's JIT does not vectorise the scalar float→double→float loops). Arithmetic gives the reference's
     * bits. The transcendentals use the Vector API's exp, log, tanh, log1p and expm1, which differ from
     * {@link Math}'s in the last double bit on a few percent of inputs; rounded to float that almost never shows,
     * and then as a 1-ulp difference. Scalar arithmetic with a float parameter is left to {@link UnaryKernels}'
     * float loops, which are exact and already vectorised.
     *
     * <p>Each op has its own loop method. The Vector API compiles {@code lanewise} to vector code only when the
     * operator is a constant at the call, and a single method holding all the loops was compiled by C2 with the
     * profile of the ops run first: the later ops' loops then called the Vector API virtually, boxing every
     * vector (exp about 7 ns/element instead of 0.6). Returns the number of elements done (a multiple of the lane
     * count), or −1 where this op has no double-lane loop.
     */
    private static int inDoubleLanes(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        if (FD == null) {
            return -1;
        }
        boolean floatParam = (float) p == p;
        int bound = D.loopBound(n);
        switch (op) {
            case ADD_SCALAR -> { if (floatParam) return -1; addScalar(p, x, xo, y, yo, bound); }
            case MUL_SCALAR -> { if (floatParam) return -1; mulScalar(p, x, xo, y, yo, bound); }
            case DIV_SCALAR -> { if (floatParam) return -1; divScalar(p, x, xo, y, yo, bound); }
            case RDIV_SCALAR -> { if (floatParam) return -1; rdivScalar(p, x, xo, y, yo, bound); }
            case LEAKY_RELU -> { if (floatParam) return -1; leakyRelu(p, x, xo, y, yo, bound); }
            case ELU -> elu(p, x, xo, y, yo, bound);
            case EXP -> exp(x, xo, y, yo, bound);
            case LOG -> log(x, xo, y, yo, bound);
            case TANH -> tanh(x, xo, y, yo, bound);
            case SIGMOID -> sigmoid(x, xo, y, yo, bound);
            case SOFTPLUS -> softplus(x, xo, y, yo, bound);
            default -> {
                return -1;
            }
        }
        return bound;
    }

    private static void addScalar(double p, float[] x, int xo, float[] y, int yo, int bound) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).add(pv), y, yo + i);
    }

    private static void mulScalar(double p, float[] x, int xo, float[] y, int yo, int bound) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).mul(pv), y, yo + i);
    }

    private static void divScalar(double p, float[] x, int xo, float[] y, int yo, int bound) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).div(pv), y, yo + i);
    }

    private static void rdivScalar(double p, float[] x, int xo, float[] y, int yo, int bound) {
        DoubleVector pv = DoubleVector.broadcast(D, p);
        for (int i = 0; i < bound; i += D.length()) narrow(pv.div(widen(x, xo + i)), y, yo + i);
    }

    /** x &gt; 0 ? x : p·x; NaN fails the compare and gives p·NaN = NaN, like the reference. */
    private static void leakyRelu(double p, float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(v.mul(p).blend(v, v.compare(VectorOperators.GT, 0.0)), y, yo + i);
        }
    }

    private static void elu(double p, float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(v.lanewise(VectorOperators.EXPM1).mul(p).blend(v, v.compare(VectorOperators.GT, 0.0)), y, yo + i);
        }
    }

    private static void exp(float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).lanewise(VectorOperators.EXP), y, yo + i);
    }

    private static void log(float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).lanewise(VectorOperators.LOG), y, yo + i);
    }

    private static void tanh(float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) narrow(widen(x, xo + i).lanewise(VectorOperators.TANH), y, yo + i);
    }

    /**
     * The reference's two branches, 1/(1+e) for x ≥ 0 and e/(1+e) below with e = e^−|x|, share the denominator,
     * so a blend of the numerators replaces the data-dependent branch. NaN fails the compare and e is NaN: NaN.
     */
    private static void sigmoid(float[] x, int xo, float[] y, int yo, int bound) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int i = 0; i < bound; i += D.length()) {
            DoubleVector v = widen(x, xo + i);
            DoubleVector e = negAbsExp(v);
            narrow(e.blend(one, v.compare(VectorOperators.GE, 0.0)).div(e.add(one)), y, yo + i);
        }
    }

    private static void softplus(float[] x, int xo, float[] y, int yo, int bound) {
        for (int i = 0; i < bound; i += D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(v.max(0.0).add(negAbsExp(v).lanewise(VectorOperators.LOG1P)), y, yo + i);
        }
    }

    /** e^−|x|: at most 1, so neither stable form (sigmoid, softplus) overflows. */
    private static DoubleVector negAbsExp(DoubleVector v) {
        return v.abs().neg().lanewise(VectorOperators.EXP);
    }

    /** {@code x[at ..]} as doubles, one vector of {@link #D}. */
    private static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(FD, x, at).castShape(D, 0);
    }

    /** Rounds each lane to float (as a Java cast does) into {@code y[at ..]}. */
    private static void narrow(DoubleVector v, float[] y, int at) {
        ((FloatVector) v.castShape(FD, 0)).intoArray(y, at);
    }

    /**
     * Floats with as many lanes as {@link #D} (half its bits), or null where that shape is not available: a cast
     * between species of different lane counts is not intrinsified on JDK 17 and runs far slower than scalar code.
     */
    private static VectorSpecies<Float> floatsPerDoubleVector() {
        if (D.length() < 2) {
            return null;
        }
        try {
            VectorSpecies<Float> s = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
            return s.length() == D.length() ? s : null;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
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
