package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Contiguous binary arithmetic on the Vector API: one loop per op with the operator fixed, so each compiles to
 * straight vector code. Results equal {@link BinaryKernels} bit for bit (IEEE +, −, ×, ÷ are lane-wise exact).
 */
final class SimdElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats filling half a double vector: widened lane for lane into D. */
    private static final VectorSpecies<Float> F_HALF =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

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
     * F32 x op p with a double p, as the reference: widen to double, operate, round once to float. Lane-wise
     * conversions are exact (widening) and round-to-nearest (narrowing), so the bits equal {@link UnaryKernels}.
     */
    static boolean scalarF32(dev.jgrad.spi.UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        int step = D.length();
        int bound = n - n % step;
        DoubleVector pv = DoubleVector.broadcast(D, p);
        int i = 0;
        switch (op) {
            case ADD_SCALAR -> {
                for (; i < bound; i += step) {
                    narrow(widen(x, xo + i).add(pv), y, yo + i);
                }
            }
            case MUL_SCALAR -> {
                for (; i < bound; i += step) {
                    narrow(widen(x, xo + i).mul(pv), y, yo + i);
                }
            }
            case DIV_SCALAR -> {
                for (; i < bound; i += step) {
                    narrow(widen(x, xo + i).div(pv), y, yo + i);
                }
            }
            case RDIV_SCALAR -> {
                for (; i < bound; i += step) {
                    narrow(pv.div(widen(x, xo + i)), y, yo + i);
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

    private static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(F_HALF, x, at).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void narrow(DoubleVector v, float[] y, int at) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F_HALF, 0)).intoArray(y, at);
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
