package dev.jgrad.cpu;

import dev.jgrad.spi.Backend;
import dev.jgrad.spi.BackendProvider;

/**
 * ServiceLoader entry point of the CPU backend: one device, always available.
 *
 * <pre>{@code
 * Backend cpu = new CpuBackendProvider().open(0);
 * }</pre>
 */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String deviceType() {
        return "cpu";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public int deviceCount() {
        return 1;
    }

    @Override
    public Backend open(int ordinal) {
        if (ordinal != 0) {
            throw new IllegalArgumentException("cpu backend: device ordinal must be 0, got " + ordinal);
        }
        return new CpuBackend();
    }
}
