package dev.jgrad;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a tensor lives: the CPU, or a CUDA GPU by ordinal. A descriptor, like
 * {@code torch.device("cuda")}; creating one never touches the hardware.
 *
 * <pre>{@code
 * Device d = Device.isAvailable(Device.cuda()) ? Device.cuda() : Device.cpu();
 * try (Scope s = Device.with(d)) {
 *     Tensor x = Tensor.randn(42, DType.F32, 64, 1000);  // created on d
 * }
 * }</pre>
 */
public final class Device {
    private static final Device CPU = new Device("cpu", 0);
    private static final ThreadLocal<Device> THREAD_DEFAULT = new ThreadLocal<>();

    private final String type;
    private final int ordinal;

    private Device(String type, int ordinal) {
        this.type = type;
        this.ordinal = ordinal;
    }

    public static Device cpu() {
        return CPU;
    }

    /** CUDA device 0. */
    public static Device cuda() {
        return cuda(0);
    }

    public static Device cuda(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("Device.cuda: ordinal must be >= 0, got " + ordinal);
        }
        return new Device("cuda", ordinal);
    }

    /** Parses "cpu", "cuda" or "cuda:N". */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda();
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Device.parse: expected cpu, cuda or cuda:N, got '" + text + "'");
    }

    /**
     * The thread's default device: the innermost {@link #with} scope, else {@code -Djgrad.device},
     * else CUDA when usable, else the CPU (logging once why CUDA is not used).
     */
    public static Device defaultDevice() {
        Device scoped = THREAD_DEFAULT.get();
        if (scoped != null) {
            return scoped;
        }
        return Backends.processDefaultDevice();
    }

    /** True when tensors can be created on {@code d}; never throws. */
    public static boolean isAvailable(Device d) {
        try {
            return d != null && Backends.unavailableReason(d) == null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Sets the calling thread's default device until the returned scope is closed. */
    public static Scope with(Device d) {
        Objects.requireNonNull(d, "Device.with: device is null");
        Device previous = THREAD_DEFAULT.get();
        THREAD_DEFAULT.set(d);
        return () -> THREAD_DEFAULT.set(previous);
    }

    /** "cpu" or "cuda". */
    public String type() {
        return type;
    }

    public int ordinal() {
        return ordinal;
    }

    public boolean isCpu() {
        return this.type.equals("cpu");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device other && other.type.equals(type) && other.ordinal == ordinal;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + ordinal;
    }

    @Override
    public String toString() {
        return isCpu() ? "cpu" : type + ":" + ordinal;
    }
}
