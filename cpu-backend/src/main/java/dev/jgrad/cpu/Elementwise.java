package dev.jgrad.cpu;

import dev.jgrad.spi.Layout;

/**
 * Runs a contiguous-array kernel over operands of any strided layout. Operand 0 is the output,
 * the others are inputs; all share one shape. When every operand's innermost run has stride 1 the
 * kernel works directly on the storage arrays (the fast path: plain loops the JIT vectorises);
 * otherwise strided runs are gathered into per-thread scratch blocks and the output scattered back (big ops with
 * an operand laid out across the rows, as a transposed view is, in tiles: {@link TiledWalk}).
 * Large ops are split into chunks over the pool; elements are independent so chunking never changes results.
 */
final class Elementwise {
    /** Below this many elements an op runs on the calling thread (pool hand-off costs more than it saves). */
    static final long PARALLEL_THRESHOLD = 1 << 16;
    private static final long MIN_CHUNK = 1 << 15;

    /** A loop over {@code n} consecutive elements: operand k's elements are {@code arrays[k][offsets[k] + i]}. */
    @FunctionalInterface
    interface Kernel {
        /** {@code linear} is the row-major position of the first element (used by counter-based random numbers). */
        void run(Object[] arrays, int[] offsets, long linear, int n);
    }

    private Elementwise() {
    }

    static void run(CpuThreads threads, Kernel kernel, Object[] arrays, Layout... layouts) {
        run(threads, kernel, false, arrays, layouts);
    }

    /** As {@link #run}, for a kernel that also reads operand 0 (an in-place update): its strided runs are gathered too. */
    static void runInPlace(CpuThreads threads, Kernel kernel, Object[] arrays, Layout... layouts) {
        run(threads, kernel, true, arrays, layouts);
    }

    private static void run(CpuThreads threads, Kernel kernel, boolean readsOut, Object[] arrays, Layout... layouts) {
        IterSpace space = IterSpace.of(layouts);
        if (space.numel == 0) {
            return;
        }
        if (TiledWalk.applies(space)) {   // only big ops (TILED_MIN), so always split over the pool
            TiledWalk job = new TiledWalk(space, kernel, readsOut, arrays);
            threads.parallelRange(job.count, Math.max(1, job.count * MIN_CHUNK / space.numel), job::run);
            return;
        }
        if (space.numel < PARALLEL_THRESHOLD) {
            runRange(space, kernel, readsOut, arrays, 0, space.numel);
        } else {
            threads.parallelRange(space.numel, MIN_CHUNK, (s, e) -> runRange(space, kernel, readsOut, arrays, s, e));
        }
    }

    private static void runRange(IterSpace space, Kernel kernel, boolean readsOut, Object[] arrays, long start, long end) {
        int ops = space.operands();
        boolean direct = true;
        for (int k = 0; k < ops; k++) {
            direct &= space.innerStride(k) == 1;
        }
        StridedIndexer it = new StridedIndexer(space);
        it.seek(start);
        int[] offs = new int[ops];
        if (direct) {
            for (long at = start; at < end; ) {
                int n = it.run(end - at);
                for (int k = 0; k < ops; k++) {
                    offs[k] = it.intPos(k);
                }
                kernel.run(arrays, offs, at, n);
                it.advance(n);
                at += n;
            }
            return;
        }
        boolean[] gathered = new boolean[ops];
        Object[] blockArrays = blocks(space, arrays, gathered);
        for (long at = start; at < end; ) {
            int n = it.run(Math.min(end - at, Scratch.BLOCK));
            for (int k = 0; k < ops; k++) {
                if (gathered[k]) {
                    offs[k] = 0;
                    if (k > 0 || readsOut) {
                        Gather.gather(arrays[k], it.pos[k], space.innerStride(k), blockArrays[k], n);
                    }
                } else {
                    offs[k] = it.intPos(k);
                }
            }
            kernel.run(blockArrays, offs, at, n);
            if (gathered[0]) {
                Gather.scatter(blockArrays[0], arrays[0], it.pos[0], space.innerStride(0), n);
            }
            it.advance(n);
            at += n;
        }
    }

    /**
     * Where each operand's runs are read or written: operands whose innermost stride is not 1 ({@code gathered[k]}
     * set) go through this thread's scratch block, the others are used in place.
     */
    static Object[] blocks(IterSpace space, Object[] arrays, boolean[] gathered) {
        Scratch scratch = Scratch.get();
        Object[] blockArrays = new Object[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            gathered[k] = space.innerStride(k) != 1;
            blockArrays[k] = gathered[k] ? scratch.like(arrays[k], k) : arrays[k];
        }
        return blockArrays;
    }
}
