package dev.jgrad.cpu;

import dev.jgrad.spi.Layout;
import dev.jgrad.spi.View;

/**
 * Batched matrix product (B..., n, k) × (B..., k, m) over any strides (stride-0 broadcast batch dims,
 * transposed operands read in place). Small products run a direct loop on the caller's thread; larger
 * ones are cut into C tiles of {@link GemmF32#MC}×{@link GemmF32#NC} (all batches together) that the pool
 * computes independently. Work is never split along k, so the thread count cannot change any result.
 */
final class Matmul {
    /** n·k·m at or below which one product uses the unpacked direct kernel. */
    static final long DIRECT_MAX = 64L * 64 * 64;
    /** Total n·k·m·batches below which everything stays on the calling thread. */
    static final long PARALLEL_MIN = 1L << 20;

    private final CpuThreads threads;

    Matmul(CpuThreads threads) {
        this.threads = threads;
    }

    void run(View a, View b, View out) {
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lc = out.layout();
        int r = lc.rank();
        int n = (int) lc.dim(r - 2);
        int m = (int) lc.dim(r - 1);
        int k = (int) la.dim(r - 1);
        if (lc.numel() == 0) {
            return;
        }
        Object ca = ((CpuStorage) a.storage()).array();
        Object cb = ((CpuStorage) b.storage()).array();
        Object cc = ((CpuStorage) out.storage()).array();
        if (k == 0) {
            Elementwise.run(threads, (arr, o, lin, len) -> ConvertKernels.fill(arr[0], o[0], len, 0.0),
                    new Object[] {cc}, lc);
            return;
        }
        long[][] offs = batchOffsets(la, lb, lc);    // [batch] -> {aOff, bOff, cOff}
        int batches = offs.length;
        long ars = la.stride(r - 2), acs = la.stride(r - 1);
        long brs = lb.stride(r - 2), bcs = lb.stride(r - 1);
        long crs = lc.stride(r - 2), ccs = lc.stride(r - 1);
        long perProduct = (long) n * k * m;
        boolean parallel = perProduct * batches >= PARALLEL_MIN;
        if (perProduct <= DIRECT_MAX) {
            CpuThreads.RangeBody body = (s, e) -> {
                for (int t = (int) s; t < (int) e; t++) {
                    long[] o = offs[t];
                    if (cc instanceof float[] c) {
                        GemmF32.direct((float[]) ca, o[0], ars, acs, (float[]) cb, o[1], brs, bcs, c, o[2], crs, ccs, n, k, m);
                    } else {
                        GemmF64.direct((double[]) ca, o[0], ars, acs, (double[]) cb, o[1], brs, bcs, (double[]) cc, o[2],
                                crs, ccs, n, k, m);
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
        java.util.function.IntConsumer tileTask = t -> {
            long[] o = offs[t / perBatch];
            int rt = (t % perBatch) / colTiles;
            int ct = t % colTiles;
            int i0 = rt * GemmF32.MC;
            int j0 = ct * GemmF32.NC;
            int mc = Math.min(GemmF32.MC, n - i0);
            int nc = Math.min(GemmF32.NC, m - j0);
            if (cc instanceof float[] c) {
                GemmF32.tile((float[]) ca, o[0], ars, acs, (float[]) cb, o[1], brs, bcs, c, o[2], crs, ccs, k, i0, mc, j0, nc);
            } else {
                GemmF64.tile((double[]) ca, o[0], ars, acs, (double[]) cb, o[1], brs, bcs, (double[]) cc, o[2], crs, ccs,
                        k, i0, mc, j0, nc);
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

    /** Storage offsets of each batch's matrices, in row-major batch order. */
    private static long[][] batchOffsets(Layout la, Layout lb, Layout lc) {
        int r = lc.rank();
        long[] shape = java.util.Arrays.copyOf(lc.shape(), r - 2);
        long[][] strides = {
            java.util.Arrays.copyOf(la.strides(), r - 2),
            java.util.Arrays.copyOf(lb.strides(), r - 2),
            java.util.Arrays.copyOf(lc.strides(), r - 2)};
        IterSpace space = IterSpace.of(shape, strides, new long[] {la.offset(), lb.offset(), lc.offset()});
        long[][] offs = new long[(int) space.numel][];
        StridedIndexer it = new StridedIndexer(space);
        for (int t = 0; t < offs.length; t++) {
            offs[t] = new long[] {it.pos[0], it.pos[1], it.pos[2]};
            it.advance(1);
        }
        return offs;
    }
}
