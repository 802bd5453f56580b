package dev.jgrad.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The CPU backend's worker pool. Work is always split into tasks whose results do not depend on
 * which thread runs them, so the thread count never changes any result.
 */
final class CpuThreads {
    /** System property with the number of worker threads (default: available processors). */
    static final String PROPERTY = "jgrad.cpu.threads";

    private final int threads;
    private final ForkJoinPool pool;

    CpuThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("cpu backend: thread count must be >= 1, got " + threads);
        }
        this.threads = threads;
        // no pool at all for one thread: everything then runs on the caller
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    static int configuredThreads() {
        return Integer.getInteger(PROPERTY, Runtime.getRuntime().availableProcessors());
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body(0..tasks-1)}, in parallel when there is a pool and more than one task. */
    void parallelFor(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (pool == null || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        List<ForkJoinTask<?>> list = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int id = t;
            list.add(ForkJoinTask.adapt(() -> body.accept(id)));
        }
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(list);        // nested call from one of our workers
        } else {
            pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(list)));
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
        if (pool == null || chunks <= 1) {
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
