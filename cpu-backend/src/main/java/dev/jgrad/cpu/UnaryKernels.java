package dev.jgrad.cpu;

import dev.jgrad.spi.UnaryOp;

/**
 * Contiguous loops for {@link UnaryOp}, one loop per op so each is a tight, JIT-vectorisable loop.
 *
 * <p>F64 uses exactly the expressions of {@link UnaryOp#apply}. F32 computes in float only where that is
 * exactly the reference rounded to float: +, −, ×, ÷ and sqrt of floats are correctly rounded either way
 * (double has more than 2·24+2 bits, so rounding twice is harmless), and sign/abs/relu/comparisons are
 * exact. Everything else (transcendentals, and any op whose double parameter may not be a float) computes
 * the reference in double and rounds once.
 */
final class UnaryKernels {
    private UnaryKernels() {
    }

    static void f32(UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        if ((float) p == p && scalarArithmeticInFloat(op, (float) p, x, xo, y, yo, n)) {
            return;
        }
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v * v; } }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1.0f / x[xo + i]; }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v > 0 ? v : 0.0f; } }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = (float) sigmoid(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.tanh(x[xo + i]); }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) y[yo + i] = (float) softplus(x[xo + i]); }
            case SIGN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.signum(x[xo + i]); }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = (float) (x[xo + i] + p); }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = (float) (x[xo + i] * p); }
            case DIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = (float) (x[xo + i] / p); }
            case RDIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = (float) (p / x[xo + i]); }
            case POW -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(x[xo + i], p); }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 ? v : (float) (p * v);
                }
            }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 ? v : (float) (p * Math.expm1(v));
                }
            }
            case GT_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] > p ? 1.0f : 0.0f; }
            default -> throw new IllegalArgumentException("cpu unary: unsupported op " + op);
        }
    }

    /**
     * x op p for a parameter that is exactly a float, computed in float: the same bits as the double reference
     * (two floats' sum, difference, product or quotient rounded once to double and then to float equals the
     * float operation, as double has ≥ 2·24+2 bits), and JDK 17's JIT runs float→double→float loops about
     * 25 times slower than float loops. Returns false for the other ops.
     */
    private static boolean scalarArithmeticInFloat(UnaryOp op, float p, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] + p; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * p; }
            case DIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] / p; }
            case RDIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = p / x[xo + i]; }
            default -> {
                return false;
            }
        }
        return true;
    }

    static void f64(UnaryOp op, double p, double[] x, int xo, double[] y, int yo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = Math.sqrt(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { double v = x[xo + i]; y[yo + i] = v * v; } }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) y[yo + i] = 1.0 / x[xo + i]; }
            case RELU -> { for (int i = 0; i < n; i++) { double v = x[xo + i]; y[yo + i] = v > 0 ? v : 0.0; } }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = sigmoid(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = Math.tanh(x[xo + i]); }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) y[yo + i] = softplus(x[xo + i]); }
            case SIGN -> { for (int i = 0; i < n; i++) y[yo + i] = Math.signum(x[xo + i]); }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] + p; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * p; }
            case DIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] / p; }
            case RDIV_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = p / x[xo + i]; }
            case POW -> { for (int i = 0; i < n; i++) y[yo + i] = Math.pow(x[xo + i], p); }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i];
                    y[yo + i] = v > 0 ? v : p * v;
                }
            }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i];
                    y[yo + i] = v > 0 ? v : p * Math.expm1(v);
                }
            }
            case GT_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] > p ? 1.0 : 0.0; }
            default -> throw new IllegalArgumentException("cpu unary: unsupported op " + op);
        }
    }

    /** Stable logistic: never evaluates e^x for large positive x (same branches as the reference). */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** Stable log(1 + e^x) = max(x, 0) + log1p(e^-|x|). */
    static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
