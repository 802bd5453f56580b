package dev.jgrad.cuda;

/**
 * Raw device memory as the {@link CachingAllocator} sees it: the one seam between its bookkeeping
 * and the CUDA driver, so the bookkeeping is testable without a GPU.
 */
interface DeviceMemory {
    /** Address of a new block of {@code bytes} (> 0), or 0 when the device is out of memory. */
    long alloc(long bytes);

    /** Returns a block obtained from {@link #alloc}. */
    void free(long address);
}
