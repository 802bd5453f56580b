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
    /** Whether the array came from {@link ArrayPool} and goes back there on {@link #free()} (never a caller's array). */
    private final boolean pooled;
    private volatile Object array;

    private CpuStorage(DType dtype, Object array, long numel, boolean pooled) {
        this.dtype = dtype;
        this.array = array;
        this.numel = numel;
        this.pooled = pooled;
    }

    /**
     * Uninitialised storage of {@code numel} elements: a recycled array still holds a freed tensor's values
     * (see {@link ArrayPool}).
     */
    public static CpuStorage allocate(DType dtype, long numel) {
        if (numel < 0 || numel > MAX_ELEMENTS) {
            throw new IllegalArgumentException("cpu allocate: " + numel + " elements of " + dtype
                    + " do not fit in a Java array (at most " + MAX_ELEMENTS + ")");
        }
        return new CpuStorage(dtype, ArrayPool.SHARED.take(dtype, (int) numel), numel, true);
    }

    /** Wraps an existing host array without copying (used for download targets). */
    static CpuStorage wrap(Object array) {
        if (array instanceof float[] f) {
            return new CpuStorage(DType.F32, f, f.length, false);
        } else if (array instanceof double[] d) {
            return new CpuStorage(DType.F64, d, d.length, false);
        } else if (array instanceof int[] i) {
            return new CpuStorage(DType.I32, i, i.length, false);
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

    /** Hands the array to the next allocation of its length; later {@link #array()} calls throw. */
    @Override
    public void free() {
        Object a = array;
        array = null;
        if (a != null && pooled) {
            ArrayPool.SHARED.give(dtype, a);
        }
    }

    /** A collected tensor's array may still be read by a running kernel: leave it to the garbage collector. */
    @Override
    public void abandon() {
        array = null;
    }

    @Override
    public String toString() {
        return "CpuStorage{" + dtype + ", " + numel + (array == null ? ", freed}" : "}");
    }
}
