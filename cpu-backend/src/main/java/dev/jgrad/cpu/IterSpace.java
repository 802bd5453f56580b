package dev.jgrad.cpu;

import dev.jgrad.spi.Layout;

/**
 * A shape walked jointly by several operands, each with its own strides and offset, simplified so
 * that loops are as long and as few as possible: size-1 dims are dropped and neighbouring dims that
 * are laid out back to back in every operand are merged. Row-major element order is preserved, so
 * linear position {@code i} here is element {@code i} of the original shape.
 */
final class IterSpace {
    final long[] shape;        // rank >= 1 (a rank-0 or all-ones shape becomes [1])
    final long[][] strides;    // [operand][dim]
    final long[] offsets;      // [operand]
    final long numel;

    private IterSpace(long[] shape, long[][] strides, long[] offsets, long numel) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.numel = numel;
    }

    /** Operands given as layouts that all have the same shape. */
    static IterSpace of(Layout... layouts) {
        long[] shape = layouts[0].shape();
        long[][] strides = new long[layouts.length][];
        long[] offsets = new long[layouts.length];
        for (int k = 0; k < layouts.length; k++) {
            strides[k] = layouts[k].strides();
            offsets[k] = layouts[k].offset();
        }
        return of(shape, strides, offsets);
    }

    static IterSpace of(long[] shape, long[][] strides, long[] offsets) {
        int ops = strides.length;
        long numel = Layout.numelOf(shape);
        int rank = shape.length;
        long[] sh = new long[Math.max(rank, 1)];
        long[][] st = new long[ops][Math.max(rank, 1)];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;          // contributes nothing to the walk
            }
            if (r > 0 && canMerge(st, r - 1, shape[d], strides, d)) {
                sh[r - 1] *= shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][r - 1] = strides[k][d];
                }
                continue;
            }
            sh[r] = shape[d];
            for (int k = 0; k < ops; k++) {
                st[k][r] = strides[k][d];
            }
            r++;
        }
        if (r == 0) {
            sh[0] = 1;             // rank 0 or all ones: a single element, strides irrelevant
            r = 1;
        }
        long[] shapeOut = java.util.Arrays.copyOf(sh, r);
        long[][] stridesOut = new long[ops][];
        for (int k = 0; k < ops; k++) {
            stridesOut[k] = java.util.Arrays.copyOf(st[k], r);
        }
        return new IterSpace(shapeOut, stridesOut, offsets.clone(), numel);
    }

    /** Outer dim (collapsed index {@code outer}) can absorb dim {@code d} when each operand steps over it exactly. */
    private static boolean canMerge(long[][] collapsed, int outer, long size, long[][] strides, int d) {
        for (int k = 0; k < strides.length; k++) {
            if (collapsed[k][outer] != strides[k][d] * size) {
                return false;
            }
        }
        return true;
    }

    int rank() {
        return shape.length;
    }

    int operands() {
        return offsets.length;
    }

    long innerSize() {
        return shape[shape.length - 1];
    }

    long innerStride(int operand) {
        return strides[operand][shape.length - 1];
    }
}
