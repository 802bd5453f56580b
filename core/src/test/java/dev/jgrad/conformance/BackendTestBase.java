package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.BackendUnavailableException;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * The base of every conformance test: a backend's test extends an area class (which extends this)
 * and names its {@link #device()}. Each test runs with that device as the thread's default, so every
 * tensor the test creates lives there; a device that cannot be used skips the test with the reason.
 *
 * <p>Expected values come from the worked numbers, hand derivations in comments, or the
 * plain double-precision loops in these classes, never from the implementation under test.
 *
 * <pre>{@code
 * class CpuShapeTest extends ShapeConformance {
 *     @Override protected Device device() { return Device.cpu(); }
 * }
 * }</pre>
 */
public abstract class BackendTestBase {

    /** The device the backend under test serves. */
    protected abstract Device device();

    private Scope deviceScope;

    @BeforeEach
    void enterDevice() {
        Device d = device();
        Assumptions.assumeTrue(Device.isAvailable(d), () -> "skipped: " + d + " is unavailable: " + unavailableReason(d));
        deviceScope = Device.with(d);
    }

    @AfterEach
    void leaveDevice() {
        if (deviceScope != null) {
            deviceScope.close();
            deviceScope = null;
        }
    }

    /** The backend's own explanation, obtained the way a user would meet it: by creating a tensor. */
    private static String unavailableReason(Device d) {
        Scope onDevice = Device.with(d);
        try {
            Tensor.zeros(DType.F32, 1).close();
            return "isAvailable() said no, yet a tensor could be created";
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        } finally {
            onDevice.close();
        }
    }

    // ---------------------------------------------------------------- tolerances

    /** Relative tolerance (scaled by max(1,|expected|)) for one correctly-ish rounded elementwise result. */
    protected static double tol(DType dtype) {
        return switch (dtype) {
            case F32 -> 1e-5;
            case F64 -> 1e-12;
            case I32 -> 0.0;
        };
    }

    /** Unit roundoff of a floating dtype, for error bounds of sums (n·u·Σ|terms|). */
    protected static double unitRoundoff(DType dtype) {
        return dtype == DType.F32 ? 0x1.0p-24 : 0x1.0p-53;
    }

    // ---------------------------------------------------------------- creating inputs

    /** A tensor of {@code dtype} holding {@code data} (rounded to float for F32) with {@code shape}; no shape = rank 0. */
    protected static Tensor tensor(DType dtype, double[] data, long... shape) {
        if (shape.length == 0) {
            // Tensor.of(data) with no shape is 1-D; rank 0 is what scalar() makes
            assertEquals(1, data.length, "test bug: a rank-0 tensor holds one value");
            return Tensor.scalar(data[0], dtype);
        }
        return switch (dtype) {
            case F64 -> Tensor.of(data, shape);
            case F32 -> Tensor.of(toFloats(data), shape);
            case I32 -> {
                int[] ints = new int[data.length];
                for (int i = 0; i < data.length; i++) {
                    ints[i] = (int) data[i];
                }
                yield Tensor.of(ints, shape);
            }
        };
    }

    /**
     * A rows×cols tensor whose logical (row-major) values are {@code rowMajor} but whose layout is
     * transposed, i.e. non-contiguous: built as the contiguous cols×rows transpose, then {@code transpose()}d.
     */
    protected static Tensor transposedInput(DType dtype, double[] rowMajor, int rows, int cols) {
        double[] t = new double[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = rowMajor[r * cols + c];
            }
        }
        Tensor view = tensor(dtype, t, cols, rows).transpose();
        assertArrayEquals(new long[] {rows, cols}, view.shape(), "transposedInput: shape of the transposed view");
        assertFalse(view.isContiguous(), "transposedInput: a transposed view must not be contiguous");
        return view;
    }

    /** {@code n} deterministic values, uniform in [lo, hi), rounded to what {@code dtype} can hold. */
    protected static double[] sample(DType dtype, int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = roundTo(dtype, lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    /** Like {@link #sample} but every value has |v| ≥ gap: keeps finite differences off kinks. */
    protected static double[] sampleAwayFromZero(DType dtype, int n, long seed, double lo, double hi, double gap) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x;
            do {
                x = lo + (hi - lo) * r.nextDouble();
            } while (Math.abs(x) < gap);
            v[i] = roundTo(dtype, x);
        }
        return v;
    }

    protected static double roundTo(DType dtype, double v) {
        return dtype == DType.F32 ? (double) (float) v : v;
    }

    protected static double[] roundTo(DType dtype, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = roundTo(dtype, v[i]);
        }
        return out;
    }

    protected static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    // ---------------------------------------------------------------- reference loops

    /** NumPy broadcast of two shapes (the expected output shape). */
    protected static long[] broadcastShape(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new AssertionError("test bug: shapes do not broadcast " + Arrays.toString(a) + " " + Arrays.toString(b));
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** The flat row-major index into an input of {@code inShape} that broadcasts to output element {@code flatOut}. */
    protected static int broadcastIndex(long[] outShape, long[] inShape, long flatOut) {
        int offset = outShape.length - inShape.length;
        long rem = flatOut;
        long index = 0;
        long stride = 1;
        for (int d = outShape.length - 1; d >= 0; d--) {
            long coord = rem % outShape[d];
            rem /= outShape[d];
            int id = d - offset;
            if (id >= 0) {
                long extent = inShape[id];
                index += (extent == 1 ? 0 : coord) * stride;
                stride *= extent;
            }
        }
        return (int) index;
    }

    protected static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** out[i] = f(a[bcast], b[bcast]) over the broadcast shape. */
    protected static double[] binaryRef(double[] a, long[] aShape, double[] b, long[] bShape, DoubleBinaryOperator f) {
        long[] out = broadcastShape(aShape, bShape);
        double[] r = new double[(int) numel(out)];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(a[broadcastIndex(out, aShape, i)], b[broadcastIndex(out, bShape, i)]);
        }
        return r;
    }

    /** Σ over the broadcast of g[i]·∂f/∂a, landing on a's elements (the broadcast-aware VJP). */
    protected static double[] reduceToShape(double[] perOutput, long[] outShape, long[] inShape) {
        double[] r = new double[(int) numel(inShape)];
        for (int i = 0; i < perOutput.length; i++) {
            r[broadcastIndex(outShape, inShape, i)] += perOutput[i];
        }
        return r;
    }

    /** Plain triple loop, row-major: (n×k)·(k×m). */
    protected static double[] matmulRef(double[] a, double[] b, int n, int k, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * m + j];
                }
                c[i * m + j] = s;
            }
        }
        return c;
    }

    protected static double[] transposeRef(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    protected static double[] filled(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    // ---------------------------------------------------------------- assertions

    /** Elementwise |expected − actual| ≤ tol·max(1, |expected|), with the first offending index in the message. */
    protected static void assertClose(double[] expected, Tensor actual, double tol) {
        assertNotNull(actual, "tensor is null");
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, () -> "element count of " + describe(actual));
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double g = got[i];
            double allowed = tol * Math.max(1.0, Math.abs(e));
            if (!(Math.abs(e - g) <= allowed) && !(Double.isNaN(e) && Double.isNaN(g)) && e != g) {
                fail(String.format(Locale.ROOT, "%s: element %d (index %s): expected %.17g, actual %.17g, |diff| %.3g > %.3g",
                        describe(actual), i, Arrays.toString(unflatten(i, actual.shape())), e, g, Math.abs(e - g), allowed));
            }
        }
    }

    /** Elementwise |expected − actual| ≤ bound[i] (a per-element error bound from the reference loop). */
    protected static void assertWithin(double[] expected, double[] bound, Tensor actual) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, () -> "element count of " + describe(actual));
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - got[i]) <= bound[i])) {
                fail(String.format(Locale.ROOT, "%s: element %d (index %s): expected %.17g, actual %.17g, |diff| %.3g > bound %.3g",
                        describe(actual), i, Arrays.toString(unflatten(i, actual.shape())), expected[i], got[i],
                        Math.abs(expected[i] - got[i]), bound[i]));
            }
        }
    }

    /** Every element within {@code rtol·max|expected|}: for long accumulations compared as a whole. */
    protected static void assertCloseScaled(double[] expected, Tensor actual, double rtol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double[] bound = filled(expected.length, rtol * Math.max(scale, Double.MIN_NORMAL));
        assertWithin(expected, bound, actual);
    }

    protected static void assertShape(Tensor t, long... shape) {
        assertArrayEquals(shape, t.shape(), () -> "shape of " + describe(t));
        assertEquals(shape.length, t.rank(), () -> "rank of " + describe(t));
        assertEquals(numel(shape), t.numel(), () -> "numel of " + describe(t));
    }

    /** Asserts a bad-input failure: IllegalArgumentException or IllegalStateException whose message contains every fragment. */
    protected static RuntimeException assertBadInput(Executable call, String... fragments) {
        RuntimeException e = assertThrowsEither(call);
        assertMessageMentions(e, fragments);
        return e;
    }

    protected static RuntimeException assertThrowsEither(Executable call) {
        try {
            call.execute();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e;
        } catch (Throwable t) {
            fail("expected IllegalArgumentException or IllegalStateException, got " + t, t);
        }
        return fail("expected IllegalArgumentException or IllegalStateException, but nothing was thrown");
    }

    /** Case-insensitive containment of each fragment in the exception's message. */
    protected static void assertMessageMentions(Throwable e, String... fragments) {
        String msg = e.getMessage();
        assertNotNull(msg, () -> e + " has no message");
        String lower = msg.toLowerCase(Locale.ROOT);
        for (String f : fragments) {
            assertTrue(lower.contains(f.toLowerCase(Locale.ROOT)), () -> "message should mention '" + f + "': " + msg);
        }
    }

    /** The message shows {@code shape}, in any of the usual spellings: [2, 3], (2, 3), [2,3], 2x3. */
    protected static void assertMessageShowsShape(Throwable e, long... shape) {
        String msg = String.valueOf(e.getMessage()).replace(" ", "");
        StringBuilder inner = new StringBuilder();
        StringBuilder times = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            inner.append(i == 0 ? "" : ",").append(shape[i]);
            times.append(i == 0 ? "" : "x").append(shape[i]);
        }
        boolean found = msg.contains("[" + inner + "]") || msg.contains("(" + inner + ")")
                || (shape.length > 1 && msg.contains(times.toString()));
        assertTrue(found, () -> "message should show the shape " + Arrays.toString(shape) + ": " + e.getMessage());
    }

    protected static String describe(Tensor t) {
        try {
            return "tensor " + Arrays.toString(t.shape()) + " " + t.dtype() + " on " + t.device();
        } catch (RuntimeException e) {
            return "tensor (" + e + ")";
        }
    }

    protected static long[] unflatten(long flat, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
