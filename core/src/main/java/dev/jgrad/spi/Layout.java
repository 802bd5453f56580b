package dev.jgrad.spi;

import java.util.Arrays;

/**
 * How a tensor's elements sit in its storage: shape, strides (in elements) and offset.
 * Views (transpose, broadcast, reshape of dense data) are new layouts over the same storage.
 * Immutable; the arrays handed out are copies, the {@code dim}/{@code stride} accessors are not.
 *
 * <p>Backends read transposes and broadcasts from here: a stride of 0 is a broadcast
 * dimension, a matrix whose second-to-last stride is 1 is a transposed (column-major) one.
 */
public final class Layout {
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final long numel;

    public Layout(long[] shape, long[] strides, long offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Layout: shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
        this.numel = numelOf(this.shape);
    }

    /** A dense row-major layout at offset 0. */
    public static Layout contiguous(long... shape) {
        return new Layout(shape, contiguousStrides(shape), 0);
    }

    public static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** Element count; throws {@link IllegalArgumentException} on negative sizes or long overflow. */
    public static long numelOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("element count of shape " + Arrays.toString(shape)
                        + " overflows a long");
            }
        }
        return n;
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    public long stride(int i) {
        return strides[i];
    }

    public long offset() {
        return offset;
    }

    public long numel() {
        return numel;
    }

    public long[] shape() {
        return shape.clone();
    }

    public long[] strides() {
        return strides.clone();
    }

    /** Row-major dense (strides of size-1 dimensions do not matter). */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Storage index of the element at a row-major linear position. */
    public long indexOf(long linear) {
        long idx = offset;
        for (int i = shape.length - 1; i >= 0; i--) {
            long d = shape[i];
            if (d == 0) {
                return offset;
            }
            idx += (linear % d) * strides[i];
            linear /= d;
        }
        return idx;
    }

    /** Dims {@code d0} and {@code d1} swapped (already normalised, in range). */
    public Layout transpose(int d0, int d1) {
        long[] sh = shape.clone();
        long[] st = strides.clone();
        sh[d0] = shape[d1];
        sh[d1] = shape[d0];
        st[d0] = strides[d1];
        st[d1] = strides[d0];
        return new Layout(sh, st, offset);
    }

    /** Dims reordered: result dim i is this layout's dim {@code order[i]}. */
    public Layout permute(int[] order) {
        long[] sh = new long[order.length];
        long[] st = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            sh[i] = shape[order[i]];
            st[i] = strides[order[i]];
        }
        return new Layout(sh, st, offset);
    }

    /**
     * This layout seen as {@code target} by NumPy broadcasting: leading new dims and size-1 dims
     * get stride 0. Returns null when the shapes are not broadcast-compatible.
     */
    public Layout broadcastTo(long[] target) {
        if (target.length < shape.length) {
            return null;
        }
        long[] st = new long[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            long have = shape[i];
            long want = target[lead + i];
            if (have == want) {
                st[lead + i] = strides[i];
            } else if (have == 1) {
                st[lead + i] = 0;
            } else {
                return null;
            }
        }
        return new Layout(target, st, offset);
    }

    /** A view with the new shape when the data is dense row-major; null otherwise. */
    public Layout reshape(long[] newShape) {
        if (!isContiguous()) {
            return null;
        }
        return new Layout(newShape, contiguousStrides(newShape), offset);
    }

    /** NumPy broadcast of two shapes; null when incompatible. */
    public static long[] broadcastShapes(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                return null;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.offset == offset && Arrays.equals(l.shape, shape)
                && Arrays.equals(l.strides, strides);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(strides) + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return "Layout{shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides)
                + ", offset=" + offset + "}";
    }
}
