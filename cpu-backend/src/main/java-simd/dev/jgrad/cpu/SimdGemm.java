package dev.jgrad.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The Vector API GEMM driver (Goto/BLIS structure, with a deterministic split):
 * <ol>
 * <li>small products (n·k·m ≤ {@link #DIRECT_MAX}), thin ones ({@link #DIRECT_THIN}) and vector-like ones (n &lt; MR
 *     or m &lt; one vector) run the unpacked kernel ({@link SimdSmallGemmF32}), in parallel over batches or rows;</li>
 * <li>otherwise every batch's A is packed into MR-row slivers and B into NR-column slivers, per KC block of k
 *     (transposed or strided operands are read in place while packing; edges are zero-padded), in parallel
 *     units of one A sliver or {@link #PACK_B_ROWS} rows of B (one B sliver if B is not row-major); the packed
 *     copies are checked for subnormal numbers on the way (see {@link #run(CpuThreads, GemmProblem, boolean)});</li>
 * <li>then C is cut into tiles (a fixed number of slivers each, never split along k) that the pool computes
 *     independently: for each KC block, for each B sliver (kept in L1), for each A sliver (streamed from L2),
 *     the register-blocked micro-kernel updates an MR×NR block of the thread's C tile.</li>
 * </ol>
 * The C tile lives in per-thread scratch rather than in C ({@link SimdGemmF32#tile} says why).
 * Each C element is the same fma chain in increasing p whatever the tile sizes, so tiles are sized per call
 * for load balance only. Packed buffers live on the calling thread and C tiles on each worker, reused across calls.
 */
final class SimdGemm {
    /** n·k·m at or below which one product uses the unpacked direct kernel. */
    static final long DIRECT_MAX = 128L * 128 * 128;
    /**
     * Thin products (C with at most this many rows or columns) also use it while B fits {@link #DIRECT_B_BYTES}:
     * packing would be reused too few times to pay for itself. Measured on the lecture net's 64×1000·1000×100
     * and 1000×64·64×100 and on squares (2 cores, AVX-512): direct ahead up to 128³ and for these thin shapes,
     * packed ahead from 256³.
     */
    static final int DIRECT_THIN = 128;
    /** B is re-read from L2 by every block of rows in the direct kernel: at most this big. */
    static final long DIRECT_B_BYTES = 1L << 20;
    /** Total multiply-adds below which everything stays on the calling thread. */
    static final long PARALLEL_MIN = 1L << 20;
    /**
     * Depth of one packed block: with AVX-512 a B sliver (KC×NR) is 24 KiB and an A sliver 10.5 KiB (F32; F64
     * has half the columns), together inside a 48 KiB L1.
     */
    static final int KC = 192;
    /** Rows of B one packing unit copies (a divisor of KC, so a unit never straddles two blocks). */
    static final int PACK_B_ROWS = 16;
    /**
     * Default C tile: about 192 rows (a 144 KiB F32 A block per KC, in L2) × 384 columns, in whole slivers,
     * shrunk for small products so each thread gets a few tiles.
     */
    static final int MC_ROWS = 192;
    static final int NC_COLUMNS = 384;
    /**
     * Packed-buffer elements kept strongly per calling thread between calls (enough for 1024×1024 operands);
     * bigger buffers are kept softly ({@link ReusedArray}). The packed copies cost as much memory as the operands.
     */
    static final int CACHE_MAX = 1 << 21;
    /** One call packs at most this many elements at once (batches are grouped below it). */
    static final long GROUP_MAX = 1L << 25;

    private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

    /** Per-thread reusable scratch: packed operands (caller) and the C tile / direct row (workers). */
    private static final class Buffers {
        final ReusedArray<float[]> apF = new ReusedArray<>(float[]::new, CACHE_MAX);
        final ReusedArray<float[]> bpF = new ReusedArray<>(LineAlignedArrays::newFloatArray, CACHE_MAX);
        final ReusedArray<double[]> apD = new ReusedArray<>(double[]::new, CACHE_MAX);
        final ReusedArray<double[]> bpD = new ReusedArray<>(LineAlignedArrays::newDoubleArray, CACHE_MAX);
        /** C tiles (about 192 × 384, padded by LineAlignedArrays where that is cheap): always kept. */
        final ReusedArray<float[]> ctF = new ReusedArray<>(LineAlignedArrays::newFloatArray, Integer.MAX_VALUE);
        final ReusedArray<double[]> ctD = new ReusedArray<>(LineAlignedArrays::newDoubleArray, Integer.MAX_VALUE);
        /** The unpacked kernel's spill block: a thread that only runs small products holds just these. */
        final float[] tmpF = new float[SimdSmallGemmF32.TMP];
        final double[] tmpD = new double[SimdSmallGemmF64.TMP];
        /** B's zero-padded copies for the unpacked kernels (SimdSmallGemmF32/F64.packColumns). */
        float[] smallF = new float[0];
        double[] smallD = new double[0];
    }

    private SimdGemm() {
    }

    /**
     * Whether {@code q} takes the packed path: not small, not thin, and not vector-like (fewer rows than a
     * register block, or columns than a vector), whose zero-padded panels would be mostly padding.
     */
    static boolean packs(GemmProblem q) {
        boolean f32 = q.isF32();
        int mr = f32 ? SimdGemmF32.MR : SimdGemmF64.MR;
        int lanes = f32 ? SimdGemmF32.L : SimdGemmF64.L;
        long bBytes = (long) q.k * q.m * (f32 ? Float.BYTES : Double.BYTES);
        boolean thin = Math.min(q.n, q.m) <= DIRECT_THIN && bBytes <= DIRECT_B_BYTES;
        return (long) q.n * q.k * q.m > DIRECT_MAX && !thin && q.n >= mr && q.m >= lanes;
    }

    /**
     * Computes {@code q}. With {@code screen} (the packed path only: see {@link #packs}), gives up instead when a
     * packed copy of A or B holds a subnormal number, returning false with C's contents unspecified, so that the
     * caller can take the scaled path ({@link SubnormalScaling}) without a separate pass over the operands.
     */
    static boolean run(CpuThreads threads, GemmProblem q, boolean screen) {
        boolean parallel = q.work() >= PARALLEL_MIN;
        boolean f32 = q.isF32();
        int mr = f32 ? SimdGemmF32.MR : SimdGemmF64.MR;
        int nr = f32 ? SimdGemmF32.NR : SimdGemmF64.NR;
        if (!packs(q)) {
            if (screen) {
                throw new IllegalStateException("cpu matmul: only the packed path screens for subnormals");
            }
            direct(threads, q, parallel);
            return true;
        }
        int nS = (q.n + mr - 1) / mr;
        int mS = (q.m + nr - 1) / nr;
        int bUnits = q.bcs == 1 ? ceilDiv(q.k, PACK_B_ROWS) : mS;
        long aSize = (long) nS * mr * q.k;
        long bSize = (long) q.k * mS * nr;
        int group = (int) Math.max(1, Math.min(q.batches(), GROUP_MAX / (aSize + bSize)));
        if (group * (aSize + bSize) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("cpu matmul: " + q.n + "x" + q.k + " times " + q.k + "x" + q.m
                    + " needs packed panels beyond the 2^31 elements of a Java array");
        }
        Buffers buf = LOCAL.get();
        int aLen = (int) (group * aSize);
        int bLen = (int) (group * bSize) + LineAlignedArrays.MAX_SHIFT;
        Object ap = f32 ? buf.apF.atLeast(aLen) : buf.apD.atLeast(aLen);
        Object bp = f32 ? buf.bpF.atLeast(bLen) : buf.bpD.atLeast(bLen);
        // packed B's rows of vectors start on cache lines where LineAlignedArrays knows where those are
        int bShift = f32 ? LineAlignedArrays.lineStart((float[]) bp) : LineAlignedArrays.lineStart((double[]) bp);
        AtomicBoolean subnormal = new AtomicBoolean();
        for (int t0 = 0; t0 < q.batches(); t0 += group) {
            int g = Math.min(group, q.batches() - t0);
            int[] tiles = new int[1];
            IntConsumer tile = tiles(threads, q, parallel, t0, g, nS, mS, (int) aSize, (int) bSize, ap, bp, bShift,
                    tiles);
            IntConsumer pack = packer(q, t0, nS, bUnits, (int) aSize, (int) bSize, ap, bp, bShift, subnormal);
            BooleanSupplier proceed = () -> !(screen && subnormal.get());
            runPhases(threads, parallel, g * (nS + bUnits), pack, proceed, tiles[0], tile);
            if (!proceed.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Packs every unit, then computes every tile unless {@code proceed} says no, in one pool invocation: each
     * worker claims pack units, waits until all claimed units are packed (only for units other running workers
     * hold, so it cannot deadlock), then claims tiles. Which worker runs a tile never changes its values.
     */
    private static void runPhases(CpuThreads threads, boolean parallel, int units, IntConsumer pack,
                                  BooleanSupplier proceed, int tiles, IntConsumer tile) {
        if (!parallel) {
            for (int u = 0; u < units; u++) {
                pack.accept(u);
            }
            for (int t = 0; t < tiles && proceed.getAsBoolean(); t++) {
                tile.accept(t);
            }
            return;
        }
        AtomicInteger nextUnit = new AtomicInteger();
        AtomicInteger packed = new AtomicInteger();
        AtomicInteger nextTile = new AtomicInteger();
        threads.parallelFor(threads.threads(), w -> {
            for (int u = nextUnit.getAndIncrement(); u < units; u = nextUnit.getAndIncrement()) {
                try {
                    pack.accept(u);
                } finally {
                    packed.incrementAndGet();     // even on failure, so no worker waits forever
                }
            }
            CpuThreads.awaitCount(packed, units);
            if (!proceed.getAsBoolean()) {
                return;
            }
            for (int t = nextTile.getAndIncrement(); t < tiles; t = nextTile.getAndIncrement()) {
                tile.accept(t);
            }
        });
    }

    /**
     * The unpacked register-blocked kernel: batches in parallel when there are at least as many as threads, else
     * each product's row blocks in parallel (B's copy, if any, made once by the calling thread and only read).
     */
    private static void direct(CpuThreads threads, GemmProblem q, boolean parallel) {
        if (!parallel || q.batches() >= threads.threads()) {
            CpuThreads.RangeBody body = (s, e) -> {
                for (int t = (int) s; t < (int) e; t++) {
                    long[] o = q.offs[t];
                    directRows(q, o, packDirect(q, o, LOCAL.get()), 0, q.n);
                }
            };
            if (parallel) {
                threads.parallelRange(q.batches(), 1, body);
            } else {
                body.run(0, q.batches());
            }
            return;
        }
        int rows = q.isF32() ? SimdSmallGemmF32.ROWS : SimdSmallGemmF64.ROWS;
        int blocks = ceilDiv(q.n, rows);
        long perBlock = (long) rows * q.k * q.m;
        for (long[] o : q.offs) {
            // called from a task on a helper, its scratch may be in use by that task: use a fresh one
            Object cols = packDirect(q, o, SpinningHelpers.onHelperThread() ? null : LOCAL.get());
            threads.parallelRange(blocks, Math.max(1, PARALLEL_MIN / 4 / perBlock),
                    (s, e) -> directRows(q, o, cols, (int) s * rows, (int) Math.min(q.n, e * rows)));
        }
    }

    /** The unpacked kernel's view of B (its Columns record), copying what it must into owner's scratch if any. */
    private static Object packDirect(GemmProblem q, long[] o, Buffers owner) {
        if (q.isF32()) {
            SimdSmallGemmF32.Columns cols = SimdSmallGemmF32.packColumns((float[]) q.b, o[1], q.brs, q.bcs, q.k, q.m,
                    owner == null ? new float[0] : owner.smallF);
            if (owner != null && cols.packed() != null) {
                owner.smallF = cols.packed();
            }
            return cols;
        }
        SimdSmallGemmF64.Columns cols = SimdSmallGemmF64.packColumns((double[]) q.b, o[1], q.brs, q.bcs, q.k, q.m,
                owner == null ? new double[0] : owner.smallD);
        if (owner != null && cols.packed() != null) {
            owner.smallD = cols.packed();
        }
        return cols;
    }

    /** Rows [i0, i1) of one product on the unpacked kernel. */
    private static void directRows(GemmProblem q, long[] o, Object cols, int i0, int i1) {
        Buffers buf = LOCAL.get();
        if (q.isF32()) {
            SimdSmallGemmF32.rows((float[]) q.a, o[0], q.ars, q.acs, (float[]) q.b, o[1], q.brs,
                    (SimdSmallGemmF32.Columns) cols, (float[]) q.c, o[2], q.crs, q.ccs, q.n, q.k, q.m, i0, i1,
                    buf.tmpF);
        } else {
            SimdSmallGemmF64.rows((double[]) q.a, o[0], q.ars, q.acs, (double[]) q.b, o[1], q.brs,
                    (SimdSmallGemmF64.Columns) cols, (double[]) q.c, o[2], q.crs, q.ccs, q.n, q.k, q.m, i0, i1,
                    buf.tmpD);
        }
    }

    /**
     * Packing of batches [t0, ...): unit u of a batch is A sliver u (u < nS), else rows [(u − nS)·PACK_B_ROWS, ...)
     * of a row-major B or B sliver u − nS of any other B. (A first or B first measured the same, 1024³ F32 and
     * F64.) A unit that finds a subnormal number sets {@code subnormal}.
     */
    private static IntConsumer packer(GemmProblem q, int t0, int nS, int bUnits, int aSize, int bSize, Object ap,
                                      Object bp, int bShift, AtomicBoolean subnormal) {
        int perBatch = nS + bUnits;
        boolean f32 = q.isF32();
        int mr = f32 ? SimdGemmF32.MR : SimdGemmF64.MR;
        int nr = f32 ? SimdGemmF32.NR : SimdGemmF64.NR;
        int nPad = nS * mr;
        int mPad = (q.m + nr - 1) / nr * nr;
        return u -> {
            int bt = u / perBatch;
            int unit = u % perBatch;
            long[] o = q.offs[t0 + bt];
            boolean found;
            if (unit < nS) {
                int i0 = unit * mr;
                found = f32
                        ? SimdGemmF32.packSlivers((float[]) q.a, o[0], q.ars, q.acs, q.n, q.k, i0, mr, nPad, KC,
                                (float[]) ap, bt * aSize)
                        : SimdGemmF64.packSlivers((double[]) q.a, o[0], q.ars, q.acs, q.n, q.k, i0, mr, nPad, KC,
                                (double[]) ap, bt * aSize);
            } else if (q.bcs != 1) {
                // B's columns are the rows of Bᵀ: for a transposed B (Linear's x·Wᵀ) each is contiguous along p
                int j0 = (unit - nS) * nr;
                found = f32
                        ? SimdGemmF32.packSlivers((float[]) q.b, o[1], q.bcs, q.brs, q.m, q.k, j0, nr, mPad, KC,
                                (float[]) bp, bShift + bt * bSize)
                        : SimdGemmF64.packSlivers((double[]) q.b, o[1], q.bcs, q.brs, q.m, q.k, j0, nr, mPad, KC,
                                (double[]) bp, bShift + bt * bSize);
            } else {
                int pBeg = (unit - nS) * PACK_B_ROWS;
                int pEnd = Math.min(q.k, pBeg + PACK_B_ROWS);
                found = f32
                        ? SimdGemmF32.packB((float[]) q.b, o[1], q.brs, q.bcs, q.m, q.k, pBeg, pEnd, mPad, KC,
                                (float[]) bp, bShift + bt * bSize)
                        : SimdGemmF64.packB((double[]) q.b, o[1], q.brs, q.bcs, q.m, q.k, pBeg, pEnd, mPad, KC,
                                (double[]) bp, bShift + bt * bSize);
            }
            if (found) {
                subnormal.set(true);
            }
        };
    }

    /** The C tiles of batches [t0, t0+g), computed from the packed slivers; their number goes to count[0]. */
    private static IntConsumer tiles(CpuThreads threads, GemmProblem q, boolean parallel, int t0, int g, int nS,
                                     int mS, int aSize, int bSize, Object ap, Object bp, int bShift, int[] count) {
        boolean f32 = q.isF32();
        int mr = f32 ? SimdGemmF32.MR : SimdGemmF64.MR;
        int nr = f32 ? SimdGemmF32.NR : SimdGemmF64.NR;
        // tiles change only the schedule: at most MC×NC slivers, cut evenly (no small leftover tile finishing
        // last on one thread), and more of them until every thread has a few
        int[] rc = {ceilDiv(nS, Math.max(1, MC_ROWS / mr)), ceilDiv(mS, Math.max(1, NC_COLUMNS / nr))};
        long want = parallel ? 4L * threads.threads() : 1;
        while ((long) g * rc[0] * rc[1] < want && growTiles(rc, nS, mS)) {
            // grown
        }
        // and the same number for every thread where at most twice as many tiles give that: 9 tiles on 2 threads
        // (256³ and 512³ F32, 512³ F64) left one thread idle for the last. As 12, under JMH (medians of 2–4 runs
        // against as many of the build before, four times): 512³ F32 −4% to −7%, 512³ F64 −9%; 256³ F32 −12% to +2%
        if (parallel) {
            int[] even = rc.clone();
            long limit = 2L * g * rc[0] * rc[1];
            while ((long) g * even[0] * even[1] % threads.threads() != 0 && (long) g * even[0] * even[1] < limit
                    && growTiles(even, nS, mS)) {
                // grown
            }
            if ((long) g * even[0] * even[1] % threads.threads() == 0 && (long) g * even[0] * even[1] <= limit) {
                rc = even;
            }
        }
        int rowTiles = rc[0];
        int colTiles = rc[1];
        int perBatch = rowTiles * colTiles;
        int fRowTiles = rowTiles;
        int fColTiles = colTiles;
        int nPad = nS * mr;
        int mPad = mS * nr;
        IntConsumer task = t -> {
            int bt = t / perBatch;
            int rt = (t % perBatch) / fColTiles;
            int ctl = t % fColTiles;
            int is0 = (int) ((long) rt * nS / fRowTiles);
            int js0 = (int) ((long) ctl * mS / fColTiles);
            int rowsS = (int) ((long) (rt + 1) * nS / fRowTiles) - is0;
            int colsS = (int) ((long) (ctl + 1) * mS / fColTiles) - js0;
            long[] o = q.offs[t0 + bt];
            int aBase = bt * aSize;
            int bBase = bShift + bt * bSize;
            if (f32) {
                float[] ct = LOCAL.get().ctF.atLeast(rowsS * mr * colsS * nr + LineAlignedArrays.MAX_SHIFT);
                SimdGemmF32.tile((float[]) ap, aBase, nPad, (float[]) bp, bBase, mPad, q.k, KC, is0, rowsS, js0, colsS,
                        ct, LineAlignedArrays.lineStart(ct), (float[]) q.c, o[2], q.crs, q.ccs, q.n, q.m);
            } else {
                double[] ct = LOCAL.get().ctD.atLeast(rowsS * mr * colsS * nr + LineAlignedArrays.MAX_SHIFT);
                SimdGemmF64.tile((double[]) ap, aBase, nPad, (double[]) bp, bBase, mPad, q.k, KC, is0, rowsS, js0,
                        colsS, ct, LineAlignedArrays.lineStart(ct), (double[]) q.c, o[2], q.crs, q.ccs, q.n, q.m);
            }
        };
        count[0] = g * perBatch;
        return task;
    }

    /**
     * One more row or column of tiles ({@code rc} = {rows, cols}, of at most nS × mS slivers), keeping tiles about
     * twice as wide in slivers as tall (an A sliver is MR rows, a B sliver NR = 2 vectors); false when at the most.
     */
    private static boolean growTiles(int[] rc, int nS, int mS) {
        if (rc[0] >= nS && rc[1] >= mS) {
            return false;
        }
        if (rc[0] < nS && (rc[1] >= mS || nS / rc[0] >= 2 * (mS / rc[1]))) {
            rc[0]++;
        } else {
            rc[1]++;
        }
        return true;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
