package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.function.Executable;

/**
 * Base of the nn/optim/data conformance tests: the device handling of {@code BackendTestBase} plus the
 * value helpers these tests share.
 *
 * <pre>{@code
 * class CpuNnLossTest extends LossConformance { @Override protected Device device() { return Device.cpu(); } }
 * }</pre>
 */
public abstract class NnTestBase extends dev.jgrad.conformance.BackendTestBase {

    /** F64 tensor with these values. */
    protected static Tensor f64(double[] values, long... shape) {
        return Tensor.of(values, shape);
    }

    /** F32 tensor with these values (rounded to float). */
    protected static Tensor f32(double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.of(f, shape);
    }

    protected static Tensor of(DType dtype, double[] values, long... shape) {
        return dtype == DType.F32 ? f32(values, shape) : f64(values, shape);
    }

    /** Tolerance for a short computation in {@code dtype}. */
    protected static double tol(DType dtype) {
        return dtype == DType.F32 ? 2e-6 : 1e-12;
    }

    /** Elementwise |expected − actual| ≤ tol·max(1, |expected|); the message names the first bad element. */
    protected static void assertValues(String what, double[] expected, Tensor actual, double tol) {
        assertNotNull(actual, what + ": tensor is null");
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count of " + Arrays.toString(actual.shape()));
        for (int i = 0; i < expected.length; i++) {
            double allowed = tol * Math.max(1.0, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - got[i]) <= allowed)) {
                fail(String.format(Locale.ROOT, "%s: element %d: expected %.17g, actual %.17g (|diff| %.3g > %.3g)",
                        what, i, expected[i], got[i], Math.abs(expected[i] - got[i]), allowed));
            }
        }
    }

    protected static void assertScalar(String what, double expected, Tensor actual, double tol) {
        assertEquals(0, actual.rank(), what + ": a loss is a rank-0 tensor, got " + Arrays.toString(actual.shape()));
        assertValues(what, new double[] {expected}, actual, tol);
    }

    /** The call throws IllegalArgumentException whose message contains every fragment (case-insensitive). */
    protected static IllegalArgumentException assertBadInput(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String msg = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(msg.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
                    () -> "message should mention '" + f + "': " + msg);
        }
        return e;
    }
}
