package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

/**
 * Opt-in per-kernel GPU time, for finding where a training step's time goes when no system profiler
 * is at hand: {@code -Djgrad.cuda.profile=true}. Every kernel launch and cuBLAS call is bracketed by
 * two CUDA events on the stream and waited for, so the figures are each kernel's GPU time (plus the
 * time its launch call took on the host, which the GPU spends idle between the events), and
 * the program runs far slower than without profiling (never time anything else with it on). At
 * exit, or on {@link #report()}, prints one line per kernel name: calls, total and mean time.
 *
 * <pre>{@code
 * java -Djgrad.cuda.profile=true ... MyTraining     # table on stderr at exit
 * }</pre>
 */
public final class KernelProfile {
    static final boolean ENABLED = Boolean.getBoolean("jgrad.cuda.profile");
    private static final Map<String, double[]> TOTALS = new TreeMap<>();   // name -> {calls, GPU ms, host ms}
    private static final ThreadLocal<CUevent[]> EVENTS = ThreadLocal.withInitial(() -> {
        CUevent a = new CUevent();
        CUevent b = new CUevent();
        CudaException.check(cuEventCreate(a, 0), "cuEventCreate");
        CudaException.check(cuEventCreate(b, 0), "cuEventCreate");
        return new CUevent[] {a, b};
    });

    static {
        if (ENABLED) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(report())));
        }
    }

    private KernelProfile() {
    }

    /** Whether kernels are being profiled in this process. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Runs {@code work} (which queues GPU work on {@code stream}) and, when profiling, adds its GPU time to {@code name}. */
    static void around(String name, CUstream stream, Runnable work) {
        if (!ENABLED) {
            work.run();
            return;
        }
        CUevent[] e = EVENTS.get();
        CudaException.check(cuEventRecord(e[0], stream), "cuEventRecord");
        long t0 = System.nanoTime();
        work.run();
        long host = System.nanoTime() - t0;   // the launch call itself: a slow host call shows here, not as GPU time
        CudaException.check(cuEventRecord(e[1], stream), "cuEventRecord");
        CudaException.check(cuEventSynchronize(e[1]), "cuEventSynchronize");
        float[] ms = new float[1];
        CudaException.check(cuEventElapsedTime(ms, e[0], e[1]), "cuEventElapsedTime");
        synchronized (TOTALS) {
            double[] t = TOTALS.computeIfAbsent(name, k -> new double[3]);
            t[0]++;
            t[1] += ms[0];
            t[2] += host / 1e6;
        }
    }

    /** Forgets what was recorded (e.g. after warm-up). */
    public static void reset() {
        synchronized (TOTALS) {
            TOTALS.clear();
        }
    }

    /** The table, heaviest kernel first. */
    public static String report() {
        List<Map.Entry<String, double[]>> rows;
        synchronized (TOTALS) {
            rows = new ArrayList<>();
            TOTALS.forEach((k, v) -> rows.add(Map.entry(k, v.clone())));
        }
        rows.sort((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]));
        double all = rows.stream().mapToDouble(r -> r.getValue()[1]).sum();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "jgrad kernel profile: %.3f ms GPU time in all%n", all));
        b.append(String.format(Locale.ROOT, "%10s %12s %10s %6s %12s  %s%n", "calls", "total ms", "mean us", "share",
                "host us/call", "kernel"));
        for (Map.Entry<String, double[]> r : rows) {
            double[] v = r.getValue();
            b.append(String.format(Locale.ROOT, "%10d %12.3f %10.2f %5.1f%% %12.2f  %s%n", (long) v[0], v[1], 1000 * v[1] / v[0],
                    all > 0 ? 100 * v[1] / all : 0, 1000 * v[2] / v[0], r.getKey()));
        }
        return b.toString();
    }
}
