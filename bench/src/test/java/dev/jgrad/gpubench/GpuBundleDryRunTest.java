package dev.jgrad.gpubench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU bundle, built here and run in its dry mode: what can be checked before a GPU machine runs it.
 * Builds the bundle from this test's own classpath (no nested Maven: the reactor already built the
 * jars), into {@code bench/target/gpu-bundle} (the jlink'd runtime is reused between runs), then runs
 * {@code run.sh --dry-run} and checks that Diagnostics explained why CUDA is unusable, that the GPU
 * suites were reported as skipped with that reason (not as passed), and that the summary was written.
 * Skipped, with the reason, where Temurin 25, bash or python3 is missing, where jgrad-cuda is not on
 * bench's classpath, or where this machine can use a GPU (then the real run applies).
 */
class GpuBundleDryRunTest {
    private static final Path JDK = Path.of(System.getenv().getOrDefault("JGRAD_BUNDLE_JDK", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final long MINUTES = 4;

    @Test
    void dryRunExplainsWhyCudaIsUnusableAndReportsTheSuitesAsSkipped(@TempDir Path out) throws Exception {
        assumeTrue(Files.isExecutable(JDK.resolve("bin/jlink")), "skipped: no Temurin 25 JDK at " + JDK + " (set JGRAD_BUNDLE_JDK)");
        assumeTrue(onPath("bash") && onPath("python3"), "skipped: bash and python3 are needed to build and run the bundle");
        assumeTrue(present("dev.jgrad.cuda.Diagnostics"), "skipped: jgrad-cuda is not on bench's test classpath");
        assumeTrue(present("jcuda.driver.JCudaDriver"), "skipped: JCuda is not on bench's test classpath");

        Path benchDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path bundle = benchDir.resolve("target/gpu-bundle");
        Files.createDirectories(bundle);
        Path cpFile = bundle.resolve("test-classpath.txt");
        Files.writeString(cpFile, String.join("\n", testClasspath()) + "\n", StandardCharsets.UTF_8);

        Result built = run(List.of("bash", benchDir.resolve("gpu/bundle.sh").toString(), "--out", bundle.toString(),
                "--classpath-file", cpFile.toString()), out, bundle);
        assertEquals(0, built.exit, "bundle.sh failed:\n" + built.output);

        Path runOut = out.resolve("out");
        Result dry = run(List.of("bash", benchDir.resolve("gpu/run.sh").toString(), "--dry-run"), runOut, bundle);
        String diagnostics = read(runOut.resolve("diagnostics.txt"));
        assumeTrue(!diagnostics.matches("(?s).*usable: +yes.*"),
                "skipped: this machine can use its GPU; the dry mode is for machines without one");
        assertEquals(0, dry.exit, "run.sh --dry-run failed:\n" + dry.output);

        // Diagnostics ran from the bundle's own runtime and said why CUDA cannot be used
        assertTrue(diagnostics.contains("jgrad CUDA diagnostics"), diagnostics);
        assertTrue(diagnostics.matches("(?s).*usable: +no\\. CUDA unavailable: .+"), "no reason given:\n" + diagnostics);
        assertTrue(diagnostics.matches("(?s).*java: +25.*"), "not the bundled Java 25 runtime:\n" + diagnostics);

        // the suites ran, nothing failed, and the GPU tests were skipped with the CUDA reason, never passed
        String suites = read(runOut.resolve("suites.json"));
        assertEquals(0, count(suites, "\"failed\": (\\d+)", 1), "a suite failed:\n" + suites);
        assertTrue(count(suites, "^\\{\"tests\": \\d+, \"passed\": \\d+, \"failed\": \\d+, \"skipped\": (\\d+)", 1) > 0,
                "no test was skipped:\n" + suites);
        List<String> skippedClasses = new ArrayList<>();
        for (String line : suites.split("\n")) {
            if (line.contains("\"status\": \"SKIPPED\"")) {
                assertTrue(line.contains("\"passed\": 0,"), line);
                assertTrue(line.matches(".*\"skip_reasons\": \\[\".*unavailable.*"), "skipped without saying why: " + line);
                skippedClasses.add(line);
            }
        }
        assertTrue(skippedClasses.stream().anyMatch(l -> l.contains("\"dev.jgrad.cuda.CudaVsCpuTest\"")
                && l.contains("CUDA unavailable: ")), "the cross-backend suite was not reported as skipped with the reason:\n" + suites);

        // the benchmarks said they skipped; the summary and the merged results exist
        assertTrue(dry.output.contains("GPU benchmarks skipped: dry run"), dry.output);
        assertTrue(dry.output.contains("GpuBench: skipped, cuda:0 is unusable: "), dry.output);
        String summary = read(runOut.resolve("summary.md"));
        assertTrue(summary.contains("dry run, no GPU"), summary);
        assertTrue(summary.contains("| cuda.CudaVsCpuTest | 0 | 0 |"), summary);
        assertTrue(Files.size(runOut.resolve("results.json")) > 0);
        assertTrue(read(runOut.resolve("run.log")).contains("run.sh: done in"), "run.log incomplete");
    }

    private record Result(int exit, String output) {
    }

    /** Runs a script with OUT set, output captured, killed after {@link #MINUTES}. */
    private static Result run(List<String> command, Path outDir, Path bundle) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OUT", outDir.toString());
        pb.environment().put("JGRAD_BUNDLE", bundle.toString());
        pb.environment().put("JGRAD_BUNDLE_JDK", JDK.toString());
        pb.environment().put("JGRAD_RUNTIME_DIR", bundle.resolveSibling("gpu-runtime").toString());   // under target/, not /tmp
        Path log = Files.createTempFile(outDir.getParent(), "script", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + MINUTES + " min:\n" + read(log));
        }
        return new Result(p.exitValue(), read(log));
    }

    /**
     * This JVM's test classpath: surefire names it in {@code surefire.test.class.path}; otherwise
     * java.class.path, whose single manifest-only jar (surefire's default) lists it in Class-Path.
     */
    static List<String> testClasspath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>(List.of(cp.split(java.io.File.pathSeparator)));
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.get(0))) {
                Manifest m = jar.getManifest();
                String classPath = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                if (classPath != null) {
                    entries.clear();
                    for (String url : classPath.trim().split(" +")) {
                        entries.add(Path.of(java.net.URI.create(url)).toString());
                    }
                }
            }
        }
        return entries;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, GpuBundleDryRunTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(missing: " + p + ")";
    }

    /** The sum of group {@code g} over all matches of {@code regex} (multi-line). */
    private static int count(String text, String regex, int g) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        int sum = 0;
        while (m.find()) {
            sum += Integer.parseInt(m.group(g));
        }
        return sum;
    }
}
