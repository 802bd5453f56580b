package dev.jgrad.spi;

/**
 * A backend jar's entry point, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.jgrad.spi.BackendProvider}). Providers must load without touching
 * native libraries: probing happens in {@link #unavailableReason()}, which never throws.
 */
public interface BackendProvider {
    /** The device type served: "cpu" or "cuda". */
    String deviceType();

    /** Null when devices of this type can be used; otherwise one sentence saying why not. Never throws. */
    String unavailableReason();

    /** Number of usable devices (0 when unavailable). */
    int deviceCount();

    /** The backend of device {@code ordinal}; called once per device and cached by core. */
    Backend open(int ordinal);
}
