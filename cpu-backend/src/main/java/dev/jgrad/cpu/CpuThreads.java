package dev.jgrad.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The CPU backend's worker pool. Work is always split into tasks whose results do not depend on
 * which thread runs them, so the thread count never changes any result.
 */
final class CpuThreads {
    /** System property with the number of worker threads (default: available processors). */
    static final String PROPERTY = "jgrad.cpu.threads";

    private final int threads;
    /** threads − 1 helpers next to the calling thread; null for one thread (everything runs on the caller). */
    private final SpinningHelpers helpers;

    CpuThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("cpu backend: thread count must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = threads == 1 ? null : SpinningHelpers.shared(threads - 1);
    }

    static int configuredThreads() {
        return Integer.getInteger(PROPERTY, Runtime.getRuntime().availableProcessors());
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body(0..tasks-1)}, in parallel when there are helpers and more than one task. The calling thread
     * claims tasks too, next to the threads − 1 {@link SpinningHelpers}, and only waits for tasks a helper has
     * already begun: a helper that wakes late finds nothing left. Why: handing everything to a pool and blocking
     * cost two thread wake-ups per call, tens of µs on a busy VM; measured on the lecture net's step (2 cores), the
     * 100K-element weight update took 287 µs on two threads against 118 µs on one. A nested call (from a task),
     * or one made while another caller's job is in flight, runs its tasks on the calling thread.
     * The first exception a task throws is rethrown once every begun task has finished.
     */
    void parallelFor(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (helpers == null || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        Claims claims = new Claims(tasks, body);
        boolean shared = !SpinningHelpers.onHelperThread() && helpers.offer(claims);
        try {
            claims.run();
        } finally {
            if (shared) {
                helpers.withdraw(claims);
            }
        }
        claims.awaitBegun();
    }

    /**
     * Waits for work other running threads have claimed until {@code count} reaches {@code target}: spinning
     * first (the work is short), then yielding, since a worker may be descheduled mid-task on a busy machine.
     */
    static void awaitCount(AtomicInteger count, int target) {
        for (int spins = 0; count.get() < target; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Tasks handed out by an atomic counter to whichever thread asks first. */
    private static final class Claims implements Runnable {
        private final int tasks;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Claims(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        @Override
        public void run() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        /** Waits until every claimed task has finished, then rethrows a failure. */
        void awaitBegun() {
            awaitCount(finished, tasks);
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            } else if (e instanceof Error err) {
                throw err;
            } else if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Splits {@code [0, total)} into chunks of at least {@code minChunk} (about 4 per thread for balance)
     * and runs {@code body(start, end)} on each; chunk bounds only affect scheduling, never results.
     */
    void parallelRange(long total, long minChunk, RangeBody body) {
        if (total <= 0) {
            return;
        }
        long chunks = Math.min(Math.max(1, total / Math.max(1, minChunk)), threads * 4L);
        if (helpers == null || chunks <= 1) {
            body.run(0, total);
            return;
        }
        long per = (total + chunks - 1) / chunks;
        int n = (int) ((total + per - 1) / per);
        parallelFor(n, t -> body.run(t * per, Math.min(total, (t + 1) * per)));
    }

    @FunctionalInterface
    interface RangeBody {
        void run(long start, long end);
    }
}
