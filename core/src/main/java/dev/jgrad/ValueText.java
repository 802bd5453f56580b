package dev.jgrad;

import java.util.Arrays;

/** How traces show values: scalars in full, tensors as a few values and the norm. */
final class ValueText {
    private static final int SHOWN = 4;

    private ValueText() {
    }

    static String of(Tensor t) {
        if (t.isClosed()) {
            return "(closed)";
        }
        return of(t.toDoubleArray(), t.shape(), t.dtype());
    }

    static String of(double[] v, long[] shape) {
        return of(v, shape, DType.F64);
    }

    private static String of(double[] v, long[] shape, DType dtype) {
        if (v.length == 1) {
            return scalar(v[0], dtype);
        }
        StringBuilder sb = new StringBuilder(Arrays.toString(shape)).append(" [");
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            if (i < SHOWN) {
                sb.append(i == 0 ? "" : ", ").append(scalar(v[i], dtype));
            }
            norm += v[i] * v[i];
        }
        sb.append(v.length > SHOWN ? ", …]" : "]");
        return sb.append(" ‖·‖=").append(String.format("%.4g", Math.sqrt(norm))).toString();
    }

    private static String scalar(double x, DType dtype) {
        if (dtype == DType.I32 || (x == Math.rint(x) && Math.abs(x) < 1e15)) {
            return Long.toString((long) x);
        }
        return dtype == DType.F32 ? Float.toString((float) x) : Double.toString(x);
    }
}
