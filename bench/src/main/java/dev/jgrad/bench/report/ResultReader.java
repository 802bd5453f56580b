package dev.jgrad.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH JSON result files ({@code -rf json}) and the numpy peer's JSON ({@code numpy_gemm.py --json})
 * into {@link Result}s, and remembers how the JMH runs were configured (JVM, iterations) for the report.
 */
public final class ResultReader {
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> runInfo = new LinkedHashMap<>();

    public List<Result> results() {
        return results;
    }

    /** JVM, JMH version, iterations..., and the numpy/BLAS versions: one line each in the report. */
    public Map<String, String> runInfo() {
        return runInfo;
    }

    /** Reads one file, recognising JMH output (a JSON array) or the numpy peer's object. */
    public void read(Path file) throws IOException {
        Object json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (json instanceof List) {
            readJmh((List<?>) json);
        } else if (json instanceof Map && "numpy".equals(((Map<?, ?>) json).get("peer"))) {
            readNumpy((Map<?, ?>) json);
        } else {
            throw new IllegalArgumentException("Report: " + file + " is neither JMH JSON (an array) nor numpy peer"
                    + " JSON (an object with \"peer\": \"numpy\")");
        }
    }

    private void readJmh(List<?> runs) {
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            String benchmark = (String) run.get("benchmark");
            int dot = benchmark.lastIndexOf('.');
            String cls = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            String method = benchmark.substring(dot + 1);
            Map<String, String> params = new LinkedHashMap<>();
            Object p = run.get("params");
            if (p instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) p).entrySet()) {
                    params.put((String) e.getKey(), String.valueOf(e.getValue()));
                }
            }
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            double toMicros = microsPer((String) metric.get("scoreUnit"));
            String impl = impl(cls, params);
            results.add(new Result(suite(cls), method, impl, params, bestIteration(metric) * toMicros,
                    Json.number(metric.get("score")) * toMicros));
            info("JVM (" + (impl.startsWith("djl") ? "DJL runs" : "jgrad runs") + ")",
                    run.get("vmName") + " " + run.get("jdkVersion") + ", args " + run.get("jvmArgs"));
            info("JMH", "JMH " + run.get("jmhVersion") + ", " + count(run.get("forks")) + " fork(s), warm-up "
                    + count(run.get("warmupIterations")) + " × " + run.get("warmupTime") + ", measurement "
                    + count(run.get("measurementIterations")) + " × " + run.get("measurementTime") + ", mode "
                    + run.get("mode"));
        }
    }

    private void readNumpy(Map<?, ?> json) {
        info("numpy", "numpy " + json.get("numpy") + ", BLAS " + json.get("blas") + ", python " + json.get("python")
                + ", fastest of repeated timed batches after warm-up"
                + (json.containsKey("batch_seconds") ? " (each at least " + json.get("batch_seconds") + " s)" : ""));
        String impl = "1".equals(json.get("threads")) ? "numpy-1t" : "numpy";
        for (Object o : (List<?>) json.get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            Map<String, String> params = new LinkedHashMap<>();
            params.put("dtype", (String) r.get("dtype"));
            params.put("shape", (String) r.get("shape"));
            double sec = Json.number(r.get("seconds"));
            double best = r.containsKey("best_seconds") ? Json.number(r.get("best_seconds")) : sec;
            results.add(new Result("matmul", "matmul", impl, params, best * 1e6, sec * 1e6));
        }
    }

    /**
     * The fastest measurement iteration (each is itself a mean over many calls). On a shared machine other
     * processes slow some iterations down and none speed one up, so the minimum is the least disturbed
     * estimate; JMH's mean is kept beside it. Falls back to the score when there is no raw data.
     */
    static double bestIteration(Map<?, ?> metric) {
        double best = Double.POSITIVE_INFINITY;
        Object raw = metric.get("rawData");
        if (raw instanceof List) {
            for (Object fork : (List<?>) raw) {
                for (Object it : (List<?>) fork) {
                    best = Math.min(best, Json.number(it));
                }
            }
        }
        return Double.isFinite(best) ? best : Json.number(metric.get("score"));
    }

    /** JSON numbers arrive as doubles: print counts without ".0". */
    private static String count(Object v) {
        double d = Json.number(v);
        return Double.isFinite(d) && d == Math.rint(d) ? Long.toString((long) d) : String.valueOf(v);
    }

    private void info(String key, String value) {
        runInfo.putIfAbsent(key, value);
    }

    static String suite(String cls) {
        String c = cls.startsWith("Djl") ? cls.substring(3) : cls;
        switch (c) {
            case "MatmulBench":
                return "matmul";
            case "ElementwiseBench":
                return "elementwise";
            case "ReductionBench":
                return "reduction";
            case "TwoLayerNetBench":
                return "net";
            case "AutogradChainBench":
                return "chain";
            case "JavaBaselineBench":
                return "baseline";
            default:
                return c;
        }
    }

    static String impl(String cls, Map<String, String> params) {
        if (cls.startsWith("Djl")) {
            return "1".equals(params.get("torchThreads")) ? "djl-pytorch-1t" : "djl-pytorch";
        }
        if (cls.equals("JavaBaselineBench")) {
            return "java-array";
        }
        String backend = params.getOrDefault("backend", "cpu");
        return "jgrad-" + (backend.startsWith("cuda") ? "cuda" : backend);
    }

    static double microsPer(String unit) {
        switch (unit) {
            case "ns/op":
                return 1e-3;
            case "us/op":
                return 1;
            case "ms/op":
                return 1e3;
            case "s/op":
                return 1e6;
            default:
                throw new IllegalArgumentException("Report: unsupported JMH score unit '" + unit
                        + "' (run in AverageTime mode)");
        }
    }
}
