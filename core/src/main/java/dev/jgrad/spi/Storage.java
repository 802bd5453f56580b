package dev.jgrad.spi;

import dev.jgrad.DType;

/**
 * A backend-owned block of {@link #numel()} elements of one dtype (a Java array on the CPU,
 * device memory on CUDA). Core reference-counts storages shared by views and calls
 * {@link #free()} exactly once, when the last tensor using it is closed.
 */
public interface Storage {
    DType dtype();

    long numel();

    /** Returns the memory to the backend; called once by core. */
    void free();
}
