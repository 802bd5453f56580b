package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Contiguous binary arithmetic on the Vector API: one loop per op with the operator fixed, so each compiles to
 * straight vector code. Results equal {@link BinaryKernels} bit for bit (IEEE +, −, ×, ÷ are lane-wise exact).
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
     * (then float and double comparisons agree).
     */
    static boolean unaryF32(dev.jgrad.spi.UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        switch (op) {
            case RELU -> {
                for (; i < bound; i += F.length()) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    zero.blend(v, v.compare(jdk.incubator.vector.VectorOperators.GT, 0f)).intoArray(y, yo + i);
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
                    zero.blend(one, v.compare(jdk.incubator.vector.VectorOperators.GT, pf)).intoArray(y, yo + i);
                }
            }
            default -> {
                return false;
            }
        }
        if (i < n) {
            UnaryKernels.f32(op, p, x, xo + i, y, yo + i, n - i);
        }
        return true;
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
