package dev.jgrad.cuda;

import dev.jgrad.DType;
import dev.jgrad.spi.Storage;
import java.util.concurrent.atomic.AtomicBoolean;

/** Device memory for {@code numel} elements, from the backend's caching allocator. */
final class CudaStorage implements Storage {
    private final CudaBackend owner;
    private final DType dtype;
    private final long numel;
    private final long address;
    private final AtomicBoolean freed = new AtomicBoolean();

    CudaStorage(CudaBackend owner, DType dtype, long numel, long address) {
        this.owner = owner;
        this.dtype = dtype;
        this.numel = numel;
        this.address = address;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long numel() {
        return numel;
    }

    CudaBackend owner() {
        return owner;
    }

    /** Device address of element 0 (0 for an empty storage). */
    long address() {
        return address;
    }

    /** Returns the block to the allocator's cache; a second call is ignored. */
    @Override
    public void free() {
        if (freed.compareAndSet(false, true)) {
            owner.release(address);
        }
    }

    @Override
    public String toString() {
        return "CudaStorage{" + dtype + " x " + numel + " @ 0x" + Long.toHexString(address) + "}";
    }
}
