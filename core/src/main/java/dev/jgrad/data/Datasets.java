package dev.jgrad.data;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/**
 * Small synthetic data sets made in code (on the default device). Random parts use
 * {@link Tensor#randn}, so a seed gives the same data on every backend.
 *
 * <pre>{@code
 * Dataset spiral = Datasets.spiral(3, 100, 0);   // CS231n's 3-arm spiral: x F32 (300, 2), y I32 (300)
 * Dataset xor = Datasets.xor();                   // x F32 (4, 2), y F32 (4, 1)
 * Dataset sine = Datasets.sine(200, 0.1, 0);      // x F32 (200, 1), y = sin(x) + noise
 * }</pre>
 */
public final class Datasets {
    private Datasets() {
    }

    /** The four XOR points: inputs F32 (4, 2) {00, 01, 10, 11}, targets F32 (4, 1) {0, 1, 1, 0}. */
    public static Dataset xor() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        return new Dataset(x, y);
    }

    /**
     * The classic CS231n spiral: for class j, with r = linspace(0, 1, N) and
     * t = linspace(4j, 4(j+1), N) + 0.2·randn, the points are (r·sin t, r·cos t).
     *
     * @return inputs F32 (K·N, 2), targets I32 (K·N) (class j in rows j·N .. j·N+N−1)
     */
    public static Dataset spiral(int classes, int pointsPerClass, long seed) {
        if (classes < 1 || pointsPerClass < 1) {
            throw new IllegalArgumentException("Datasets.spiral: need classes >= 1 and pointsPerClass >= 1, got "
                    + classes + ", " + pointsPerClass);
        }
        int n = pointsPerClass;
        double[] noise = randn(seed, (long) classes * n);
        float[] x = new float[classes * n * 2];
        int[] y = new int[classes * n];
        for (int j = 0; j < classes; j++) {
            for (int i = 0; i < n; i++) {
                int row = j * n + i;
                double r = linspace(0, 1, n, i);
                double t = linspace(4.0 * j, 4.0 * (j + 1), n, i) + 0.2 * noise[row];
                x[2 * row] = (float) (r * Math.sin(t));
                x[2 * row + 1] = (float) (r * Math.cos(t));
                y[row] = j;
            }
        }
        return new Dataset(Tensor.of(x, (long) classes * n, 2), Tensor.of(y, (long) classes * n));
    }

    /** The spiral of the lectures: K = 3 classes of N = 100 points. */
    public static Dataset spiral(long seed) {
        return spiral(3, 100, seed);
    }

    /**
     * A 1-D regression set: x = linspace(−π, π, n), y = sin(x) + noise·randn; both F32 (n, 1).
     */
    public static Dataset sine(int n, double noise, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("Datasets.sine: need n >= 1, got " + n);
        }
        double[] eps = randn(seed, n);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = linspace(-Math.PI, Math.PI, n, i);
            x[i] = (float) xi;
            y[i] = (float) (Math.sin(xi) + noise * eps[i]);
        }
        return new Dataset(Tensor.of(x, n, 1), Tensor.of(y, n, 1));
    }

    /** Element i of numpy.linspace(a, b, n) (endpoint included). */
    static double linspace(double a, double b, int n, int i) {
        return n == 1 ? a : a + (b - a) * i / (n - 1);
    }

    /** n standard normal draws from the backend-independent generator, read to the host once. */
    private static double[] randn(long seed, long n) {
        try (Tensor t = Tensor.randn(seed, DType.F64, n)) {
            return t.toDoubleArray();
        }
    }
}
