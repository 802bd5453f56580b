package dev.jgrad.cuda;

/**
 * Grid and block sizes for jgrad's kernels. Every kernel loops grid-stride, so the grid is capped
 * (about {@code maxBlocks}: enough resident blocks to fill the GPU) rather than sized to cover n.
 * Reduction geometry depends only on the sizes, never on timing, which is what makes reductions
 * bitwise reproducible.
 *
 * @param gridX     blocks
 * @param blockX    threads per block (a multiple of 32 where the kernel uses warp shuffles)
 * @param perThread for reductions: one thread per output walking the reduced elements in order,
 *                  instead of one block per output
 */
record LaunchGeometry(int gridX, int blockX, boolean perThread) {
    static final int ELEMENTWISE_BLOCK = 256;
    static final int MAX_REDUCE_BLOCK = 256;
    /** Reductions this short are done by one thread each: a block would idle most of its lanes. */
    static final long PER_THREAD_MAX_REDUCED = 32;
    /** With adjacent outputs, per-thread reduction reads coalesced memory once there are this many outputs. */
    static final long PER_THREAD_MIN_OUTPUTS = 4096;

    /** For {@code n} independent elements. */
    static LaunchGeometry elementwise(long n, int maxBlocks) {
        return new LaunchGeometry(blocksFor(n, ELEMENTWISE_BLOCK, maxBlocks), ELEMENTWISE_BLOCK, false);
    }

    /**
     * For {@code nOut} outputs each reducing {@code nRed} inputs; {@code outputsAdjacent} when
     * neighbouring outputs read neighbouring inputs (reduction over outer dims).
     */
    static LaunchGeometry reduction(long nOut, long nRed, boolean outputsAdjacent, int maxBlocks) {
        if (nRed <= PER_THREAD_MAX_REDUCED || (outputsAdjacent && nOut >= PER_THREAD_MIN_OUTPUTS)) {
            return new LaunchGeometry(blocksFor(nOut, ELEMENTWISE_BLOCK, maxBlocks), ELEMENTWISE_BLOCK, true);
        }
        return new LaunchGeometry(gridFor(nOut, maxBlocks), warpMultiple(nRed), false);
    }

    /** For row-wise kernels (softmax family): one block per row, threads over the row. */
    static LaunchGeometry rows(long rows, long rowLength, int maxBlocks) {
        return new LaunchGeometry(gridFor(rows, maxBlocks), warpMultiple(rowLength), false);
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
