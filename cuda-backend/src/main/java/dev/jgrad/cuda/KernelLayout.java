package dev.jgrad.cuda;

import dev.jgrad.spi.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Layouts as the kernels take them: the {@code Lay} struct of {@code kernels/src/main/cuda/jgrad.cuh}
 * ({@code rank, offset, shape[8], stride[8]} as 18 int64), after merging dims the kernels need not
 * see separately. Merging is what keeps 64-bit index arithmetic cheap: a contiguous tensor of any
 * rank becomes rank 1, a transposed matrix stays rank 2.
 */
final class KernelLayout {
    static final int MAX_RANK = 8;
    static final int PACKED_LONGS = 2 + 2 * MAX_RANK;

    private KernelLayout() {
    }

    /** The struct's bytes as longs, ready for {@code Pointer.to(long[])} as a by-value kernel argument. */
    static long[] pack(Layout l) {
        if (l.rank() > MAX_RANK) {
            throw new IllegalArgumentException("CUDA kernels take at most " + MAX_RANK + " dims after merging, got "
                    + l + "; make the tensor contiguous first");
        }
        long[] p = new long[PACKED_LONGS];
        p[0] = l.rank();
        p[1] = l.offset();
        for (int d = 0; d < l.rank(); d++) {
            p[2 + d] = l.dim(d);
            p[2 + MAX_RANK + d] = l.stride(d);
        }
        return p;
    }

    /**
     * The same elements in the same row-major order, for layouts of one shape walked together:
     * size-1 dims dropped, and neighbouring dims merged where every layout steps through them as
     * one ({@code stride[d] == stride[d+1] * shape[d+1]}). Offsets are kept.
     */
    static Layout[] coalesce(Layout... layouts) {
        long[] shape = layouts[0].shape();
        for (Layout l : layouts) {
            if (!Arrays.equals(shape, l.shape())) {
                throw new IllegalArgumentException("coalesce: shapes differ: " + Arrays.toString(layouts));
            }
        }
        int n = layouts.length;
        List<Long> sizes = new ArrayList<>();
        List<long[]> strides = new ArrayList<>();   // per merged dim, one stride per layout
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            long[] st = new long[n];
            for (int i = 0; i < n; i++) {
                st[i] = layouts[i].stride(d);
            }
            if (!sizes.isEmpty()) {
                int last = sizes.size() - 1;
                long innerSize = sizes.get(last);
                long[] inner = strides.get(last);
                boolean mergeable = true;
                for (int i = 0; i < n && mergeable; i++) {
                    mergeable = st[i] == inner[i] * innerSize;
                }
                if (mergeable) {
                    sizes.set(last, innerSize * shape[d]);
                    continue;   // the merged dim keeps the inner strides
                }
            }
            sizes.add(shape[d]);
            strides.add(st);
        }
        int rank = sizes.size();
        Layout[] out = new Layout[n];
        for (int i = 0; i < n; i++) {
            long[] sh = new long[rank];
            long[] st = new long[rank];
            for (int k = 0; k < rank; k++) {   // collected innermost first
                sh[rank - 1 - k] = sizes.get(k);
                st[rank - 1 - k] = strides.get(k)[i];
            }
            out[i] = new Layout(sh, st, layouts[i].offset());
        }
        return out;
    }

    /** {@code l} with dims {@code dims} set to size 1: the index space of what survives a reduction. */
    static Layout keepingAllBut(Layout l, int... dims) {
        long[] sh = l.shape();
        for (int d : dims) {
            sh[d] = 1;
        }
        return new Layout(sh, l.strides(), l.offset());
    }

    /** Only dims {@code dims} of {@code l}, at offset 0: the walk over one reduction's inputs. */
    static Layout only(Layout l, int... dims) {
        long[] sh = new long[dims.length];
        long[] st = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            sh[i] = l.dim(dims[i]);
            st[i] = l.stride(dims[i]);
        }
        return new Layout(sh, st, 0);
    }

    /**
     * For a reduction of {@code in} over {@code dims} into {@code out} (reduced dims kept with size 1):
     * {kept, out, red}, where element (o, r) is at {@code kept.indexOf(o) + red.indexOf(r)}.
     */
    static Layout[] reductionSplit(Layout in, int[] dims, Layout out) {
        Layout kept = keepingAllBut(in, dims);
        Layout outSameShape = new Layout(kept.shape(), out.strides(), out.offset());
        Layout[] ko = coalesce(kept, outSameShape);
        Layout red = coalesce(only(in, dims))[0];
        return new Layout[] {ko[0], ko[1], red};
    }

    /** True when neighbouring outputs of a reduction read neighbouring inputs (innermost kept stride 1). */
    static boolean outputsAdjacent(Layout kept) {
        return kept.rank() > 0 && kept.stride(kept.rank() - 1) == 1;
    }
}
