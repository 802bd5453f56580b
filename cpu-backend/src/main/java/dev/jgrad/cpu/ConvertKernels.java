package dev.jgrad.cpu;

import java.util.Arrays;

/** Contiguous loops for copy, dtype conversion and fill between float[], double[] and int[] arrays. */
final class ConvertKernels {
    private ConvertKernels() {
    }

    /**
     * {@code dst[do..do+n) = convert(src[so..so+n))}; floating to int truncates toward zero (Java's cast:
     * NaN gives 0, out-of-range values saturate).
     */
    static void convert(Object src, int so, Object dst, int dOff, int n) {
        if (src.getClass() == dst.getClass()) {
            System.arraycopy(src, so, dst, dOff, n);
        } else if (dst instanceof float[] d) {
            if (src instanceof double[] s) {
                for (int i = 0; i < n; i++) d[dOff + i] = (float) s[so + i];
            } else {
                int[] s = (int[]) src;
                for (int i = 0; i < n; i++) d[dOff + i] = (float) s[so + i];
            }
        } else if (dst instanceof double[] d) {
            if (src instanceof float[] s) {
                for (int i = 0; i < n; i++) d[dOff + i] = s[so + i];
            } else {
                int[] s = (int[]) src;
                for (int i = 0; i < n; i++) d[dOff + i] = s[so + i];
            }
        } else {
            int[] d = (int[]) dst;
            if (src instanceof float[] s) {
                for (int i = 0; i < n; i++) d[dOff + i] = (int) s[so + i];
            } else {
                double[] s = (double[]) src;
                for (int i = 0; i < n; i++) d[dOff + i] = (int) s[so + i];
            }
        }
    }

    /** {@code dst[o..o+n) = value} converted to the array's element type (int truncates toward zero). */
    static void fill(Object dst, int o, int n, double value) {
        if (dst instanceof float[] d) {
            Arrays.fill(d, o, o + n, (float) value);
        } else if (dst instanceof double[] d) {
            Arrays.fill(d, o, o + n, value);
        } else {
            Arrays.fill((int[]) dst, o, o + n, (int) value);
        }
    }
}
