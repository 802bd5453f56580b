package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import java.util.ArrayDeque;
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
 * two CUDA events on the stream; the pairs are read back in batches (nothing waits per launch, so
 * the GPU stays as busy as without profiling and each pair times just its kernel). At exit, or on
 * {@link #report()}, prints one line per kernel name: calls, total and mean GPU time.
 *
 * <pre>{@code
 * java -Djgrad.cuda.profile=true ... MyTraining     # table on stderr at exit
 * }</pre>
 */
public final class KernelProfile {
    static final boolean ENABLED = Boolean.getBoolean("jgrad.cuda.profile");
    /** Event pairs in flight before they are read back (each read waits for the last of them). */
    private static final int BATCH = 512;
    private static final Map<String, double[]> TOTALS = new TreeMap<>();   // name -> {calls, GPU ms}
    private static final List<Pending> PENDING = new ArrayList<>();
    private static final ArrayDeque<CUevent> FREE = new ArrayDeque<>();

    /** A bracketed call whose events have not been read yet. */
    private record Pending(String name, CUevent start, CUevent end) {
    }

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

    /**
     * Runs {@code work} (which queues GPU work on {@code stream}) and adds its GPU time to {@code name}. Called only
     * when {@link #ENABLED}: callers branch first, so the plain path builds no name and no closure.
     */
    static void around(String name, CUstream stream, Runnable work) {
        synchronized (PENDING) {
            CUevent start = event();
            CudaException.check(cuEventRecord(start, stream), "cuEventRecord");
            work.run();
            CUevent end = event();
            CudaException.check(cuEventRecord(end, stream), "cuEventRecord");
            PENDING.add(new Pending(name, start, end));
            if (PENDING.size() >= BATCH) {
                drain();
            }
        }
    }

    private static CUevent event() {
        CUevent e = FREE.poll();
        if (e == null) {
            e = new CUevent();
            CudaException.check(cuEventCreate(e, 0), "cuEventCreate");
        }
        return e;
    }

    /** Reads every pending pair (waiting for the last) into the totals; guarded by PENDING. */
    private static void drain() {
        if (PENDING.isEmpty()) {
            return;
        }
        CudaException.check(cuEventSynchronize(PENDING.get(PENDING.size() - 1).end()), "cuEventSynchronize");
        float[] ms = new float[1];
        for (Pending p : PENDING) {
            CudaException.check(cuEventElapsedTime(ms, p.start(), p.end()), "cuEventElapsedTime");
            double[] t = TOTALS.computeIfAbsent(p.name(), k -> new double[2]);
            t[0]++;
            t[1] += ms[0];
            FREE.push(p.start());
            FREE.push(p.end());
        }
        PENDING.clear();
    }

    /** Forgets what was recorded (e.g. after warm-up). */
    public static void reset() {
        synchronized (PENDING) {
            drain();
            TOTALS.clear();
        }
    }

    /** The table, heaviest kernel first. */
    public static String report() {
        List<Map.Entry<String, double[]>> rows = new ArrayList<>();
        synchronized (PENDING) {
            drain();
            TOTALS.forEach((k, v) -> rows.add(Map.entry(k, v.clone())));
        }
        rows.sort((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]));
        double all = rows.stream().mapToDouble(r -> r.getValue()[1]).sum();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "jgrad kernel profile: %.3f ms GPU time in all%n", all));
        b.append(String.format(Locale.ROOT, "%10s %12s %10s %6s  %s%n", "calls", "total ms", "mean us", "share", "kernel"));
        for (Map.Entry<String, double[]> r : rows) {
            double[] v = r.getValue();
            b.append(String.format(Locale.ROOT, "%10d %12.3f %10.2f %5.1f%%  %s%n", (long) v[0], v[1], 1000 * v[1] / v[0],
                    all > 0 ? 100 * v[1] / all : 0, r.getKey()));
        }
        return b.toString();
    }
}
