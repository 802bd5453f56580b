package dev.jgrad.cuda;

import dev.jgrad.BackendUnavailableException;
import dev.jgrad.spi.Backend;
import dev.jgrad.spi.BackendProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ServiceLoader entry point for {@code Device.cuda()}. Loading this class touches no native
 * code; {@link #unavailableReason()} runs (once) the guarded {@link CudaProbe}.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** One backend (context, stream, cuBLAS handle, allocator) per GPU per process. */
    private static final Map<Integer, CudaBackend> OPENED = new ConcurrentHashMap<>();

    @Override
    public String deviceType() {
        return "cuda";
    }

    @Override
    public String unavailableReason() {
        return CudaProbe.result().reason();
    }

    @Override
    public int deviceCount() {
        return CudaProbe.result().deviceCount();
    }

    @Override
    public Backend open(int ordinal) {
        CudaProbe.Result probe = CudaProbe.result();
        if (probe.reason() != null) {
            throw new BackendUnavailableException(probe.reason());
        }
        if (ordinal < 0 || ordinal >= probe.gpus().size()) {
            throw new BackendUnavailableException("cuda:" + ordinal + " does not exist: "
                    + probe.gpus().size() + " GPU(s) found");
        }
        return OPENED.computeIfAbsent(ordinal, i -> new CudaBackend(probe.gpus().get(i)));
    }

    /** The backend already opened for GPU {@code ordinal}, or null. */
    static CudaBackend opened(int ordinal) {
        return OPENED.get(ordinal);
    }
}
