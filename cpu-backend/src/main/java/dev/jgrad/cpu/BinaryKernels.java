package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;

/**
 * Contiguous loops for {@link BinaryOp}. F32 arithmetic in float equals the double reference rounded to
 * float (+, −, ×, ÷ of floats are correctly rounded either way); Math.max/min propagate NaN like the reference.
 */
final class BinaryKernels {
    private BinaryKernels() {
    }

    static void f32(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] > b[bo + i] ? 1.0f : 0.0f; }
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] == b[bo + i] ? 1.0f : 0.0f; }
            default -> throw new IllegalArgumentException("cpu binary: unsupported op " + op);
        }
    }

    static void f64(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] > b[bo + i] ? 1.0 : 0.0; }
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] == b[bo + i] ? 1.0 : 0.0; }
            default -> throw new IllegalArgumentException("cpu binary: unsupported op " + op);
        }
    }

    /** I32 with Java's wrapping int arithmetic; DIV is rejected (see {@link BinaryOp#supportsInt()}). */
    static void i32(BinaryOp op, int[] a, int ao, int[] b, int bo, int[] y, int yo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            default -> throw new IllegalArgumentException("cpu binary: " + op + " is not defined on I32");
        }
    }
}
