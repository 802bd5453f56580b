package dev.jgrad;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts of tensor handles, to check that a loop does not leak: every tensor object is live from creation
 * until it is closed or collected. With {@code -Djgrad.debug.leaks=true}, a tensor the garbage collector
 * reclaims without {@link Tensor#close()} having been called is reported (logger {@code dev.jgrad}, WARNING)
 * with the stack trace of its creation.
 *
 * <pre>{@code
 * long before = MemoryStats.liveTensors();
 * try (TensorScope s = TensorScope.open()) { trainStep(); }
 * assert MemoryStats.liveTensors() == before;
 * }</pre>
 */
public final class MemoryStats {
    private static volatile boolean debugLeaks = Boolean.getBoolean("jgrad.debug.leaks");
    private static final Logger LOG = Logger.getLogger("dev.jgrad");
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong LEAKED = new AtomicLong();

    private MemoryStats() {
    }

    /** Tensor handles neither closed nor collected yet (views count separately from their base). */
    public static long liveTensors() {
        return LIVE.get();
    }

    /** Tensors collected without having been closed since the process started (counted in leak-debug mode only). */
    public static long leakedTensors() {
        return LEAKED.get();
    }

    /** Turns leak reporting on or off for tensors created from now on (the system property sets the start value). */
    public static void setLeakDebugging(boolean on) {
        debugLeaks = on;
    }

    public static boolean isLeakDebugging() {
        return debugLeaks;
    }

    static void created() {
        LIVE.incrementAndGet();
    }

    static void released(boolean explicitly, Throwable creation) {
        LIVE.decrementAndGet();
        if (!explicitly && creation != null) {
            LEAKED.incrementAndGet();
            LOG.log(Level.WARNING, "jgrad: a tensor was garbage-collected without close(); created at:", creation);
        }
    }
}
