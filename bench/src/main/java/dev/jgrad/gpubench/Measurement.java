package dev.jgrad.gpubench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the GPU results: what ran ({@code impl} "jgrad", "cublas", "cuda-driver"; torch_peer.py
 * writes "torch"), on what, and how long it took; or why it did not run. Rows of different
 * implementations with the same {@link #key()} are compared in the summary.
 *
 * @param section  "memory", "rows", "gemm" or "train"
 * @param name     the operation ("copy", "add", "softmax", "matmul", "mlp", ...)
 * @param bytes    the fewest bytes the operation must move through device memory (0: not a memory-bound op)
 * @param flops    floating-point operations per call (0: not counted)
 * @param check    a correctness figure (relative error against a reference, see {@code checkNote}); null if none
 * @param error    why the measurement failed or was skipped; null when it ran
 */
public record Measurement(String impl, String section, String name, String dtype, String shape, boolean tf32,
                          Timing.Stats stats, long bytes, double flops, Double check, String checkNote,
                          String error) {

    /** A measurement that did not run. */
    public static Measurement failed(String impl, String section, String name, String dtype, String shape,
                                     boolean tf32, String error) {
        return new Measurement(impl, section, name, dtype, shape, tf32, null, 0, 0, null, null, error);
    }

    /** Same section, op, dtype, shape and TF32 setting: the rows the summary puts side by side. */
    public String key() {
        return section + "/" + name + "/" + dtype + "/" + shape + "/" + (tf32 ? "tf32" : "ieee");
    }

    public Measurement withCheck(Double value, String note) {
        return new Measurement(impl, section, name, dtype, shape, tf32, stats, bytes, flops, value, note, error);
    }

    /** GB/s (10^9 bytes) at the median, or NaN. */
    public double gbPerSecond() {
        return stats == null || bytes == 0 ? Double.NaN : bytes / (stats.medianMs() * 1e6);
    }

    /** TFLOP/s at the median, or NaN. */
    public double tflops() {
        return stats == null || flops == 0 ? Double.NaN : flops / (stats.medianMs() * 1e9);
    }

    /** The row as written to the results JSON (same field names as torch_peer.py). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("impl", impl);
        m.put("section", section);
        m.put("name", name);
        m.put("dtype", dtype);
        m.put("shape", shape);
        m.put("tf32", tf32);
        m.put("median_ms", stats == null ? null : stats.medianMs());
        m.put("min_ms", stats == null ? null : stats.minMs());
        m.put("max_ms", stats == null ? null : stats.maxMs());
        m.put("samples", stats == null ? null : stats.samples());
        m.put("reps", stats == null ? null : stats.reps());
        m.put("bytes", bytes);
        m.put("flops", flops);
        m.put("gbps", gbPerSecond());
        m.put("tflops", tflops());
        m.put("check", check);
        m.put("check_note", checkNote);
        m.put("error", error);
        return m;
    }

    /** One line for the log. */
    public String line() {
        String what = String.format("%-11s %-6s %-10s %-3s %-15s%s", impl, section, name, dtype, shape, tf32 ? " tf32" : "");
        if (error != null) {
            return what + "  FAILED: " + error;
        }
        StringBuilder sb = new StringBuilder(what).append(String.format("  %9.4f ms", stats.medianMs()));
        if (bytes > 0) {
            sb.append(String.format("  %8.1f GB/s", gbPerSecond()));
        }
        if (flops > 0) {
            sb.append(String.format("  %7.2f TFLOP/s", tflops()));
        }
        if (check != null) {
            sb.append(String.format("  check %.2e (%s)", check, checkNote));
        }
        return sb.toString();
    }
}
