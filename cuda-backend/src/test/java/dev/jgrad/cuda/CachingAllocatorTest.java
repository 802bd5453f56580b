package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocator's bookkeeping against a fake device with a fixed capacity. */
class CachingAllocatorTest {
    /** Hands out increasing fake addresses while the capacity lasts. */
    static final class FakeDevice implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used;
        long next = 0x10000;
        int allocs;
        int frees;

        FakeDevice(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public long alloc(long bytes) {
            allocs++;
            if (used + bytes > capacity) {
                return 0;
            }
            long a = next;
            next += bytes + 256;
            live.put(a, bytes);
            used += bytes;
            return a;
        }

        @Override
        public void free(long address) {
            frees++;
            Long b = live.remove(address);
            if (b == null) {
                throw new AssertionError("double or foreign free 0x" + Long.toHexString(address));
            }
            used -= b;
        }
    }

    @Test
    void roundsSmallRequestsTo512AndLargeToMebibytes() {
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(512, CachingAllocator.roundSize(512));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(1L << 20, CachingAllocator.roundSize((1L << 20) - 1));
        assertEquals(2L << 20, CachingAllocator.roundSize((1L << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundSize(-4));
    }

    @Test
    void aSteadyStateLoopAllocatesFromTheDeviceOnlyInItsFirstIteration() {
        FakeDevice dev = new FakeDevice(1L << 30);
        CachingAllocator alloc = new CachingAllocator(dev);
        long[] sizes = {4000, 64 * 1024, 3_000_000, 4000, 12};
        for (int step = 0; step < 5; step++) {
            long[] blocks = new long[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                blocks[i] = alloc.allocate(sizes[i]);
            }
            for (long b : blocks) {
                alloc.release(b);
            }
        }
        assertEquals(5, alloc.deviceAllocCalls(), "only the first iteration reaches the device");
        assertEquals(0, alloc.inUseBytes());
        long expectedCache = 4096 + 4096 + 65536 + 3L * (1 << 20) + 512;
        assertEquals(expectedCache, alloc.cachedBytes());
        assertEquals(0, dev.frees);
    }

    @Test
    void tracksInUseAndCachedBytesAndReusesTheSameBin() {
        CachingAllocator alloc = new CachingAllocator(new FakeDevice(1L << 20));
        long a = alloc.allocate(1000);
        long b = alloc.allocate(1000);
        assertNotEquals(a, b);
        assertEquals(2048, alloc.inUseBytes());
        alloc.release(a);
        assertEquals(1024, alloc.inUseBytes());
        assertEquals(1024, alloc.cachedBytes());
        assertEquals(a, alloc.allocate(700), "700 B rounds to the same 1024 B bin");
        assertEquals(0, alloc.cachedBytes());
        assertEquals(2, alloc.deviceAllocCalls());
    }

    @Test
    void emptyRequestsNeedNoMemory() {
        CachingAllocator alloc = new CachingAllocator(new FakeDevice(0));
        assertEquals(0, alloc.allocate(0));
        alloc.release(0);
        assertEquals(0, alloc.deviceAllocCalls());
    }

    @Test
    void outOfMemoryFreesTheCacheAndRetriesOnce() {
        FakeDevice dev = new FakeDevice(4096);
        CachingAllocator alloc = new CachingAllocator(dev);
        long small = alloc.allocate(2048);
        alloc.release(small);                    // 2048 cached, device full-ish
        long big = alloc.allocate(3000);         // 3072: fails, cache freed, retry succeeds
        assertNotEquals(0, big);
        assertEquals(1, dev.frees);
        assertEquals(0, alloc.cachedBytes());
        assertEquals(3072, alloc.inUseBytes());
        assertEquals(3, alloc.deviceAllocCalls());
    }

    @Test
    void outOfMemoryAfterTheRetryThrowsWithTheNumbers() {
        FakeDevice dev = new FakeDevice(4096);
        CachingAllocator alloc = new CachingAllocator(dev);
        alloc.allocate(3000);
        CudaOutOfMemoryException e = assertThrows(CudaOutOfMemoryException.class, () -> alloc.allocate(2000));
        assertEquals(2000, e.requestedBytes());
        assertEquals(3072, e.inUseBytes());
        assertEquals(0, e.cachedBytes());
        assertTrue(e.getMessage().contains("requested 2000 bytes"), e.getMessage());
        assertEquals(3, alloc.deviceAllocCalls(), "one failed try, one retry after emptying the cache");
    }

    @Test
    void releasingTwiceIsAnError() {
        CachingAllocator alloc = new CachingAllocator(new FakeDevice(1 << 20));
        long a = alloc.allocate(10);
        alloc.release(a);
        assertThrows(IllegalStateException.class, () -> alloc.release(a));
    }
}
