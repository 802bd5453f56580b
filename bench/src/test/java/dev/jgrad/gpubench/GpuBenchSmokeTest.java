package dev.jgrad.gpubench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark code path that does not need CUDA itself, run on the CPU backend at tiny sizes:
 * the jgrad rows must run and pass their checks, the raw-CUDA rows must say they were skipped.
 * (On the GPU the same code runs at the sizes.)
 */
class GpuBenchSmokeTest {
    @Test
    @SuppressWarnings("unchecked")
    void everySectionRunsAndChecksOnTheCpuBackend() {
        assumeTrue(Device.isAvailable(Device.cpu()), "skipped: no cpu backend on the classpath");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        GpuBench.Options o = GpuBench.Options.parse(new String[] {"--json", "unused.json", "--device", "cpu", "--smoke",
                "--budget", "0.01"});
        Map<String, Object> doc = GpuBench.run(o, new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertNull(doc.get("skipped"), text);
        assertNull(doc.get("error"), text);
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("records");
        // copy + 4 elementwise + 2 rows + 2 dtypes × 2 sizes × (cublas, jgrad) + mlp + two-layer
        assertEquals(1 + 4 + 2 + 8 + 2, rows.size(), text);
        for (Map<String, Object> r : rows) {
            String what = r.get("impl") + " " + r.get("name") + " " + r.get("dtype") + " " + r.get("shape");
            if (!"jgrad".equals(r.get("impl"))) {
                assertEquals("no GPU: skipped", r.get("error"), what);
                continue;
            }
            assertNull(r.get("error"), what);
            assertTrue((Double) r.get("median_ms") > 0, what);
            Double check = (Double) r.get("check");
            assertNotNull(check, what + ": " + r.get("check_note"));
            if ("train".equals(r.get("section"))) {
                assertTrue(check > 0 && check < 1, what + ": the loss did not fall: " + r.get("check_note"));
            } else {
                double tol = "F64".equals(r.get("dtype")) ? 1e-13 : 1e-5;
                assertTrue(check <= tol, what + ": check " + check + " > " + tol + " (" + r.get("check_note") + ")");
            }
        }
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GpuBench.Options.parse(new String[] {"--json", "x.json", "--sections", "copy,fft"}));
        assertEquals("GpuBench: unknown section 'fft'; known: [copy, elementwise, rows, gemm, mlp, two-layer]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GpuBench.Options.parse(new String[] {"--sections", "copy"}));
        assertEquals("GpuBench: --json FILE is required", e.getMessage());
        assertEquals(Path.of("x.json"), GpuBench.Options.parse(new String[] {"--json", "x.json"}).json());
    }

    @Test
    void trainingFlopsCountForwardAndBackwardMatmulsWithoutTheFirstInputGradient() {
        // 2-layer lecture net, B=64: layer 1 (1000->100) forward + weight grad = 2 · 2·64·1000·100,
        // layer 2 (100->10) forward + weight grad + input grad = 3 · 2·64·100·10
        assertEquals(2 * 2.0 * 64 * 1000 * 100 + 3 * 2.0 * 64 * 100 * 10, TrainBench.stepFlops(64, 1000, 100, 10));
    }
}
