package dev.jgrad.bench;

import dev.jgrad.Device;
import dev.jgrad.bench.report.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison in one go: the numpy GEMM peer, then each JMH group (jgrad on every usable
 * backend, DJL-PyTorch when its jars are on the class path), then {@link Report}.
 *
 * <pre>{@code
 * java -cp 'bench/target/benchmarks.jar:bench/target/peers-lib/*' dev.jgrad.bench.Runner --quick
 * }</pre>
 * Options: {@code --quick} (default; few sizes, short iterations, about 5 minutes on 2 cores) or
 * {@code --full} (every size, the annotations' iterations); {@code --no-peers}; {@code --out DIR}
 * (default bench/results); {@code --work DIR} (JSON files, default bench/target/bench-run);
 * {@code --numpy SCRIPT} (default bench/src/main/python/numpy_gemm.py).
 */
public final class Runner {
    private static final String PKG = "dev\\.jgrad\\.bench\\.";

    private Runner() {
    }

    /** A JMH run over some benchmark classes; quick mode narrows their parameters. */
    private record Group(String name, String include, Map<String, String[]> quickParams) {
    }

    public static void main(String[] args) throws IOException, RunnerException, InterruptedException {
        boolean quick = true;
        boolean peers = djlOnClassPath();
        Path out = Path.of("bench/results");
        Path work = Path.of("bench/target/bench-run");
        Path numpyScript = Path.of("bench/src/main/python/numpy_gemm.py");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--full":
                    quick = false;
                    break;
                case "--no-peers":
                    peers = false;
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--work":
                    work = Path.of(args[++i]);
                    break;
                case "--numpy":
                    numpyScript = Path.of(args[++i]);
                    break;
                default:
                    throw new IllegalArgumentException("Runner: unknown option " + args[i]
                            + " (expected --quick, --full, --no-peers, --out DIR, --work DIR, --numpy SCRIPT)");
            }
        }
        Files.createDirectories(work);
        List<String> backends = new ArrayList<>();
        for (Device d : new Device[] {Device.cpu(), Device.cuda()}) {
            if (Device.isAvailable(d)) {
                backends.add(d.type());
            }
        }
        if (backends.isEmpty()) {
            throw new IllegalStateException("Runner: no jgrad backend is usable (is jgrad-cpu on the class path?)");
        }
        String loadBefore = Machine.loadAverage();
        Instant start = Instant.now();
        System.out.printf("jgrad bench (%s) on %s, backends %s, peers %s, load %s%n", quick ? "quick" : "full",
                Machine.describe(), backends, peers ? "DJL-PyTorch + numpy" : "numpy", loadBefore);

        List<String> reportArgs = new ArrayList<>(List.of("--out", out.toString()));
        String[] gemmShapes = quick ? new String[] {"256", "1024", "64x1000x100", "1000x64x100_At"}
                : concat(new String[] {"64", "128", "256", "512", "1024", "2048"}, GemmShape.LECTURE);
        // OpenBLAS at its default thread count and at one thread: on a busy machine its spinning threads
        // can collapse, and the report credits numpy with the better of the two
        for (String threads : new String[] {null, "1"}) {
            Path numpyJson = work.resolve(threads == null ? "numpy.json" : "numpy-" + threads + "t.json");
            // numpy's timed batches as long as a JMH measurement iteration (quick 200 ms; full: MatmulBench's 1 s)
            String numpyNote = runNumpy(numpyScript, numpyJson, gemmShapes, threads, quick ? "0.2" : "1");
            if (numpyNote == null) {
                reportArgs.add(numpyJson.toString());
            } else {
                reportArgs.addAll(List.of("--note", numpyNote));
            }
        }
        for (Group g : groups(peers, gemmShapes)) {
            Path json = work.resolve("jmh-" + g.name + ".json");
            ChainedOptionsBuilder o = new OptionsBuilder().include(g.include).forks(1)
                    .resultFormat(ResultFormatType.JSON).result(json.toString()).shouldFailOnError(false)
                    .param("backend", backends.toArray(new String[0]));
            if (quick) {
                // 2.5 s of warm-up: the Vector API kernels run boxed until C2 compiles them, and the lecture net's
                // step reached its steady time only after about 2.25 s in a fresh JVM (2 cores; with 2 × 200 ms it
                // was still converging through the measurement, 3× slow in its first measured iteration)
                o.warmupIterations(5).warmupTime(TimeValue.milliseconds(500)).measurementIterations(5)
                        .measurementTime(TimeValue.milliseconds(200));
                g.quickParams.forEach(o::param);
            }
            System.out.println("== " + g.name);
            new org.openjdk.jmh.runner.Runner(o.build()).run();
            if (Files.exists(json)) {
                reportArgs.add(json.toString());
            }
        }
        long minutes = Duration.between(start, Instant.now()).toSeconds();
        reportArgs.addAll(List.of("--note", String.format("Mode: %s; wall time %d min %d s; load average (1/5/15"
                + " min) before %s, after %s", quick ? "quick" : "full", minutes / 60, minutes % 60, loadBefore,
                Machine.loadAverage())));
        int cores = Runtime.getRuntime().availableProcessors();
        reportArgs.addAll(List.of("--note", "Threads: jgrad-cpu " + Integer.getInteger("jgrad.cpu.threads", cores)
                + " (-Djgrad.cpu.threads, default all cores); PyTorch intra-op " + cores + ", inter-op 1;"
                + " numpy/OpenBLAS its default (all cores) and 1 (numpy-1t); DJL also at 1 (djl-pytorch-1t);"
                + " the Java-array yardstick 1"));
        reportArgs.addAll(List.of("--command", "java -cp bench/target/benchmarks.jar"
                + (peers ? ":bench/target/peers-lib/*" : "") + " dev.jgrad.bench.Runner "
                + String.join(" ", args)));
        Path md = Report.run(reportArgs.toArray(new String[0]));
        System.out.println("Report written: " + md);
    }

    private static List<Group> groups(boolean peers, String[] gemmShapes) {
        // jgrad classes live in .jmh, the DJL twins in .peers with a Djl prefix
        String who = PKG + (peers ? "(jmh\\.|peers\\.Djl)" : "jmh\\.");
        Map<String, String[]> matmul = new LinkedHashMap<>();
        matmul.put("shape", gemmShapes);
        Map<String, String[]> ew = new LinkedHashMap<>();
        ew.put("dtype", new String[] {"F32"});
        ew.put("op", new String[] {"add", "relu", "exp"});
        ew.put("elements", new String[] {"65536", "16777216"});
        Map<String, String[]> red = new LinkedHashMap<>();
        red.put("dtype", new String[] {"F32"});
        red.put("reduction", new String[] {"sumAll", "sumDim0", "softmax"});
        red.put("matrix", new String[] {"1024x1024"});
        Map<String, String[]> f32 = Map.of("dtype", new String[] {"F32"});
        return List.of(
                new Group("matmul", who + "MatmulBench\\.", matmul),
                new Group("net", who + "TwoLayerNetBench\\.", f32),
                new Group("elementwise", who + "ElementwiseBench\\.", ew),
                new Group("baseline", PKG + "jmh\\.JavaBaselineBench\\.", Map.of("elements", new String[] {"16777216"})),
                new Group("reduction", PKG + "jmh\\.ReductionBench\\.", red),
                new Group("chain", PKG + "jmh\\.AutogradChainBench\\.", f32));
    }

    /** Runs the numpy peer; returns null on success, else a note saying why it was not run. */
    private static String runNumpy(Path script, Path json, String[] shapes, String threads, String batchSeconds)
            throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), "--json", json.toString(),
                "--batch-seconds", batchSeconds, "--batches", "5"));
        cmd.addAll(List.of(shapes));
        System.out.println("== numpy" + (threads == null ? "" : " (OPENBLAS_NUM_THREADS=" + threads + ")") + ": "
                + String.join(" ", cmd));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            if (threads == null) {
                pb.environment().remove("OPENBLAS_NUM_THREADS");
            } else {
                pb.environment().put("OPENBLAS_NUM_THREADS", threads);
            }
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "numpy peer not run: timed out";
            }
            return p.exitValue() == 0 && Files.exists(json) ? null
                    : "numpy peer not run: " + String.join(" ", cmd) + " exited with " + p.exitValue();
        } catch (IOException e) {
            return "numpy peer not run: " + e.getMessage();
        }
    }

    /** DJL's API and the libtorch jar (native/lib/pytorch.properties) are both needed for the peer benchmarks. */
    static boolean djlOnClassPath() {
        try {
            Class.forName("ai.djl.ndarray.NDManager", false, Runner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return Runner.class.getClassLoader().getResource("native/lib/pytorch.properties") != null;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
