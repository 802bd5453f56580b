package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.MemoryStats;
import dev.jgrad.Tensor;
import dev.jgrad.conformance.BackendTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Leak-debug mode reports tensors collected without close(), with the stack trace of their creation. */
public abstract class LeakDebugConformance extends BackendTestBase {

    @Test
    void unclosedTensorIsReportedWithItsCreationSite() throws InterruptedException {
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("dev.jgrad");
        log.addHandler(h);
        boolean was = MemoryStats.isLeakDebugging();
        MemoryStats.setLeakDebugging(true);
        try {
            long before = MemoryStats.leakedTensors();
            Tensor.zeros(DType.F32, 1000).close();                 // closed: not a leak
            createAndForget();                                     // a leak
            for (int i = 0; i < 200 && MemoryStats.leakedTensors() == before; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(before + 1, MemoryStats.leakedTensors(), "exactly the forgotten tensor is reported");
            synchronized (records) {
                LogRecord r = records.stream().filter(x -> x.getMessage().contains("without close")).findFirst()
                        .orElseThrow();
                boolean site = false;
                for (StackTraceElement e : r.getThrown().getStackTrace()) {
                    site |= e.getMethodName().equals("createAndForget");
                }
                assertTrue(site, "the report carries the creation stack trace");
            }
        } finally {
            MemoryStats.setLeakDebugging(was);
            log.removeHandler(h);
        }
    }

    private static void createAndForget() {
        Tensor.ones(DType.F32, 1000);
    }
}
