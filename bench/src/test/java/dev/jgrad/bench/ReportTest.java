package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Report on a hand-made JMH + numpy fixture; the expected numbers are computed by hand in the comments
 * (GFLOP/s = 2·M·K·N / s / 1e9, GB/s = bytes / s / 1e9).
 */
class ReportTest {
    @TempDir
    static Path out;
    static String md;

    @BeforeAll
    static void writeReport() throws Exception {
        Path written = Report.run("--out", out.toString(), "--date", "2025-01-02", "--slug", "test-machine",
                "--machine", "Test CPU, 2 cores", "--note", "load average 0.10 0.20 0.30", "--command", "run it",
                fixture("jmh-fixture.json"), fixture("numpy-fixture.json"), fixture("numpy-1t-fixture.json"));
        assertEquals(out.resolve("2025-01-02-test-machine.md"), written);
        md = Files.readString(written);
    }

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/report/" + name).toURI()).toString();
    }

    @Test
    void headerNamesMachineCommandNotesAndRunInfo() {
        assertTrue(md.startsWith("# jgrad benchmarks: 2025-01-02, Test CPU, 2 cores\n"), md);
        assertTrue(md.contains("- Command: `run it`"), md);
        assertTrue(md.contains("- load average 0.10 0.20 0.30"), md);
        assertTrue(md.contains("JMH 1.37, 1 fork(s), warm-up 2 × 200 ms, measurement 3 × 300 ms"), md);
        assertTrue(md.contains("numpy 2.4.6, BLAS scipy-openblas 0.3.31"), md);
    }

    @Test
    void gemmTableHasGflopsAndRatios() {
        assertTrue(md.contains("| dtype | shape (M×K·K×N) | jgrad-cpu GFLOP/s | djl-pytorch GFLOP/s"
                + " | djl-pytorch-1t GFLOP/s | numpy GFLOP/s | numpy-1t GFLOP/s | jgrad-cpu / numpy (best)"
                + " | jgrad-cpu / DJL (best) |"), md);
        // 2·256³ = 33554432 flop: in 1000 µs 33.6, in 500 µs 67.1, in 400 µs 83.9; the peers' best is 83.9 (1 thread):
        // 33.6 / 83.9 = 0.40
        assertTrue(md.contains("| F32 | 256×256·256×256 | 33.6 | 67.1 | 83.9 | 67.1 | 83.9 | 0.40× | 0.40× |"), md);
        // 2 ms/op converted to µs: 16.8 GFLOP/s; numpy 1 ms: 33.6; no DJL or 1-thread numpy F64 row
        assertTrue(md.contains("| F64 | 256×256·256×256 | 16.8 | – | – | 33.6 | – | 0.50× | – |"), md);
        // the lecture's x·w1: 2·64·1000·100 = 12.8 Mflop in 128 µs = 100 GFLOP/s
        assertTrue(md.contains("| F32 | 64×1000·1000×100 | 100 | – | – | – | – | – | – |"), md);
        // squares come before the lecture shapes
        assertTrue(md.indexOf("| F32 | 256×256") < md.indexOf("| F32 | 64×1000"), md);
    }

    @Test
    void netTableHasBackwardForwardRatio() {
        // (310 − 100) / 100 = 2.10; DJL (360 − 120) / 120 = 2.00; the step's fastest iteration is 400 (mean 450)
        assertTrue(md.contains("| jgrad-cpu | F32 | 80.0 | 100 | 310 | 400 | 2.10× |"), md);
        assertTrue(md.contains("| djl-pytorch | F32 | – | 120 | 360 | 500 | 2.00× |"), md);
        assertTrue(md.contains("| djl-pytorch-1t | F32 | – | – | – | 440 | – |"), md);
        // DJL's better step (1 thread, 440 µs) / jgrad 400 µs
        assertTrue(md.contains("| F32 | 400 | 500 | 440 | 1.10× |"), md);
    }

    @Test
    void bandwidthTables() {
        // add: 3 arrays × 16M × 4 B in 20 ms = 10.1 GB/s, DJL in 25 ms 8.05; 64K in 40 µs = 19.7
        assertTrue(md.contains("| add | 16M | F32 | 10.1 | 8.05 | 1.25× |"), md);
        assertTrue(md.contains("| add | 64K | F32 | 19.7 | – | – |"), md);
        // copy: 2 × 16M × 4 B in 8 ms = 16.8 GB/s; jgrad add / copy = 10.066 / 16.777 = 0.60
        assertTrue(md.contains("| 16M | 16.8 | 10.1 | 0.60× |"), md);
        // sumAll over 1024×1024 F32: (1048576 + 1) × 4 B in 100 µs = 41.9 GB/s
        assertTrue(md.contains("| sumAll | 1024x1024 | F32 | 41.9 | 100 |"), md);
    }

    @Test
    void autogradChainPerNode() {
        // 1000, 2000, 5000 µs over 1000 nodes; backward alone 5 − 2
        assertTrue(md.contains("| jgrad-cpu | F32 | 1.00 | 2.00 | 5.00 | 3.00 |"), md);
    }

    @Test
    void chartsAreWellFormedSvgWithOneLinePerSeries() throws Exception {
        assertTrue(md.contains("(2025-01-02-test-machine-gemm.svg)"), md);
        assertTrue(md.contains("(2025-01-02-test-machine-bandwidth.svg)"), md);
        String gemm = Files.readString(out.resolve("2025-01-02-test-machine-gemm.svg"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(gemm.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        // jgrad-cpu F32/F64, DJL F32 (all cores, 1 thread), numpy F32/F64, numpy-1t F32 (no F64 points: no line)
        assertEquals(7, doc.getElementsByTagName("polyline").getLength());
        assertTrue(gemm.contains(">jgrad-cpu F32<") && gemm.contains(">numpy F64<"), gemm);
        assertTrue(!gemm.contains(">djl-pytorch F64<"), gemm);
        // GFLOP/s 16.8…67.1 spans the decade ticks 10 and 100
        assertTrue(gemm.contains(">10<") && gemm.contains(">100<"), gemm);
        String bw = Files.readString(out.resolve("2025-01-02-test-machine-bandwidth.svg"));
        assertTrue(bw.contains(">jgrad-cpu add<") && bw.contains(">Java array copy<"), bw);
        assertTrue(bw.contains(">16M<") && bw.contains(">64K<"), bw);
    }
}
