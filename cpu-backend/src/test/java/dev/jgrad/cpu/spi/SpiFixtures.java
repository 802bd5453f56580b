package dev.jgrad.cpu.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackendProvider;
import dev.jgrad.spi.Backend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.View;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds test views of any layout over random storage, and reads them back through {@link Layout#indexOf}
 * (core's division-based reference), so expected values never go through the backend's own indexing.
 */
final class SpiFixtures {
    static final Backend BE = new CpuBackendProvider().open(0);

    /** How a logical shape is laid out in storage. */
    enum Kind {
        CONTIGUOUS,
        /** all dims reversed in memory (a transpose of the last two dims for matrices) */
        TRANSPOSED,
        /** a window (offset 3) into a larger padded tensor: every dim has a gap */
        OFFSET,
        /** dim 0 has stride 0 (every slice along dim 0 is the same storage) */
        BROADCAST
    }

    /** A view plus its logical row-major values as doubles. */
    record Tensor(View view, double[] values) {
        long[] shape() {
            return view.shape();
        }
    }

    private SpiFixtures() {
    }

    static Layout layout(Kind kind, long... shape) {
        int r = shape.length;
        switch (kind) {
            case CONTIGUOUS:
                return Layout.contiguous(shape);
            case TRANSPOSED: {
                long[] rev = new long[r];
                int[] order = new int[r];
                for (int d = 0; d < r; d++) {
                    rev[d] = shape[r - 1 - d];
                    order[d] = r - 1 - d;
                }
                return Layout.contiguous(rev).permute(order);
            }
            case OFFSET: {
                long[] padded = new long[r];
                for (int d = 0; d < r; d++) {
                    padded[d] = shape[d] + 2;
                }
                return new Layout(shape, Layout.contiguousStrides(padded), 3);
            }
            case BROADCAST: {
                long[] st = Layout.contiguousStrides(shape);
                if (r > 0) {
                    st[0] = 0;
                }
                return new Layout(shape, st, 1);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /** Storage elements a layout can touch. */
    static long storageSize(Layout l) {
        long max = l.offset();
        for (int d = 0; d < l.rank(); d++) {
            if (l.dim(d) == 0) {
                return l.offset() + 1;
            }
            max += (l.dim(d) - 1) * l.stride(d);
        }
        return max + 1;
    }

    /** Random values in [lo, hi) (integers for I32) under the given layout. */
    static Tensor random(DType dt, Kind kind, long seed, double lo, double hi, long... shape) {
        Layout l = layout(kind, shape);
        int size = (int) storageSize(l);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] raw = new double[size];
        for (int i = 0; i < size; i++) {
            raw[i] = dt == DType.I32 ? Math.floor(lo + rnd.nextDouble() * (hi - lo)) : lo + rnd.nextDouble() * (hi - lo);
        }
        return fromStorage(dt, l, raw);
    }

    /** A view over storage holding {@code raw} (converted to the dtype). */
    static Tensor fromStorage(DType dt, Layout l, double[] raw) {
        Storage s = BE.allocate(dt, raw.length);
        BE.upload(toHost(dt, raw), s);
        double[] stored = toDoubles(toHost(dt, raw));
        double[] values = new double[(int) l.numel()];
        for (int i = 0; i < values.length; i++) {
            values[i] = stored[(int) l.indexOf(i)];
        }
        return new Tensor(new View(s, l), values);
    }

    static Tensor contiguous(DType dt, double[] values, long... shape) {
        return fromStorage(dt, Layout.contiguous(shape), values);
    }

    static View empty(DType dt, long... shape) {
        return new View(BE.allocate(dt, Layout.numelOf(shape)), Layout.contiguous(shape));
    }

    static Object toHost(DType dt, double[] v) {
        switch (dt) {
            case F32: {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                return f;
            }
            case F64:
                return v.clone();
            default: {
                int[] a = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    a[i] = (int) v[i];
                }
                return a;
            }
        }
    }

    static double[] toDoubles(Object host) {
        if (host instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        } else if (host instanceof double[] d) {
            return d.clone();
        }
        int[] a = (int[]) host;
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static double[] read(View v) {
        return toDoubles(BE.download(v));
    }

    /** The reference rounded to the dtype, as the backend must store it. */
    static double round(DType dt, double v) {
        return dt == DType.F32 ? (double) (float) v : v;
    }

    /** Exact equality with NaN == NaN (and +0 != -0 not enforced). */
    static void assertSameValues(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (!(e == a || (Double.isNaN(e) && Double.isNaN(a)))) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }

    static void assertClose(double[] expected, double[] actual, double[] tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (!(Double.isNaN(e) && Double.isNaN(a))) {
                    fail(what + ": element " + i + " expected " + e + " but was " + a);
                }
                continue;
            }
            if (e == a) {
                continue;
            }
            if (!(Math.abs(e - a) <= tol[i])) {
                fail(what + ": element " + i + " expected " + e + " but was " + a + " (tolerance " + tol[i] + ")");
            }
        }
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }

    /** Row-major multi-index of linear position {@code i}. */
    static long[] unravel(long i, long[] shape) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
        return idx;
    }

    static long ravel(long[] idx, long[] shape) {
        long lin = 0;
        for (int d = 0; d < shape.length; d++) {
            lin = lin * shape[d] + idx[d];
        }
        return lin;
    }
}
