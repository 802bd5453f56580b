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
