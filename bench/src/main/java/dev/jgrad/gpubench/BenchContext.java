package dev.jgrad.gpubench;

import dev.jgrad.Device;
import dev.jgrad.TensorScope;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * What every benchmark section shares: the device, the raw-CUDA handle (null off the GPU), the sizes,
 * the time budget per measurement, and the list the results go to. {@link #time} guards each
 * measurement: one that throws becomes a row with its error, and the next one still runs.
 */
final class BenchContext {
    final Device device;
    final RawCuda raw;
    final Sizes sizes;
    final boolean tf32;
    final double budgetSeconds;
    private final PrintStream log;
    private final List<Measurement> results = new ArrayList<>();

    BenchContext(Device device, RawCuda raw, Sizes sizes, boolean tf32, double budgetSeconds, PrintStream log) {
        this.device = device;
        this.raw = raw;
        this.sizes = sizes;
        this.tf32 = tf32;
        this.budgetSeconds = budgetSeconds;
        this.log = log;
    }

    /** The problem sizes: the on the GPU, tiny ones for the CPU smoke run that checks the code paths. */
    record Sizes(long elements, int rows, int cols, int[] gemm, int mlpBatch, int mlpIn, int mlpHidden, int mlpOut,
                 int netN, int netIn, int netHidden, int netOut) {
        static Sizes full() {
            return new Sizes(1L << 26, 8192, 8192, new int[] {1024, 2048, 4096, 8192}, 4096, 1024, 4096, 10,
                    64, 1000, 100, 10);
        }

        static Sizes smoke() {
            return new Sizes(1L << 12, 64, 128, new int[] {32, 64}, 16, 32, 64, 10, 64, 1000, 100, 10);
        }
    }

    /** An operation to time; checked once after timing; closed at the end (frees what its setup allocated). */
    interface Timed extends AutoCloseable {
        void run();

        /** A correctness figure for the row, computed once after timing; null when there is none. */
        default Check check() {
            return null;
        }

        @Override
        default void close() {
        }
    }

    /** A relative error and what it was measured against. */
    record Check(double value, String note) {
    }

    /** Builds the operation (allocates its inputs); runs inside the measurement's guard. */
    interface Setup {
        Timed build();
    }

    /** A {@link Timed} from a call and an optional check. */
    static Timed timed(Runnable call, Supplier<Check> check) {
        return new Timed() {
            @Override
            public void run() {
                call.run();
            }

            @Override
            public Check check() {
                return check == null ? null : check.get();
            }
        };
    }

    /** Waits for the device: cuCtxSynchronize on the GPU; CPU operations are done when they return. */
    void sync() {
        if (raw != null) {
            raw.sync();
        }
    }

    /**
     * Builds, times and closes one operation, adding its row. Tensors the call creates are closed after
     * each call (a {@link TensorScope} around it), as a training loop would.
     */
    Measurement time(String impl, String section, String name, String dtype, String shape, long bytes, double flops,
                     Setup setup) {
        Measurement m;
        try (TensorScope outer = TensorScope.open(); Timed op = setup.build()) {
            Runnable call = () -> {
                try (TensorScope s = TensorScope.open()) {
                    op.run();
                }
            };
            Timing.Stats stats = Timing.measure(call, this::sync, budgetSeconds);
            m = new Measurement(impl, section, name, dtype, shape, tf32, stats, bytes, flops, null, null, null);
            m = withCheck(m, op);
        } catch (Throwable t) {   // OOM, a CUDA error, a missing kernel: record it, go on with the next one
            m = Measurement.failed(impl, section, name, dtype, shape, tf32, describe(t));
            trySync();
        }
        return add(m);
    }

    /** Adds a row (and logs it). */
    Measurement add(Measurement m) {
        results.add(m);
        log.println(m.line());
        log.flush();
        return m;
    }

    /** The row with the operation's check attached; a check that throws is reported in the note, not as a failed timing. */
    @SuppressWarnings("try")   // the scope is only there to close what the check creates
    private Measurement withCheck(Measurement m, Timed op) {
        try (TensorScope s = TensorScope.open()) {
            Check c = op.check();
            return c == null ? m : m.withCheck(c.value(), c.note());
        } catch (Throwable t) {
            trySync();
            return m.withCheck(Double.NaN, "check failed: " + describe(t));
        }
    }

    List<Measurement> results() {
        return List.copyOf(results);
    }

    private void trySync() {
        try {
            sync();
        } catch (Throwable ignored) {   // the context may be broken; the next measurement will say so
        }
    }

    static String describe(Throwable t) {
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        Throwable c = t.getCause();
        if (c != null && c != t) {
            msg += " (cause: " + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
        }
        return msg.length() > 400 ? msg.substring(0, 400) + "..." : msg;
    }

    /** Uniform values in [-1, 1): never zeros (zeros can run faster than real data and hide unwritten outputs). */
    static float[] randomFloats(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    static double[] randomDoubles(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 2 * r.nextDouble() - 1;
        }
        return a;
    }
}
