package dev.jgrad.gpubench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The one timing method of every GPU number (torch_peer.py does the same, constant for constant):
 * warm up (at least {@link #WARMUP_CALLS} calls and {@link #WARMUP_SECONDS}, so the JIT has compiled
 * jgrad's dispatch path and the caching allocator holds the blocks), then take samples of
 * {@code reps} back-to-back calls between two device synchronisations, {@code reps} chosen so one
 * sample lasts about {@link #SAMPLE_SECONDS} (a synchronisation costs some microseconds; amortised
 * over a sample it disappears), and report the median time per call.
 *
 * <pre>{@code
 * Timing.Stats s = Timing.measure(() -> a.add(b).close(), cuda::sync, 0.4);
 * s.medianMs();
 * }</pre>
 */
public final class Timing {
    static final int WARMUP_CALLS = 3;
    static final double WARMUP_SECONDS = 0.1;
    static final double SAMPLE_SECONDS = 0.005;
    static final int MIN_SAMPLES = 5;
    static final int MAX_SAMPLES = 50;

    /** Milliseconds per call: median, fastest and slowest sample; how many samples of how many calls. */
    public record Stats(double medianMs, double minMs, double maxMs, int samples, int reps) {
    }

    private Timing() {
    }

    /** {@link #measure(Runnable, Runnable, double, LongSupplier)} on {@link System#nanoTime()}. */
    public static Stats measure(Runnable op, Runnable sync, double budgetSeconds) {
        return measure(op, sync, budgetSeconds, System::nanoTime);
    }

    /**
     * Times {@code op}. {@code sync} must wait until the device has finished everything queued;
     * {@code budgetSeconds} bounds the timed part (at least {@link #MIN_SAMPLES} samples are taken).
     */
    public static Stats measure(Runnable op, Runnable sync, double budgetSeconds, LongSupplier clock) {
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("Timing.measure: budget must be > 0 seconds, got " + budgetSeconds);
        }
        double perCall = warmUp(op, sync, clock);
        AFTER_WARM_UP.run();
        int reps = (int) Math.max(1, Math.ceil(SAMPLE_SECONDS / Math.max(perCall, 1e-9)));
        int samples = (int) Math.max(MIN_SAMPLES, Math.min(MAX_SAMPLES, budgetSeconds / (reps * Math.max(perCall, 1e-9))));
        double[] ms = new double[samples];
        for (int s = 0; s < samples; s++) {
            sync.run();
            long t0 = clock.getAsLong();
            for (int r = 0; r < reps; r++) {
                op.run();
            }
            sync.run();
            ms[s] = (clock.getAsLong() - t0) / 1e6 / reps;
        }
        return summarize(ms, reps);
    }

    /**
     * With a kernel profile on ({@code -Djgrad.cuda.profile=true}), its reset: the profile then covers the timed
     * calls only, since first calls carry one-time costs (cuBLAS's set-up, module loads) that would dominate their
     * kernels' means. Found reflectively: the bench compiles against the backend-neutral API only.
     */
    private static final Runnable AFTER_WARM_UP = profileReset();

    private static Runnable profileReset() {
        if (!Boolean.getBoolean("jgrad.cuda.profile")) {
            return () -> { };
        }
        try {
            java.lang.reflect.Method reset = Class.forName("dev.jgrad.cuda.KernelProfile").getMethod("reset");
            return () -> {
                try {
                    reset.invoke(null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("KernelProfile.reset failed", e);
                }
            };
        } catch (ReflectiveOperationException e) {
            return () -> { };   // no CUDA backend on the class path: nothing is profiled
        }
    }

    /** Runs the warm-up; returns the seconds per call of its last call. */
    private static double warmUp(Runnable op, Runnable sync, LongSupplier clock) {
        sync.run();
        long start = clock.getAsLong();
        double last = 0;
        for (int calls = 0; calls < WARMUP_CALLS || (clock.getAsLong() - start) / 1e9 < WARMUP_SECONDS; calls++) {
            long t0 = clock.getAsLong();
            op.run();
            sync.run();
            last = (clock.getAsLong() - t0) / 1e9;
        }
        return last;
    }

    static Stats summarize(double[] ms, int reps) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stats(median, sorted[0], sorted[n - 1], n, reps);
    }
}
