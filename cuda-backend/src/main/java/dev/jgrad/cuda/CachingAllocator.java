package dev.jgrad.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps freed device blocks in size-binned free lists and hands them out again, so a steady-state
 * training step (the same tensor sizes every iteration) makes no cuMemAlloc/cuMemFree calls.
 *
 * <p>Reuse is stream-ordered: all work runs on the backend's single stream, so a block freed while
 * kernels that use it are still queued can be handed to the next allocation at once; that
 * allocation's work is queued behind them. On out-of-memory the cache is returned to the driver
 * and the allocation retried once before {@link CudaOutOfMemoryException} is thrown.
 * Thread-safe (tensors may be closed by a Cleaner thread).
 */
final class CachingAllocator {
    /** Small requests are rounded to this; sizes repeat exactly in training, so bins match. */
    static final long SMALL_ROUND = 512;
    /** Requests from 1 MiB up are rounded to whole MiB: at most 1/N waste, far fewer distinct bins. */
    static final long LARGE_ROUND = 1L << 20;

    private final DeviceMemory memory;
    private final TreeMap<Long, ArrayDeque<Long>> freeBySize = new TreeMap<>();
    private final Map<Long, Long> sizeOfLive = new HashMap<>();
    private long inUseBytes;
    private long cachedBytes;
    private long deviceAllocCalls;
    private long deviceFreeCalls;

    CachingAllocator(DeviceMemory memory) {
        this.memory = memory;
    }

    /** The bin a request falls in. */
    static long roundSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("CachingAllocator: request of " + bytes + " bytes");
        }
        long unit = bytes < LARGE_ROUND ? SMALL_ROUND : LARGE_ROUND;
        return Math.addExact(bytes, unit - 1) / unit * unit;
    }

    /** A block of at least {@code bytes}; 0 for an empty request (nothing to allocate). */
    synchronized long allocate(long bytes) {
        if (bytes == 0) {
            return 0;
        }
        long size = roundSize(bytes);
        ArrayDeque<Long> bin = freeBySize.get(size);
        long address;
        if (bin != null && !bin.isEmpty()) {
            address = bin.pop();
            if (bin.isEmpty()) {
                freeBySize.remove(size);
            }
            cachedBytes -= size;
        } else {
            address = deviceAlloc(size);
            if (address == 0) {
                emptyCache();
                address = deviceAlloc(size);
            }
            if (address == 0) {
                throw new CudaOutOfMemoryException(bytes, inUseBytes, cachedBytes);
            }
        }
        sizeOfLive.put(address, size);
        inUseBytes += size;
        return address;
    }

    /** Puts a block back in its bin (not back to the driver). */
    synchronized void release(long address) {
        if (address == 0) {
            return;
        }
        Long size = sizeOfLive.remove(address);
        if (size == null) {
            throw new IllegalStateException("CachingAllocator: release of unknown or already released block 0x"
                    + Long.toHexString(address));
        }
        inUseBytes -= size;
        cachedBytes += size;
        freeBySize.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
    }

    /** Returns every cached block to the driver. */
    synchronized void emptyCache() {
        for (Map.Entry<Long, ArrayDeque<Long>> e : freeBySize.entrySet()) {
            for (long address : e.getValue()) {
                memory.free(address);
                deviceFreeCalls++;
            }
        }
        freeBySize.clear();
        cachedBytes = 0;
    }

    private long deviceAlloc(long size) {
        deviceAllocCalls++;
        return memory.alloc(size);
    }

    /** Bytes held by live blocks (rounded sizes). */
    synchronized long inUseBytes() {
        return inUseBytes;
    }

    /** Bytes held in the free lists. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Calls made to the driver's allocator, successful or not. */
    synchronized long deviceAllocCalls() {
        return deviceAllocCalls;
    }

    synchronized long deviceFreeCalls() {
        return deviceFreeCalls;
    }

    synchronized String describe() {
        return "in use " + inUseBytes + " B, cached " + cachedBytes + " B, " + deviceAllocCalls + " device allocations";
    }
}
