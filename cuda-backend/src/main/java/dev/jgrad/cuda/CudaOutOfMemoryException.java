package dev.jgrad.cuda;

/**
 * The GPU could not hold a new block even after jgrad emptied its allocator cache. The numbers say
 * how much was asked for and how much jgrad held at the time.
 *
 * <pre>{@code
 * try { Tensor big = Tensor.zeros(DType.F32, 1L << 40).to(Device.cuda()); }
 * catch (CudaOutOfMemoryException e) { System.err.println(e.requestedBytes() + " bytes: " + e.getMessage()); }
 * }</pre>
 */
public class CudaOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long requestedBytes;
    private final long inUseBytes;
    private final long cachedBytes;

    public CudaOutOfMemoryException(long requestedBytes, long inUseBytes, long cachedBytes) {
        super("CUDA out of memory: requested " + requestedBytes + " bytes with " + inUseBytes
                + " bytes in use by tensors and " + cachedBytes + " bytes cached (after freeing the cache and retrying)");
        this.requestedBytes = requestedBytes;
        this.inUseBytes = inUseBytes;
        this.cachedBytes = cachedBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    public long inUseBytes() {
        return inUseBytes;
    }

    public long cachedBytes() {
        return cachedBytes;
    }
}
