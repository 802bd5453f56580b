package dev.jgrad.cuda;

/**
 * Grid and block sizes for jgrad's kernels. Every kernel loops grid-stride, so the grid is capped
 * (about {@code maxBlocks}: enough resident blocks to fill the GPU) rather than sized to cover n.
 * Reduction geometry depends only on the sizes, never on timing, which is what makes reductions
 * bitwise reproducible.
 *
 * @param gridX  blocks
 * @param blockX threads per block (a multiple of 32 where the kernel uses warp shuffles)
 * @param mode   for reductions, how work maps to threads (the kernels' {@code mode} argument):
 *               {@link #BLOCK_PER_OUTPUT}, {@link #THREAD_PER_OUTPUT} or {@link #COLUMNS}
 */
record LaunchGeometry(int gridX, int blockX, int mode) {
    /** One block per output, its threads striding over the reduced elements, then a shuffle tree. */
    static final int BLOCK_PER_OUTPUT = 0;
    /** One thread per output walking the reduced elements in order. */
    static final int THREAD_PER_OUTPUT = 1;
    /**
     * Outputs adjacent in memory (a reduction over outer dims, e.g. a bias gradient summed over the
     * batch): each warp lane owns an output, so a warp reads 32 neighbouring inputs at once, and the
     * block's warps split the reduced elements (warp w takes r = w, w + warps, ...), then add their
     * sums in warp order. One thread per output alone left most of the GPU idle (4096 outputs: 16
     * blocks) with each thread walking thousands of elements one dependent load at a time.
     */
    static final int COLUMNS = 2;

    static final int ELEMENTWISE_BLOCK = 256;
    static final int MAX_REDUCE_BLOCK = 256;
    /** Reductions this short are done by one thread each: a block would idle most of its lanes. */
    static final long PER_THREAD_MAX_REDUCED = 32;
    /**
     * Column mode: up to this many warps per block share one group of 32 outputs. 16 (512 threads) leaves a
     * kernel up to 128 registers a thread; 32 failed on the H100 (max_f64 takes 66 registers: 1024 × 66 is
     * over the 64K an SM has, CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES). LaunchGeometryTest checks every kernel.
     */
    static final int MAX_COLUMN_WARPS = 16;
    /** Column mode: each warp should get at least this many reduced elements per output. */
    static final long COLUMN_MIN_PER_WARP = 16;

    /** The largest block the backend launches kernels of {@code module} with. */
    static int largestBlock(dev.jgrad.kernels.KernelSources.Module module) {
        return switch (module) {
            case REDUCE -> Math.max(MAX_REDUCE_BLOCK, 32 * MAX_COLUMN_WARPS);
            case SOFTMAX -> MAX_REDUCE_BLOCK;
            case ELEMENTWISE, MISC, RANDOM -> ELEMENTWISE_BLOCK;
        };
    }

    /** For {@code n} independent elements. */
    static LaunchGeometry elementwise(long n, int maxBlocks) {
        return new LaunchGeometry(blocksFor(n, ELEMENTWISE_BLOCK, maxBlocks), ELEMENTWISE_BLOCK, BLOCK_PER_OUTPUT);
    }

    /** Whether a reduction runs one thread per output (the argmax kernel knows this mode and block-per-output). */
    boolean perThread() {
        return mode == THREAD_PER_OUTPUT;
    }

    /**
     * For argmax: {@code nOut} outputs each over {@code nRed} inputs; one thread per output for short
     * reductions or, with {@code outputsAdjacent} (neighbouring outputs read neighbouring inputs),
     * many outputs; else one block per output.
     */
    static LaunchGeometry reduction(long nOut, long nRed, boolean outputsAdjacent, int maxBlocks) {
        if (nRed <= PER_THREAD_MAX_REDUCED || (outputsAdjacent && nOut >= 4096)) {
            return new LaunchGeometry(blocksFor(nOut, ELEMENTWISE_BLOCK, maxBlocks), ELEMENTWISE_BLOCK, THREAD_PER_OUTPUT);
        }
        return new LaunchGeometry(gridFor(nOut, maxBlocks), warpMultiple(nRed), BLOCK_PER_OUTPUT);
    }

    /**
     * For sum/max/min: as {@link #reduction} but adjacent outputs (at least a warp's worth) use
     * {@link #COLUMNS}, with as many warps per block as keep {@link #COLUMN_MIN_PER_WARP} elements each.
     */
    static LaunchGeometry columnsOrReduction(long nOut, long nRed, boolean outputsAdjacent, int maxBlocks) {
        if (!outputsAdjacent || nOut < 32 || nRed <= PER_THREAD_MAX_REDUCED) {
            return reduction(nOut, nRed, outputsAdjacent, maxBlocks);
        }
        int warps = 1;
        while (warps < MAX_COLUMN_WARPS && (long) warps * 2 * COLUMN_MIN_PER_WARP <= nRed) {
            warps <<= 1;
        }
        return new LaunchGeometry(blocksFor(nOut, 32, maxBlocks), 32 * warps, COLUMNS);
    }

    /** For row-wise kernels (softmax family): one block per row, threads over the row. */
    static LaunchGeometry rows(long rows, long rowLength, int maxBlocks) {
        return new LaunchGeometry(gridFor(rows, maxBlocks), warpMultiple(rowLength), BLOCK_PER_OUTPUT);
    }

    /** Smallest power of two >= n, between 32 and {@link #MAX_REDUCE_BLOCK}. */
    static int warpMultiple(long n) {
        int b = 32;
        while (b < MAX_REDUCE_BLOCK && b < n) {
            b <<= 1;
        }
        return b;
    }

    private static int blocksFor(long n, int block, int maxBlocks) {
        long needed = (n + block - 1) / block;
        return (int) Math.max(1, Math.min(needed, maxBlocks));
    }

    private static int gridFor(long units, int maxBlocks) {
        return (int) Math.max(1, Math.min(units, maxBlocks));
    }

    /** A grid cap for a GPU with {@code multiprocessors} SMs: 32 resident-sized blocks each. */
    static int maxBlocksFor(int multiprocessors) {
        return Math.max(1, multiprocessors) * 32;
    }
}
