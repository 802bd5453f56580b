package dev.jgrad.cpu;

/** Moves strided runs of a storage array to and from contiguous blocks of the same element type. */
final class Gather {
    private Gather() {
    }

    /** {@code dst[0..n) = src[off + i*stride]}. */
    static void gather(Object src, long off, long stride, Object dst, int n) {
        int o = (int) off;
        int s = (int) stride;
        if (src instanceof float[] a) {
            float[] d = (float[]) dst;
            if (s == 0) {
                java.util.Arrays.fill(d, 0, n, a[o]);
            } else {
                for (int i = 0; i < n; i++) {
                    d[i] = a[o + i * s];
                }
            }
        } else if (src instanceof double[] a) {
            double[] d = (double[]) dst;
            if (s == 0) {
                java.util.Arrays.fill(d, 0, n, a[o]);
            } else {
                for (int i = 0; i < n; i++) {
                    d[i] = a[o + i * s];
                }
            }
        } else {
            int[] a = (int[]) src;
            int[] d = (int[]) dst;
            if (s == 0) {
                java.util.Arrays.fill(d, 0, n, a[o]);
            } else {
                for (int i = 0; i < n; i++) {
                    d[i] = a[o + i * s];
                }
            }
        }
    }

    /** {@code dst[off + i*stride] = src[i]} for i in [0, n). */
    static void scatter(Object src, Object dst, long off, long stride, int n) {
        int o = (int) off;
        int s = (int) stride;
        if (dst instanceof float[] d) {
            float[] a = (float[]) src;
            for (int i = 0; i < n; i++) {
                d[o + i * s] = a[i];
            }
        } else if (dst instanceof double[] d) {
            double[] a = (double[]) src;
            for (int i = 0; i < n; i++) {
                d[o + i * s] = a[i];
            }
        } else {
            int[] d = (int[]) dst;
            int[] a = (int[]) src;
            for (int i = 0; i < n; i++) {
                d[o + i * s] = a[i];
            }
        }
    }

    /** {@code dst[0..n) = (double) src[off + i*stride]} for a float, double or int array. */
    static void toDouble(Object src, long off, long stride, double[] dst, int n) {
        int o = (int) off;
        int s = (int) stride;
        if (src instanceof float[] a) {
            for (int i = 0; i < n; i++) {
                dst[i] = a[o + i * s];
            }
        } else if (src instanceof double[] a) {
            if (s == 1) {
                System.arraycopy(a, o, dst, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[i] = a[o + i * s];
                }
            }
        } else {
            int[] a = (int[]) src;
            for (int i = 0; i < n; i++) {
                dst[i] = a[o + i * s];
            }
        }
    }
}
