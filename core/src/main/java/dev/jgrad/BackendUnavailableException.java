package dev.jgrad;

/**
 * Thrown when a tensor is created on, or moved to, a {@link Device} that cannot be used here;
 * the message says why (no driver, no GPU, cuBLAS missing, backend jar not on the classpath).
 *
 * <pre>{@code
 * if (!Device.isAvailable(Device.cuda())) { ... }   // never throws
 * Tensor.zeros(DType.F32, 3).to(Device.cuda());     // throws this when CUDA is unusable
 * }</pre>
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
