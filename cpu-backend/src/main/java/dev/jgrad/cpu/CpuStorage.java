package dev.jgrad.cpu;

import dev.jgrad.DType;
import dev.jgrad.spi.Storage;

/**
 * CPU storage: a plain Java array ({@code float[]} for F32, {@code double[]} for F64, {@code int[]} for I32).
 * Java arrays are indexed by int, so a storage holds at most {@link #MAX_ELEMENTS} elements.
 */
public final class CpuStorage implements Storage {
    /** The largest array the JVM reliably allocates. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final long numel;
    private Object array;

    private CpuStorage(DType dtype, Object array, long numel) {
        this.dtype = dtype;
        this.array = array;
        this.numel = numel;
    }

    /** Zero-initialised storage of {@code numel} elements. */
    public static CpuStorage allocate(DType dtype, long numel) {
        if (numel < 0 || numel > MAX_ELEMENTS) {
            throw new IllegalArgumentException("cpu allocate: " + numel + " elements of " + dtype
                    + " do not fit in a Java array (at most " + MAX_ELEMENTS + ")");
        }
        int n = (int) numel;
        Object arr = switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
        };
        return new CpuStorage(dtype, arr, numel);
    }

    /** Wraps an existing host array without copying (used for download targets). */
    static CpuStorage wrap(Object array) {
        if (array instanceof float[] f) {
            return new CpuStorage(DType.F32, f, f.length);
        } else if (array instanceof double[] d) {
            return new CpuStorage(DType.F64, d, d.length);
        } else if (array instanceof int[] i) {
            return new CpuStorage(DType.I32, i, i.length);
        }
        throw new IllegalArgumentException("cpu: expected float[], double[] or int[], got "
                + (array == null ? "null" : array.getClass().getSimpleName()));
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long numel() {
        return numel;
    }

    /** The backing array; throws {@link IllegalStateException} once freed. */
    public Object array() {
        Object a = array;
        if (a == null) {
            throw new IllegalStateException("cpu storage of " + numel + " " + dtype + " elements was already freed");
        }
        return a;
    }

    @Override
    public void free() {
        array = null;   // drop the reference so the GC can reclaim it even if a tensor object lingers
    }

    @Override
    public String toString() {
        return "CpuStorage{" + dtype + ", " + numel + (array == null ? ", freed}" : "}");
    }
}
