package dev.jgrad;

import java.util.Arrays;

/** Argument validation done in core before any backend call; messages name the op, shapes, dtypes, devices. */
final class Checks {
    private Checks() {
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }

    static void sameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices: " + a.describe()
                    + " vs " + b.describe() + " (move one with to(device))");
        }
    }

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtype mismatch: " + a.describe() + " vs " + b.describe()
                    + " (no implicit promotion; convert with to(DType))");
        }
    }

    static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shape mismatch: " + a.describe() + " vs " + b.describe());
        }
    }

    static void floating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": needs a floating-point tensor (F32 or F64), got " + t.describe());
        }
    }

    static void dtype(String op, Tensor t, DType expected) {
        if (t.dtype() != expected) {
            throw new IllegalArgumentException(op + ": needs " + expected + ", got " + t.describe());
        }
    }

    /** Binary-op preconditions; returns the broadcast output shape. */
    static long[] binary(String op, Tensor a, Tensor b) {
        a.checkOpen(op);
        b.checkOpen(op);
        sameDevice(op, a, b);
        sameDType(op, a, b);
        long[] out = dev.jgrad.spi.Layout.broadcastShapes(a.shape(), b.shape());
        if (out == null) {
            throw new IllegalArgumentException(op + ": shapes " + shape(a.shape()) + " and " + shape(b.shape())
                    + " are not broadcast-compatible (" + a.describe() + ", " + b.describe() + ")");
        }
        return out;
    }

    /** Normalises a possibly negative dim; throws when out of range. */
    static int dim(String op, Tensor t, int dim) {
        int rank = t.rank();
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException(op + ": dim " + dim + " out of range for " + t.describe()
                    + " (rank " + rank + ", valid " + (rank == 0 ? "none" : -rank + ".." + (rank - 1)) + ")");
        }
        return d;
    }

    static void shapeValues(String op, long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + shape(shape));
            }
        }
        dev.jgrad.spi.Layout.numelOf(shape);   // throws on long overflow
    }
}
