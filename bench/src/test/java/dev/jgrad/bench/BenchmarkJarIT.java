package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after the shade (failsafe, integration-test phase): the shaded benchmarks.jar must list every
 * benchmark (an annotation processor that did not run leaves it silently empty) and carry the backends'
 * ServiceLoader files.
 */
class BenchmarkJarIT {
    private static final Path JAR = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));

    private static final List<String> JGRAD = List.of(
            "dev.jgrad.bench.jmh.AutogradChainBench.forward",
            "dev.jgrad.bench.jmh.AutogradChainBench.forwardBackward",
            "dev.jgrad.bench.jmh.AutogradChainBench.forwardNoGrad",
            "dev.jgrad.bench.jmh.ElementwiseBench.run",
            "dev.jgrad.bench.jmh.JavaBaselineBench.run",
            "dev.jgrad.bench.jmh.MatmulBench.matmul",
            "dev.jgrad.bench.jmh.ReductionBench.run",
            "dev.jgrad.bench.jmh.TwoLayerNetBench.forward",
            "dev.jgrad.bench.jmh.TwoLayerNetBench.forwardBackward",
            "dev.jgrad.bench.jmh.TwoLayerNetBench.inference",
            "dev.jgrad.bench.jmh.TwoLayerNetBench.trainingStep");

    private static final List<String> PEERS = List.of(
            "dev.jgrad.bench.peers.DjlElementwiseBench.run",
            "dev.jgrad.bench.peers.DjlMatmulBench.matmul",
            "dev.jgrad.bench.peers.DjlTwoLayerNetBench.forward",
            "dev.jgrad.bench.peers.DjlTwoLayerNetBench.forwardBackward",
            "dev.jgrad.bench.peers.DjlTwoLayerNetBench.inference",
            "dev.jgrad.bench.peers.DjlTwoLayerNetBench.trainingStep");

    private static List<String> run(String... jmhArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(jmhArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "java -jar benchmarks.jar did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(String::trim).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void listsEveryBenchmark() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "missing " + JAR.toAbsolutePath());
        List<String> listed = run("-l");
        List<String> expected = new ArrayList<>(JGRAD);
        if (Boolean.getBoolean("bench.peers")) {
            expected.addAll(PEERS);
        }
        List<String> benchmarks = listed.stream().filter(l -> l.startsWith("dev.jgrad."))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(expected.stream().sorted().collect(java.util.stream.Collectors.toList()),
                benchmarks.stream().sorted().collect(java.util.stream.Collectors.toList()), String.join("\n", listed));
    }

    @Test
    void parametersCoverBothBackendsBothDtypesAndTheLectureShapes() throws Exception {
        String lp = String.join("\n", run("-lp", "MatmulBench"));
        assertTrue(lp.contains("param \"backend\" = {cpu, cuda}"), lp);
        assertTrue(lp.contains("param \"dtype\" = {F32, F64}"), lp);
        for (String s : GemmShape.LECTURE) {
            assertTrue(lp.contains(s), s + " missing in\n" + lp);
        }
        assertTrue(lp.contains("2048"), lp);
    }

    @Test
    void carriesTheCpuBackendServiceFile() throws Exception {
        Path cpuServices = Path.of(System.getProperty("jgrad.cpu.services",
                "../cpu-backend/target/classes/META-INF/services/dev.jgrad.spi.BackendProvider"));
        Assumptions.assumeTrue(Files.exists(cpuServices), "jgrad-cpu has no provider file yet: " + cpuServices);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            var entry = zip.getEntry("META-INF/services/dev.jgrad.spi.BackendProvider");
            assertTrue(entry != null, "benchmarks.jar lacks META-INF/services/dev.jgrad.spi.BackendProvider");
            String merged = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            for (String provider : Files.readAllLines(cpuServices)) {
                if (!provider.isBlank() && !provider.startsWith("#")) {
                    assertTrue(merged.contains(provider.trim()), provider + " not in the merged file:\n" + merged);
                }
            }
        }
    }
}
