package dev.jgrad.spi;

import dev.jgrad.DType;

/**
 * A backend-owned block of {@link #numel()} elements of one dtype (a Java array on the CPU,
 * device memory on CUDA). Core reference-counts storages shared by views and calls
 * {@link #free()} exactly once, when the last tensor using it is closed, or {@link #abandon()} instead when
 * the garbage collector dropped the last one.
 */
public interface Storage {
    DType dtype();

    long numel();

    /** Returns the memory to the backend; called once by core. */
    void free();

    /**
     * Called instead of {@link #free()} when the last tensor was collected without being closed (a leak the
     * Cleaner caught). Such a tensor can become unreachable while an operation is still reading its storage
     * (the JIT may drop a reference after its last use), so a backend that recycles memory synchronously should
     * not recycle this block: the default frees it like {@link #free()}, which suits stream-ordered reuse.
     */
    default void abandon() {
        free();
    }
}
