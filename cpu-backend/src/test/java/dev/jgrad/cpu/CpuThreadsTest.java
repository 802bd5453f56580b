package dev.jgrad.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool's contract: every task exactly once, failures rethrown on the caller, nested calls do not deadlock. */
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

    @Test
    void nestedCallsFromTasksComplete() {
        CpuThreads threads = new CpuThreads(2);
        AtomicInteger leaves = new AtomicInteger();
        threads.parallelFor(6, t -> threads.parallelRange(1000, 10, (s, e) -> leaves.addAndGet((int) (e - s))));
        assertEquals(6000, leaves.get());
    }
}
