package dev.jgrad.cpu;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The helper threads that {@link CpuThreads#parallelFor} shares work with: they spin for a while after each job,
 * waiting for the next, before they park. Why: waking a parked thread cost the caller about 14 µs per parallel
 * call on the 2-core VM (measured with a pool of 2: eight 2 µs tasks took 30 µs a call once the helper had gone
 * to sleep, against 14 µs while it was awake), which made the lecture net's 100K-element weight update slower
 * on two threads than on one. A training loop issues its ops microseconds apart, so a helper that spins
 * {@code -Djgrad.cpu.spinMicros} (default 500 µs) after its last job is still awake for the next; this is what
 * OpenMP runtimes and OpenBLAS do (they spin for longer). 0 parks at once.
 *
 * <p>One job at a time: a caller that finds another caller's job in flight runs its own tasks alone. Helpers are
 * daemon threads, created on first use and shared by every backend with the same thread count, so tests that make
 * many backends do not make many threads.
 */
final class SpinningHelpers {
    static final String SPIN_PROPERTY = "jgrad.cpu.spinMicros";
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong(SPIN_PROPERTY, 500));
    private static final Map<Integer, SpinningHelpers> SHARED = new ConcurrentHashMap<>();

    /** The job being offered, or null. */
    private final AtomicReference<Runnable> current = new AtomicReference<>();
    private final Helper[] helpers;

    private SpinningHelpers(int count) {
        helpers = new Helper[count];
        for (int i = 0; i < count; i++) {
            helpers[i] = new Helper(this, "jgrad-cpu-helper-" + (i + 1) + "/" + count);
            helpers[i].start();
        }
    }

    /** The shared group of {@code count} helpers (threads − 1 of a pool). */
    static SpinningHelpers shared(int count) {
        return SHARED.computeIfAbsent(count, SpinningHelpers::new);
    }

    /** Whether the calling thread is one of the helpers (a nested call from a task then runs inline). */
    static boolean onHelperThread() {
        return Thread.currentThread() instanceof Helper;
    }

    /**
     * Offers {@code job} to every helper (each runs it once, if it wakes in time), waking those that parked.
     * Returns false, offering nothing, while another job is in flight.
     */
    boolean offer(Runnable job) {
        if (!current.compareAndSet(null, job)) {
            return false;
        }
        for (Helper h : helpers) {
            if (h.parked) {
                h.parked = false;
                LockSupport.unpark(h);
            }
        }
        return true;
    }

    /** Ends the offer of {@code job}: helpers that have not taken it by now no longer see it. */
    void withdraw(Runnable job) {
        current.compareAndSet(job, null);
    }

    private static final class Helper extends Thread {
        private final SpinningHelpers group;
        /** Set by the helper just before it parks, cleared by whoever unparks it. */
        volatile boolean parked;

        Helper(SpinningHelpers group, String name) {
            super(name);
            this.group = group;
            setDaemon(true);
        }

        @Override
        public void run() {
            Runnable last = null;
            while (true) {
                Runnable job = next(last);
                last = job;
                try {
                    job.run();
                } catch (Throwable e) {
                    // a job reports its own failures to its caller (CpuThreads' Claims); nothing may end a helper
                }
            }
        }

        /** Spins until a job other than {@code last} is offered, parking once SPIN_NANOS pass without one. */
        private Runnable next(Runnable last) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                for (int i = 0; i < 16; i++) {
                    Runnable job = group.current.get();
                    if (job != null && job != last) {
                        return job;
                    }
                    Thread.onSpinWait();
                }
                // lets the JIT compiler and GC threads run here: measured on 2 cores, the lecture net's JMH step
                // reached its steady ~340 µs after about 2.25 s with the yield and 3 s with a pure spin
                Thread.yield();
                if (System.nanoTime() - spinUntil > 0) {
                    parked = true;
                    // re-check after announcing: an offer made before it saw `parked` is seen here (both volatile)
                    Runnable job = group.current.get();
                    if (job == null || job == last) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }
}
