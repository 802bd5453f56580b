package dev.jgrad.cpu;

import java.util.function.IntConsumer;

/**
 * The plain-Java GEMM driver. Small products run {@link GemmF32#direct} (one task per batch); larger ones
 * are cut into C tiles of {@link GemmF32#MC}×{@link GemmF32#NC} (all batches together) that the pool
 * computes independently. Work is never split along k, so the thread count cannot change any result.
 */
final class ScalarGemm {
    /** n·k·m at or below which one product uses the unpacked direct kernel. */
    static final long DIRECT_MAX = 64L * 64 * 64;
    /** Total n·k·m·batches below which everything stays on the calling thread. */
    static final long PARALLEL_MIN = 1L << 20;

    private ScalarGemm() {
    }

    static void run(CpuThreads threads, GemmProblem q) {
        int n = q.n;
        int k = q.k;
        int m = q.m;
        long[][] offs = q.offs;
        int batches = offs.length;
        long perProduct = (long) n * k * m;
        boolean parallel = q.work() >= PARALLEL_MIN;
        if (perProduct <= DIRECT_MAX) {
            CpuThreads.RangeBody body = (s, e) -> {
                for (int t = (int) s; t < (int) e; t++) {
                    long[] o = offs[t];
                    if (q.isF32()) {
                        GemmF32.direct((float[]) q.a, o[0], q.ars, q.acs, (float[]) q.b, o[1], q.brs, q.bcs,
                                (float[]) q.c, o[2], q.crs, q.ccs, n, k, m);
                    } else {
                        GemmF64.direct((double[]) q.a, o[0], q.ars, q.acs, (double[]) q.b, o[1], q.brs, q.bcs,
                                (double[]) q.c, o[2], q.crs, q.ccs, n, k, m);
                    }
                }
            };
            if (parallel) {
                threads.parallelRange(batches, Math.max(1, PARALLEL_MIN / perProduct), body);
            } else {
                body.run(0, batches);
            }
            return;
        }
        int rowTiles = (n + GemmF32.MC - 1) / GemmF32.MC;
        int colTiles = (m + GemmF32.NC - 1) / GemmF32.NC;
        int perBatch = rowTiles * colTiles;
        IntConsumer tileTask = t -> {
            long[] o = offs[t / perBatch];
            int i0 = ((t % perBatch) / colTiles) * GemmF32.MC;
            int j0 = (t % colTiles) * GemmF32.NC;
            int mc = Math.min(GemmF32.MC, n - i0);
            int nc = Math.min(GemmF32.NC, m - j0);
            if (q.isF32()) {
                GemmF32.tile((float[]) q.a, o[0], q.ars, q.acs, (float[]) q.b, o[1], q.brs, q.bcs, (float[]) q.c, o[2],
                        q.crs, q.ccs, k, i0, mc, j0, nc);
            } else {
                GemmF64.tile((double[]) q.a, o[0], q.ars, q.acs, (double[]) q.b, o[1], q.brs, q.bcs, (double[]) q.c,
                        o[2], q.crs, q.ccs, k, i0, mc, j0, nc);
            }
        };
        int tasks = batches * perBatch;
        if (parallel) {
            threads.parallelFor(tasks, tileTask);
        } else {
            for (int t = 0; t < tasks; t++) {
                tileTask.accept(t);
            }
        }
    }
}
