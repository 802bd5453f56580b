package dev.jgrad.cpu;

/**
 * The walk {@link Elementwise} takes when an operand is read (or written) across rows, as a transposed view is:
 * strips of {@link #TILE} rows of the last two dims, each crossed in TILE × {@link #TILE_COLS} tiles, row by row
 * inside a tile, so the cache lines a strided operand's tile row touches are still in L1 for the tile's next rows.
 * The kernel still gets runs of consecutive row-major elements (up to TILE_COLS long) with their linear position;
 * elements are independent, so the order of the runs never changes a result.
 */
final class TiledWalk {
    /**
     * Rows and columns of the tiles. Measured on copying a transposed 1024×1024 F32 view (2 cores, median): 1,780 µs
     * row by row; tiles of 32 × 32: 926, 32 × 128: 730, 32 × 256: 671, 16 × 128: 792, 32 × 1024: 1,876 (a tile row's
     * strided elements each on its own page).
     */
    static final int TILE = 32;
    static final int TILE_COLS = 128;
    /** Elements from which a transposing walk goes through tiles. */
    static final long TILED_MIN = 1 << 18;

    /**
     * Whether some operand runs across the innermost dim with a stride but along the next one contiguously, as when
     * a transposed view is copied or combined with a row-major one: walked row by row, each of its elements would
     * come from another cache line (and, 4 KiB apart, another page).
     */
    static boolean applies(IterSpace space) {
        int r = space.rank();
        // up to a few hundred KiB the operands stay in L2 either way, and there the plain walk measured as fast or
        // faster (F32 median, 2 cores: 256×256 copy 87 µs plain, 103 tiled; 512×512 186 and 193)
        if (r < 2 || space.numel < TILED_MIN || space.shape[r - 1] < TILE || space.shape[r - 2] < TILE) {
            return false;
        }
        for (int k = 0; k < space.operands(); k++) {
            // a stride-0 operand (a column broadcast along the rows) reads one element per row: nothing to tile
            if (space.innerStride(k) != 1 && space.innerStride(k) != 0 && Math.abs(space.strides[k][r - 2]) == 1) {
                return true;
            }
        }
        return false;
    }

    private final IterSpace space;
    private final Elementwise.Kernel kernel;
    private final boolean readsOut;
    private final Object[] arrays;
    private final long rows;
    private final long cols;
    private final long stripsPerPlane;
    /** Strips in all: the units {@link #run} takes, in parallel or not. */
    final long count;
    /** The dims before the last two (a single [1] when there are none), walked with {@link StridedIndexer}. */
    private final IterSpace outer;

    TiledWalk(IterSpace space, Elementwise.Kernel kernel, boolean readsOut, Object[] arrays) {
        this.space = space;
        this.kernel = kernel;
        this.readsOut = readsOut;
        this.arrays = arrays;
        int r = space.rank();
        rows = space.shape[r - 2];
        cols = space.shape[r - 1];
        stripsPerPlane = (rows + TILE - 1) / TILE;
        long[][] outerStrides = new long[space.operands()][];
        for (int k = 0; k < outerStrides.length; k++) {
            outerStrides[k] = java.util.Arrays.copyOf(space.strides[k], r - 2);
        }
        outer = IterSpace.of(java.util.Arrays.copyOf(space.shape, r - 2), outerStrides, space.offsets);
        count = outer.numel * stripsPerPlane;
    }

    /** Strips [first, last): strip t is rows [(t % stripsPerPlane)·TILE, ...) of plane t / stripsPerPlane. */
    void run(long first, long last) {
        int ops = space.operands();
        int r = space.rank();
        boolean[] gathered = new boolean[ops];
        Object[] block = Elementwise.blocks(space, arrays, gathered);
        int[] offs = new int[ops];
        long[] at = new long[ops];
        StridedIndexer planes = new StridedIndexer(outer);
        long plane = first / stripsPerPlane;
        planes.seek(plane);
        for (long t = first; t < last; t++) {
            for (; plane < t / stripsPerPlane; plane++) {
                planes.advance(1);
            }
            long i0 = (t % stripsPerPlane) * TILE;
            long i1 = Math.min(rows, i0 + TILE);
            for (long j0 = 0; j0 < cols; j0 += TILE_COLS) {
                int n = (int) Math.min(TILE_COLS, cols - j0);
                for (long i = i0; i < i1; i++) {
                    for (int k = 0; k < ops; k++) {
                        at[k] = planes.pos[k] + i * space.strides[k][r - 2] + j0 * space.strides[k][r - 1];
                        if (gathered[k]) {
                            offs[k] = 0;
                            if (k > 0 || readsOut) {
                                Gather.gather(arrays[k], at[k], space.innerStride(k), block[k], n);
                            }
                        } else {
                            offs[k] = (int) at[k];
                        }
                    }
                    kernel.run(block, offs, (plane * rows + i) * cols + j0, n);
                    if (gathered[0]) {
                        Gather.scatter(block[0], arrays[0], at[0], space.innerStride(0), n);
                    }
                }
            }
        }
    }
}
