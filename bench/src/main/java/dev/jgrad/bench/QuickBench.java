package dev.jgrad.bench;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A plain timed benchmark (the JMH suite is the thorough one): CPU matmul GFLOP/s at 256/512/1024 beside
 * numpy/OpenBLAS measured in the same run, and the lecture 2-layer net's backward/forward time ratio.
 * Method on both sides: warm-up, then the median of repeated runs.
 * Usage: {@code QuickBench [path/to/numpy_gemm.py]}.
 */
public final class QuickBench {
    private static final int[] SIZES = {256, 512, 1024};

    private QuickBench() {
    }

    public static void main(String[] args) throws Exception {
        String script = args.length > 0 ? args[0] : "bench/src/main/python/numpy_gemm.py";
        try (Scope d = Device.with(Device.cpu())) {
            System.out.println("machine: " + machine());
            Map<String, Double> ours = new HashMap<>();
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (int n : SIZES) {
                    ours.put(dt + " " + n, gemmGflops(dt, n));
                }
            }
            Map<String, Double> numpy = numpyGflops(script);
            System.out.println();
            System.out.println("| dtype | n | jgrad-cpu GFLOP/s | numpy GFLOP/s | jgrad/numpy |");
            System.out.println("|---|---|---|---|---|");
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (int n : SIZES) {
                    double j = ours.get(dt + " " + n);
                    Double np = numpy.get((dt == DType.F32 ? "float32 " : "float64 ") + n);
                    System.out.printf("| %s | %d | %.2f | %s | %s |%n", dt, n, j,
                            np == null ? "n/a" : String.format("%.2f", np),
                            np == null ? "n/a" : String.format("%.3f", j / np));
                }
            }
            backwardForwardRatio();
        }
    }

    static String machine() {
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version() + cpuModel();
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return ", " + line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: the model is optional
        }
        return "";
    }

    /**
     * Median seconds of {@code repeats} runs after at least {@code warmup} runs and one second of warm-up (the
     * Vector API kernels are slow until the JIT has compiled them); each run's tensors are closed.
     */
    static double medianSeconds(int warmup, int repeats, Supplier<Tensor> run) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < warmup || System.nanoTime() < warmUntil; i++) {
            try (TensorScope s = TensorScope.open()) {
                run.get();
            }
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            try (TensorScope s = TensorScope.open()) {
                long t0 = System.nanoTime();
                run.get();
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    private static double gemmGflops(DType dt, int n) {
        Tensor a = Tensor.randn(1, dt, n, n);
        Tensor b = Tensor.randn(2, dt, n, n);
        int repeats = Math.max(5, Math.min(50, (int) (2e9 / (2.0 * n * n * n))));
        double sec = medianSeconds(3, repeats, () -> a.matmul(b));
        double gflops = 2.0 * n * n * n / sec / 1e9;
        System.out.printf("jgrad-cpu %s matmul %dx%dx%d: %.2f GFLOP/s (median of %d)%n", dt, n, n, n, gflops, repeats);
        return gflops;
    }

    private static Map<String, Double> numpyGflops(String script) {
        Map<String, Double> out = new HashMap<>();
        List<String> cmd = new ArrayList<>(List.of("python3", script));
        for (int n : SIZES) {
            cmd.add(Integer.toString(n));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 3 && parts[0].startsWith("float")) {
                        out.put(parts[0] + " " + parts[1], Double.parseDouble(parts[2]));
                        System.out.printf("numpy %s matmul %sx%sx%s: %s GFLOP/s%n", parts[0], parts[1], parts[1],
                                parts[1], parts[2]);
                    } else {
                        System.out.println("numpy: " + line);
                    }
                }
            }
            p.waitFor();
        } catch (IOException | InterruptedException e) {
            System.out.println("numpy peer not run: " + e.getMessage());
        }
        return out;
    }

    /** The lecture's claim that backward costs about two forward passes, on the lecture's own net. */
    private static void backwardForwardRatio() {
        TwoLayerNet net = TwoLayerNet.lecture(0, DType.F32);
        int warmup = 50;
        int repeats = 201;
        double[] fwd = new double[repeats];
        double[] bwd = new double[repeats];
        for (int i = -warmup; i < repeats; i++) {
            try (TensorScope s = TensorScope.open()) {
                long t0 = System.nanoTime();
                Tensor loss = net.loss();
                long t1 = System.nanoTime();
                net.w1.zeroGrad();
                net.w2.zeroGrad();
                loss.backward();
                long t2 = System.nanoTime();
                if (i >= 0) {
                    fwd[i] = (t1 - t0) / 1e9;
                    bwd[i] = (t2 - t1) / 1e9;
                }
            }
        }
        Arrays.sort(fwd);
        Arrays.sort(bwd);
        double f = fwd[repeats / 2];
        double b = bwd[repeats / 2];
        try (Scope g = Autograd.noGrad()) {
            double inference = medianSeconds(warmup, repeats, net::loss);
            System.out.printf("%nlecture 2-layer net (F32, N=64, D_in=1000, H=100, D_out=10), median of %d:%n", repeats);
            System.out.printf("  forward (recording graph) %.1f us, forward (no grad) %.1f us, backward %.1f us,"
                    + " backward/forward = %.2f%n", f * 1e6, inference * 1e6, b * 1e6, b / f);
        }
    }
}
