package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's contract: every task exactly once, failures rethrown on the caller, helpers take part whether
 * spinning or parked, concurrent and nested calls do not deadlock.
 */
class CpuThreadsTest {
    @Test
    void everyTaskRunsExactlyOnceWhateverThreadClaimsIt() {
        CpuThreads threads = new CpuThreads(3);
        for (int round = 0; round < 200; round++) {
            int tasks = 1 + round % 17;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            threads.parallelFor(tasks, runs::incrementAndGet);
            for (int t = 0; t < tasks; t++) {
                assertEquals(1, runs.get(t), "task " + t + " of " + tasks);
            }
        }
    }

    @Test
    void aTaskFailureIsRethrownOnTheCallerAfterTheBegunTasksFinish() {
        CpuThreads threads = new CpuThreads(2);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        AtomicInteger finished = new AtomicInteger();
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                threads.parallelFor(8, t -> {
                    if (t == 3) {
                        throw boom;
                    }
                    finished.incrementAndGet();
                }));
        assertSame(boom, thrown);
        int after = finished.get();
        threads.parallelFor(4, t -> { });              // the pool is still usable
        assertEquals(after, finished.get(), "no task of the failed call ran after it returned");
    }

    /**
     * Two tasks that each wait for the other to begin can only finish if a helper takes one: so a helper joins
     * the job, both while it is still spinning from the last job and after it has parked (the sleep outlasts the
     * spin, {@code -Djgrad.cpu.spinMicros}, default 500 µs), when the offer must wake it.
     */
    @Test
    void aHelperJoinsEveryJobAwakeOrParked() throws InterruptedException {
        CpuThreads threads = new CpuThreads(2);
        for (int round = 0; round < 6; round++) {
            CountDownLatch begun = new CountDownLatch(2);
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            threads.parallelFor(2, t -> {
                ran.add(Thread.currentThread());
                begun.countDown();
                try {
                    assertTrue(begun.await(10, TimeUnit.SECONDS), "no helper took the other task");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(2, ran.size(), "round " + round);
            if (round % 2 == 1) {
                Thread.sleep(20);
            }
        }
    }

    /** While one caller's job is in flight, another caller runs its tasks itself, and both get every task. */
    @Test
    void concurrentCallersEachRunEveryTask() throws InterruptedException {
        CpuThreads threads = new CpuThreads(2);
        AtomicInteger total = new AtomicInteger();
        Thread[] callers = new Thread[3];
        for (int c = 0; c < callers.length; c++) {
            callers[c] = new Thread(() -> {
                for (int round = 0; round < 2000; round++) {
                    threads.parallelFor(5, t -> total.incrementAndGet());
                }
            });
            callers[c].start();
        }
        for (Thread c : callers) {
            c.join();
        }
        assertEquals(3 * 2000 * 5, total.get());
    }

    @Test
    void nestedCallsFromTasksComplete() {
        CpuThreads threads = new CpuThreads(2);
        AtomicInteger leaves = new AtomicInteger();
        threads.parallelFor(6, t -> threads.parallelRange(1000, 10, (s, e) -> leaves.addAndGet((int) (e - s))));
        assertEquals(6000, leaves.get());
    }
}
