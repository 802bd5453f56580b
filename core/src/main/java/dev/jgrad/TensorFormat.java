package dev.jgrad;

/** Renders a tensor's values for toString: nested brackets, long dims elided in the middle. */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String values(Tensor t) {
        double[] v = t.toDoubleArray();
        long[] shape = t.shape();
        StringBuilder sb = new StringBuilder();
        append(sb, v, shape, 0, 0, t.dtype());
        return sb.toString();
    }

    private static void append(StringBuilder sb, double[] v, long[] shape, int dim, long base, DType dtype) {
        if (dim == shape.length) {
            double x = v[(int) base];
            sb.append(dtype == DType.I32 ? Long.toString((long) x) : dtype == DType.F32
                    ? Float.toString((float) x) : Double.toString(x));
            return;
        }
        long size = shape[dim];
        long stride = 1;
        for (int i = dim + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        sb.append('[');
        for (long i = 0; i < size; i++) {
            if (size > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = size - EDGE - 1;
                continue;
            }
            append(sb, v, shape, dim + 1, base + i * stride, dtype);
            if (i < size - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }
}
