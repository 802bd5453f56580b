package dev.jgrad.bench.report;

import dev.jgrad.bench.GemmShape;
import dev.jgrad.bench.Traffic;
import dev.jgrad.bench.jmh.AutogradChainBench;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The report's tables and charts, computed from {@link Result}s: throughput from the op counts
 * ({@link GemmShape#flops()}, {@link Traffic}) and ratios defined so that &gt; 1 always means jgrad is faster.
 */
public final class Sections {
    static final String CPU = "jgrad-cpu";
    static final String CUDA = "jgrad-cuda";
    static final String DJL = "djl-pytorch";
    /** DJL with one PyTorch intra-op thread; ratios credit DJL with the faster of the two. */
    static final String DJL1 = "djl-pytorch-1t";
    static final String NUMPY = "numpy";
    /** numpy with OPENBLAS_NUM_THREADS=1; ratios credit numpy with the faster of the two. */
    static final String NUMPY1 = "numpy-1t";
    static final String JAVA = "java-array";
    private static final List<String> IMPL_ORDER = List.of(CPU, CUDA, DJL, DJL1, NUMPY, NUMPY1, JAVA);

    private final List<Result> results;

    public Sections(List<Result> results) {
        this.results = results;
    }

    // ------------------------------------------------------------------ lookups

    private List<Result> of(String suite) {
        return results.stream().filter(r -> r.suite().equals(suite)).collect(Collectors.toList());
    }

    private Result find(String suite, String method, String impl, Predicate<Result> match) {
        return results.stream().filter(r -> r.suite().equals(suite) && r.method().equals(method)
                && r.impl().equals(impl) && match.test(r)).findFirst().orElse(null);
    }

    /** The larger of two throughputs, ignoring a missing (NaN) one. */
    private static double best(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static double micros(Result r) {
        return r == null ? Double.NaN : r.micros();
    }

    private static List<String> impls(List<Result> rs, List<String> wanted) {
        Set<String> present = rs.stream().map(Result::impl).collect(Collectors.toSet());
        return wanted.stream().filter(present::contains).collect(Collectors.toList());
    }

    private static List<String> dtypes(List<Result> rs) {
        return rs.stream().map(r -> r.param("dtype")).filter(d -> !d.isEmpty()).distinct().sorted()
                .collect(Collectors.toList());
    }

    static double gflops(Result r) {
        return r == null ? Double.NaN : GemmShape.parse(r.param("shape")).flops() / r.seconds() / 1e9;
    }

    static double elementwiseGbs(Result r) {
        if (r == null) {
            return Double.NaN;
        }
        String op = r.suite().equals("baseline") ? r.param("kernel") : r.param("op");
        String dtype = r.suite().equals("baseline") ? "F32" : r.param("dtype");
        return Traffic.elementwiseBytes(op, Long.parseLong(r.param("elements")), Traffic.bytesPerElement(dtype))
                / r.seconds() / 1e9;
    }

    static double reductionGbs(Result r) {
        if (r == null) {
            return Double.NaN;
        }
        long[] m = Traffic.matrix(r.param("matrix"));
        return Traffic.reductionBytes(r.param("reduction"), m[0], m[1], Traffic.bytesPerElement(r.param("dtype")))
                / r.seconds() / 1e9;
    }

    /** Square sizes ascending, then the lecture's shapes in their order, then anything else. */
    static Comparator<String> shapeOrder() {
        List<String> lecture = Arrays.asList(GemmShape.LECTURE);
        return Comparator.<String>comparingInt(s -> GemmShape.parse(s).isSquare() ? 0 : lecture.contains(s) ? 1 : 2)
                .thenComparingLong(s -> GemmShape.parse(s).isSquare() ? GemmShape.parse(s).m() : 0)
                .thenComparingInt(lecture::indexOf).thenComparing(Comparator.naturalOrder());
    }

    // ------------------------------------------------------------------ GEMM

    public String gemmTable() {
        List<Result> rs = of("matmul");
        List<String> impls = impls(rs, IMPL_ORDER);
        if (rs.isEmpty()) {
            return "";
        }
        List<String> header = new ArrayList<>(List.of("dtype", "shape (M×K·K×N)"));
        impls.forEach(i -> header.add(i + " GFLOP/s"));
        boolean vsNumpy = impls.contains(CPU) && (impls.contains(NUMPY) || impls.contains(NUMPY1));
        boolean vsDjl = impls.contains(CPU) && (impls.contains(DJL) || impls.contains(DJL1));
        if (vsNumpy) {
            header.add("jgrad-cpu / numpy (best)");
        }
        if (vsDjl) {
            header.add("jgrad-cpu / DJL (best)");
        }
        MarkdownTable t = new MarkdownTable(header);
        List<String> shapes = rs.stream().map(r -> GemmShape.parse(r.param("shape")).toString()).distinct()
                .sorted(shapeOrder()).collect(Collectors.toList());
        for (String dtype : dtypes(rs)) {
            for (String shape : shapes) {
                List<String> row = new ArrayList<>(List.of(dtype, GemmShape.parse(shape).label()));
                boolean any = false;
                for (String impl : impls) {
                    double g = gflops(gemm(impl, dtype, shape));
                    any |= Double.isFinite(g);
                    row.add(MarkdownTable.num(g));
                }
                double cpu = gflops(gemm(CPU, dtype, shape));
                if (vsNumpy) {
                    row.add(MarkdownTable.ratio(cpu / best(gflops(gemm(NUMPY, dtype, shape)),
                            gflops(gemm(NUMPY1, dtype, shape)))));
                }
                if (vsDjl) {
                    row.add(MarkdownTable.ratio(cpu / best(gflops(gemm(DJL, dtype, shape)),
                            gflops(gemm(DJL1, dtype, shape)))));
                }
                if (any) {
                    t.row(row);
                }
            }
        }
        return t.render();
    }

    private Result gemm(String impl, String dtype, String shape) {
        String canonical = GemmShape.parse(shape).toString();
        return find("matmul", "matmul", impl, r -> r.param("dtype").equals(dtype)
                && GemmShape.parse(r.param("shape")).toString().equals(canonical));
    }

    public SvgChart gemmChart() {
        SvgChart c = new SvgChart("Square GEMM throughput (higher is better)", "n (n×n · n×n)", "GFLOP/s")
                .binaryX(false);
        List<Result> rs = of("matmul");
        int colour = 0;
        for (String impl : impls(rs, IMPL_ORDER)) {
            String color = SvgChart.PALETTE[colour++ % SvgChart.PALETTE.length];
            for (String dtype : dtypes(rs)) {
                SvgChart.Series s = c.series(impl + " " + dtype, color, dtype.equals("F32") ? "" : "7,4");
                for (Result r : rs) {
                    GemmShape g = GemmShape.parse(r.param("shape"));
                    if (r.impl().equals(impl) && r.param("dtype").equals(dtype) && g.isSquare()) {
                        s.add(g.m(), gflops(r));
                    }
                }
            }
        }
        return c;
    }

    // ------------------------------------------------------------------ 2-layer net

    public String netTable() {
        List<Result> rs = of("net");
        if (rs.isEmpty()) {
            return "";
        }
        MarkdownTable t = new MarkdownTable(List.of("impl", "dtype", "inference µs", "forward µs (graph)",
                "forward+backward µs", "training step µs", "backward / forward"));
        for (String impl : impls(rs, IMPL_ORDER)) {
            for (String dtype : dtypes(rs)) {
                double f = micros(net("forward", impl, dtype));
                double fb = micros(net("forwardBackward", impl, dtype));
                t.row(List.of(impl, dtype, MarkdownTable.num(micros(net("inference", impl, dtype))),
                        MarkdownTable.num(f), MarkdownTable.num(fb), MarkdownTable.num(micros(net("trainingStep", impl,
                                dtype))), MarkdownTable.ratio(backwardForward(f, fb))));
            }
        }
        return t.render();
    }

    /** (forward+backward − forward) / forward: how many forward passes the backward costs. */
    static double backwardForward(double forward, double forwardBackward) {
        return (forwardBackward - forward) / forward;
    }

    /** jgrad-cpu vs DJL-PyTorch on the training step; ratio = DJL time / jgrad time (&gt; 1: jgrad faster). */
    public String stepVsDjlTable() {
        List<Result> rs = of("net");
        if (impls(rs, List.of(DJL, DJL1)).isEmpty()) {
            return "";
        }
        MarkdownTable t = new MarkdownTable(List.of("dtype", "jgrad-cpu step µs", "DJL-PyTorch step µs (all cores)",
                "DJL-PyTorch step µs (1 thread)", "jgrad-cpu speed / DJL best (DJL time ÷ jgrad time)"));
        for (String dtype : dtypes(rs)) {
            double j = micros(net("trainingStep", CPU, dtype));
            double d = micros(net("trainingStep", DJL, dtype));
            double d1 = micros(net("trainingStep", DJL1, dtype));
            double dBest = Double.isNaN(d) ? d1 : Double.isNaN(d1) ? d : Math.min(d, d1);
            t.row(List.of(dtype, MarkdownTable.num(j), MarkdownTable.num(d), MarkdownTable.num(d1),
                    MarkdownTable.ratio(dBest / j)));
        }
        return t.render();
    }

    private Result net(String method, String impl, String dtype) {
        return find("net", method, impl, r -> r.param("dtype").equals(dtype));
    }

    // ------------------------------------------------------------------ elementwise and reductions

    public String elementwiseTable() {
        List<Result> rs = of("elementwise");
        if (rs.isEmpty()) {
            return "";
        }
        List<String> impls = impls(rs, IMPL_ORDER);
        List<String> header = new ArrayList<>(List.of("op", "elements", "dtype"));
        impls.forEach(i -> header.add(i + " GB/s"));
        boolean vsDjl = impls.contains(CPU) && (impls.contains(DJL) || impls.contains(DJL1));
        if (vsDjl) {
            header.add("jgrad-cpu / DJL (best)");
        }
        MarkdownTable t = new MarkdownTable(header);
        for (String op : Traffic.ELEMENTWISE_OPS) {
            for (long n : elementCounts(rs)) {
                for (String dtype : dtypes(rs)) {
                    List<String> row = new ArrayList<>(List.of(op, SvgChart.size(n), dtype));
                    boolean any = false;
                    for (String impl : impls) {
                        double g = elementwiseGbs(elementwise(impl, op, n, dtype));
                        any |= Double.isFinite(g);
                        row.add(MarkdownTable.num(g));
                    }
                    if (vsDjl) {
                        row.add(MarkdownTable.ratio(elementwiseGbs(elementwise(CPU, op, n, dtype))
                                / best(elementwiseGbs(elementwise(DJL, op, n, dtype)),
                                        elementwiseGbs(elementwise(DJL1, op, n, dtype)))));
                    }
                    if (any) {
                        t.row(row);
                    }
                }
            }
        }
        return t.render();
    }

    private static List<Long> elementCounts(List<Result> rs) {
        return rs.stream().map(r -> Long.parseLong(r.param("elements"))).distinct().sorted()
                .collect(Collectors.toList());
    }

    private Result elementwise(String impl, String op, long n, String dtype) {
        return find("elementwise", "run", impl, r -> r.param("op").equals(op)
                && Long.parseLong(r.param("elements")) == n && r.param("dtype").equals(dtype));
    }

    /** The Java-array yardstick and jgrad-cpu's F32 add at the same sizes. */
    public String baselineTable() {
        List<Result> rs = of("baseline");
        if (rs.isEmpty()) {
            return "";
        }
        List<String> kernels = rs.stream().map(r -> r.param("kernel")).distinct().collect(Collectors.toList());
        List<String> header = new ArrayList<>(List.of("elements"));
        kernels.forEach(k -> header.add("Java " + k + " GB/s"));
        header.add("jgrad-cpu add F32 GB/s");
        if (kernels.contains("copy")) {
            header.add("jgrad add / Java copy");
        }
        MarkdownTable t = new MarkdownTable(header);
        for (long n : elementCounts(rs)) {
            List<String> row = new ArrayList<>(List.of(SvgChart.size(n)));
            for (String k : kernels) {
                row.add(MarkdownTable.num(elementwiseGbs(find("baseline", "run", JAVA,
                        r -> r.param("kernel").equals(k) && Long.parseLong(r.param("elements")) == n))));
            }
            double add = elementwiseGbs(elementwise(CPU, "add", n, "F32"));
            row.add(MarkdownTable.num(add));
            if (kernels.contains("copy")) {
                row.add(MarkdownTable.ratio(add / elementwiseGbs(find("baseline", "run", JAVA,
                        r -> r.param("kernel").equals("copy") && Long.parseLong(r.param("elements")) == n))));
            }
            t.row(row);
        }
        return t.render();
    }

    public SvgChart bandwidthChart() {
        SvgChart c = new SvgChart("Elementwise F32 bandwidth (higher is better)", "elements", "GB/s");
        List<Result> rs = of("elementwise");
        Map<String, String> dashes = Map.of(CPU, "", CUDA, "2,3", DJL, "7,4", DJL1, "12,3,2,3");
        for (String impl : impls(rs, IMPL_ORDER)) {
            int colour = 0;
            for (String op : Traffic.ELEMENTWISE_OPS) {
                String color = SvgChart.PALETTE[colour++ % SvgChart.PALETTE.length];
                SvgChart.Series s = c.series(impl + " " + op, color, dashes.getOrDefault(impl, "1,3"));
                for (Result r : rs) {
                    if (r.impl().equals(impl) && r.param("op").equals(op) && r.param("dtype").equals("F32")) {
                        s.add(Long.parseLong(r.param("elements")), elementwiseGbs(r));
                    }
                }
            }
        }
        String[] greys = {"#000000", "#555555", "#999999"};
        int g = 0;
        for (String k : of("baseline").stream().map(r -> r.param("kernel")).distinct().collect(Collectors.toList())) {
            SvgChart.Series s = c.series("Java array " + k, greys[g++ % greys.length], "2,2");
            for (Result r : of("baseline")) {
                if (r.param("kernel").equals(k)) {
                    s.add(Long.parseLong(r.param("elements")), elementwiseGbs(r));
                }
            }
        }
        return c;
    }

    public String reductionTable() {
        List<Result> rs = of("reduction");
        if (rs.isEmpty()) {
            return "";
        }
        List<String> impls = impls(rs, IMPL_ORDER);
        List<String> header = new ArrayList<>(List.of("op", "matrix", "dtype"));
        impls.forEach(i -> header.add(i + " GB/s"));
        impls.forEach(i -> header.add(i + " µs"));
        MarkdownTable t = new MarkdownTable(header);
        Set<String> matrices = rs.stream().map(r -> r.param("matrix")).collect(Collectors.toCollection(
                LinkedHashSet::new));
        for (String op : Traffic.REDUCTION_OPS) {
            for (String m : matrices) {
                for (String dtype : dtypes(rs)) {
                    List<String> row = new ArrayList<>(List.of(op, m, dtype));
                    List<Result> found = new ArrayList<>();
                    for (String impl : impls) {
                        found.add(find("reduction", "run", impl, r -> r.param("reduction").equals(op)
                                && r.param("matrix").equals(m) && r.param("dtype").equals(dtype)));
                    }
                    if (found.stream().allMatch(Objects::isNull)) {
                        continue;
                    }
                    found.forEach(r -> row.add(MarkdownTable.num(reductionGbs(r))));
                    found.forEach(r -> row.add(MarkdownTable.num(micros(r))));
                    t.row(row);
                }
            }
        }
        return t.render();
    }

    // ------------------------------------------------------------------ autograd overhead

    public String chainTable() {
        List<Result> rs = of("chain");
        if (rs.isEmpty()) {
            return "";
        }
        int nodes = AutogradChainBench.NODES;
        MarkdownTable t = new MarkdownTable(List.of("impl", "dtype", "dispatch only (no grad) µs/node",
                "forward recording µs/node", "forward+backward µs/node", "backward alone µs/node"));
        for (String impl : impls(rs, IMPL_ORDER)) {
            for (String dtype : dtypes(rs)) {
                double ng = micros(chain("forwardNoGrad", impl, dtype)) / nodes;
                double f = micros(chain("forward", impl, dtype)) / nodes;
                double fb = micros(chain("forwardBackward", impl, dtype)) / nodes;
                t.row(List.of(impl, dtype, MarkdownTable.num(ng), MarkdownTable.num(f), MarkdownTable.num(fb),
                        MarkdownTable.num(fb - f)));
            }
        }
        return t.render();
    }

    private Result chain(String method, String impl, String dtype) {
        return find("chain", method, impl, r -> r.param("dtype").equals(dtype));
    }
}
