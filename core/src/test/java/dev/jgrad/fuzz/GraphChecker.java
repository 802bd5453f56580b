package dev.jgrad.fuzz;

import dev.jgrad.DType;
import dev.jgrad.Device;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The differential checks on one graph: F32 against F64 (every node's values and every leaf gradient),
 * F64 autograd against F64 central differences of the loss, and optionally the same graph on a second
 * device against this one.
 *
 * <p>Tolerances, and why: the F32/F64 bound is {@code F32_ULPS · 2^-24 · (depth + 1) · max(1, max|x64|)}
 * per node, i.e. a per-op rounding budget that grows with the number of ops the value went through
 * (values are kept within ±1e3 by the generator, so absolute error scaled by the node's magnitude is
 * meaningful). Finite differences use eps = 1e-6 in F64 (truncation ~eps², cancellation ~2^-53·|loss|/eps).
 */
final class GraphChecker {
    /** Per-op budget in F32 units of roundoff, for values and gradients. */
    static final double F32_ULPS = 16;
    static final double FD_EPS = 1e-6;
    static final double FD_ATOL = 1e-7;
    static final double FD_RTOL = 1e-6;
    /** Same dtype on two devices: only summation order may differ. */
    static final double CROSS_F64_TOL = 1e-10;
    /** Inputs of kinked ops closer than this (relative) to the kink make a graph "near a kink". */
    static final double KINK_MARGIN = 1e-3;
    /** One-sided difference quotients further apart than this (relative) reveal a kink inside the FD step. */
    static final double SMOOTHNESS = 1e-2;

    enum Kind { PASS, NEAR_KINK, FAIL }

    private static final Outcome NEAR_KINK = new Outcome(Kind.NEAR_KINK, "near a kink", "");

    /** The verdict; {@code category} groups failures for shrinking ("F32 vs F64 values", "exception", …). */
    record Outcome(Kind kind, String category, String detail) {
        static final Outcome PASS = new Outcome(Kind.PASS, "", "");

        static Outcome fail(String category, String detail) {
            return new Outcome(Kind.FAIL, category, detail);
        }

        boolean failed() {
            return kind == Kind.FAIL;
        }
    }

    private final Device device;
    private final Device other;
    private double worstCompare;
    private double worstFd;

    private final int fdSamples;

    /**
     * Checks on {@code device}; when {@code other} is non-null, also compares against runs there.
     * {@code fdSamples} leaf elements per leaf get finite differences (0 = every element).
     */
    GraphChecker(Device device, Device other, int fdSamples) {
        this.device = device;
        this.other = other;
        this.fdSamples = fdSamples;
    }

    Outcome check(FuzzGraph g) {
        try {
            return checkOrThrow(g);
        } catch (RuntimeException | StackOverflowError e) {
            StringBuilder where = new StringBuilder(e.toString());
            for (StackTraceElement f : e.getStackTrace()) {
                if (f.getClassName().startsWith("dev.jgrad.fuzz")) {
                    break;
                }
                where.append("\n    at ").append(f);
            }
            return Outcome.fail("exception " + e.getClass().getSimpleName(), where.toString());
        }
    }

    private Outcome checkOrThrow(FuzzGraph g) {
        GraphRunner.Run r64 = GraphRunner.run(g, DType.F64, device, true);
        String bad = firstNonFinite(g, r64);
        if (bad != null) {
            return Outcome.fail("non-finite F64", bad);
        }
        GraphRunner.Run r32 = GraphRunner.run(g, DType.F32, device, true);
        if (nearKink(g, r64.values(), r32.values())) {
            return NEAR_KINK;
        }
        double[] growth = errorGrowth(g);
        Outcome o = compare("F32 vs F64", g, r64, r32, growth, F32_ULPS * 0x1p-24);
        if (o.failed()) {
            return o;
        }
        o = finiteDifferences(g, r64);
        if (o.kind() != Kind.PASS) {
            return o;
        }
        if (other != null) {
            GraphRunner.Run x64 = GraphRunner.run(g, DType.F64, other, true);
            o = compare(other + " vs " + device + " (F64)", g, r64, x64, null, CROSS_F64_TOL);
            if (o.failed()) {
                return o;
            }
            GraphRunner.Run x32 = GraphRunner.run(g, DType.F32, other, true);
            o = compare(other + " vs " + device + " (F32)", g, r32, x32, growth, F32_ULPS * 0x1p-24);
        }
        return o;
    }

    /**
     * Values of every node, then the loss and gradients, within {@code perOp·growth} (growth null: {@code perOp}
     * flat); growth's last two entries are those of the loss and of the gradients.
     */
    private Outcome compare(String what, FuzzGraph g, GraphRunner.Run ref, GraphRunner.Run got, double[] growth,
                            double perOp) {
        for (int i = 0; i < ref.values().length; i++) {
            double tol = perOp * (growth == null ? 1 : growth[i]);
            String d = diff(ref.values()[i], got.values()[i], tol);
            if (d != null) {
                return Outcome.fail(what + " values", "node v" + i + " (" + g.nodes().get(i).op() + ", error growth "
                        + (growth == null ? "-" : String.format(Locale.ROOT, "%.1f", growth[i])) + "): " + d);
            }
        }
        double tol = perOp * (growth == null ? 1 : growth[growth.length - 2]);
        String d = diff(new double[] {ref.loss()}, new double[] {got.loss()}, tol);
        if (d != null) {
            return Outcome.fail(what + " loss", d);
        }
        tol = perOp * (growth == null ? 1 : growth[growth.length - 1]);
        List<Integer> leaves = g.leafIndices();
        for (int k = 0; k < leaves.size(); k++) {
            d = diff(ref.grads()[k], got.grads()[k], tol);
            if (d != null) {
                return Outcome.fail(what + " gradients", "d loss / d l" + leaves.get(k) + ": " + d);
            }
        }
        return Outcome.PASS;
    }

    /** Null when |ref − got| ≤ tol·max(1, max|ref|) everywhere; else where and by how much. */
    String diff(double[] ref, double[] got, double tol) {
        if (ref.length != got.length) {
            return "element counts differ: " + ref.length + " vs " + got.length;
        }
        double scale = 1;
        for (double v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        double allowed = tol * scale;
        for (int i = 0; i < ref.length; i++) {
            double err = Math.abs(ref[i] - got[i]);
            if (Double.isNaN(ref[i]) && Double.isNaN(got[i])) {
                continue;
            }
            worstCompare = Math.max(worstCompare, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed);
            if (!(err <= allowed)) {
                return String.format(Locale.ROOT, "element %d: reference %.17g, got %.17g, |diff| %.3g > allowed %.3g",
                        i, ref[i], got[i], err, allowed);
            }
        }
        return null;
    }

    /** The largest error seen so far as a fraction of its tolerance (F32/F64 and cross-device comparisons). */
    double worstCompareFraction() {
        return worstCompare;
    }

    /** The largest autograd-vs-finite-difference error seen so far as a fraction of its tolerance. */
    double worstFiniteDifferenceFraction() {
        return worstFd;
    }

    private Outcome finiteDifferences(FuzzGraph g, GraphRunner.Run r64) {
        List<Integer> leaves = g.leafIndices();
        // the loss is a long sum in F64 too: a sequential sum of K terms of total size S can be off by
        // ~K·2^-53·S, and that noise differs between the ±eps runs, so it is divided by eps
        double summationNoise = 0x1p-53 * valuesSummed(g) * largestAbsSum(r64) / FD_EPS;
        double atol = FD_ATOL * Math.max(1, Math.abs(r64.loss())) + summationNoise;
        for (int k = 0; k < leaves.size(); k++) {
            int leaf = leaves.get(k);
            double[] x = FuzzGraph.leafValues(g.nodes().get(leaf));
            double[] analytic = r64.grads()[k];
            for (int e : fdElements(g.nodes().get(leaf), x.length)) {
                double[] shifted = x.clone();
                shifted[e] = x[e] + FD_EPS;
                double up = GraphRunner.lossWith(g, DType.F64, device, leaf, shifted);
                shifted[e] = x[e] - FD_EPS;
                double down = GraphRunner.lossWith(g, DType.F64, device, leaf, shifted);
                double numeric = (up - down) / (2 * FD_EPS);
                // one-sided slopes that disagree by far more than eps·f'' mean a kink or jump inside ±eps
                double forward = (up - r64.loss()) / FD_EPS;
                double backward = (r64.loss() - down) / FD_EPS;
                if (Math.abs(forward - backward) > SMOOTHNESS * Math.max(1, Math.abs(numeric))) {
                    return NEAR_KINK;
                }
                double err = Math.abs(numeric - analytic[e]);
                double allowed = atol + FD_RTOL * Math.abs(numeric);
                worstFd = Math.max(worstFd, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed);
                if (!(err <= allowed)) {
                    return Outcome.fail("autograd vs finite differences", String.format(Locale.ROOT,
                            "d loss / d l%d storage element %d: autograd %.17g, central difference %.17g, |diff| %.3g",
                            leaf, e, analytic[e], numeric, err));
                }
            }
        }
        return Outcome.PASS;
    }

    /** The most values any one sum in the graph adds up: a reduction or matmul, a projection of an output, the loss. */
    static double valuesSummed(FuzzGraph g) {
        double most = Math.max(1, g.outputs().length);
        for (int o : g.outputs()) {
            most = Math.max(most, g.nodes().get(o).numel());
        }
        for (double v : summedPerNode(g)) {
            most = Math.max(most, v);
        }
        return most;
    }

    /** max(1, |loss|, the largest Σ|values| of any node): bounds the partial sums any sum in the graph forms. */
    private static double largestAbsSum(GraphRunner.Run r) {
        double most = Math.max(1, Math.abs(r.loss()));
        for (double[] v : r.values()) {
            double sum = 0;
            for (double x : v) {
                sum += Math.abs(x);
            }
            most = Math.max(most, sum);
        }
        return most;
    }

    /** Every element, or {@link #fdSamples} of them drawn from the leaf's seed. */
    private int[] fdElements(FuzzNode leaf, int count) {
        if (fdSamples == 0 || count <= fdSamples) {
            return java.util.stream.IntStream.range(0, count).toArray();
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(leaf.seed() ^ 0xFDL);
        return r.ints(fdSamples, 0, count).toArray();
    }

    private static String firstNonFinite(FuzzGraph g, GraphRunner.Run r) {
        for (int i = 0; i < r.values().length; i++) {
            for (double v : r.values()[i]) {
                if (!Double.isFinite(v)) {
                    return "node v" + i + " (" + g.nodes().get(i).op() + ") holds " + v;
                }
            }
        }
        for (int k = 0; k < r.grads().length; k++) {
            for (double v : r.grads()[k]) {
                if (!Double.isFinite(v)) {
                    return "gradient of leaf l" + g.leafIndices().get(k) + " holds " + v;
                }
            }
        }
        return Double.isFinite(r.loss()) ? null : "loss is " + r.loss();
    }

    /**
     * How many roundings' worth of error each node may carry, relative to its magnitude:
     * (depth + 1)·√K, where depth is the longest path from a leaf in ops and K the number of values
     * summed into one result along that path (reductions, matmul, softmax; rounding errors of a sum
     * grow like √K when they are independent). Two extra entries at the end: the loss (all ops, summing
     * every output element) and the gradients (all ops, and the largest sum a backward makes: a reduction
     * or matmul, or a broadcast input whose gradient is summed over the broadcast).
     */
    static double[] errorGrowth(FuzzGraph g) {
        int n = g.nodes().size();
        int[] depth = new int[n];
        double[] k = summedPerNode(g);
        double maxK = 1;
        double maxFanIn = 1;
        for (int i = 0; i < n; i++) {
            FuzzNode node = g.nodes().get(i);
            for (int j : node.in()) {
                depth[i] = Math.max(depth[i], depth[j] + 1);
                maxFanIn = Math.max(maxFanIn, (double) node.numel() / Math.max(1, g.nodes().get(j).numel()));
            }
            maxK = Math.max(maxK, k[i]);
        }
        double outputs = 0;
        for (int o : g.outputs()) {
            outputs += g.nodes().get(o).numel();
        }
        double[] growth = new double[n + 2];
        for (int i = 0; i < n; i++) {
            growth[i] = (depth[i] + 1) * Math.sqrt(k[i]);
        }
        growth[n] = (g.opCount() + 2) * Math.sqrt(maxK * Math.max(1, outputs));
        growth[n + 1] = (g.opCount() + 1) * Math.sqrt(Math.max(maxK, maxFanIn));
        return growth;
    }

    /** Per node: how many leaf-derived values went into one of its elements along the way (products of sum sizes). */
    private static double[] summedPerNode(FuzzGraph g) {
        double[] k = new double[g.nodes().size()];
        for (int i = 0; i < k.length; i++) {
            FuzzNode node = g.nodes().get(i);
            k[i] = 1;
            for (int j : node.in()) {
                k[i] = Math.max(k[i], k[j]);
            }
            k[i] *= summed(g, node);
        }
        return k;
    }

    /** Values summed into each output element of {@code node} (1 for elementwise ops and views). */
    private static double summed(FuzzGraph g, FuzzNode node) {
        if (node.isLeaf()) {
            return 1;
        }
        long[] in = g.nodes().get(node.in()[0]).shape();
        return switch (node.op()) {
            case SUM_ALL, MEAN_ALL, SUM_DIM, SUM_DIMS, MEAN_DIM -> Math.max(1, (double) FuzzGraph.numel(in) / Math.max(1, node.numel()));
            case MATMUL, SOFTMAX, LOG_SOFTMAX -> Math.max(1, in.length == 0 ? 1 : in[in.length - 1]) * 2;
            case SUM_OF -> node.in().length;
            default -> 1;
        };
    }


    /**
     * Whether an input of a kinked op (abs, relu, leakyRelu, elu, maximum, minimum, max, min, argmax) lies
     * within {@link #KINK_MARGIN} of its kink in either dtype: there rounding or the finite-difference
     * step can cross it. An exact tie in both dtypes is kept (relu's zeros fed to abs, maximum of two
     * relus): it is the same in every run and follows the documented tie rules. A tie exact in only one
     * dtype is not (x.sub(x.add(1)) is exactly -1 in F64, not in F32).
     */
    static boolean nearKink(FuzzGraph g, double[][] v64, double[][] v32) {
        for (int i = 0; i < g.nodes().size(); i++) {
            FuzzNode n = g.nodes().get(i);
            if (n.op().kinked && near(margins(g, n, v64), margins(g, n, v32), v64[n.in()[0]])) {
                return true;
            }
        }
        return false;
    }

    private static boolean near(double[] m64, double[] m32, double[] input) {
        double scale = 1;
        for (double v : input) {
            scale = Math.max(scale, Math.abs(v));
        }
        double limit = KINK_MARGIN * scale;
        for (int e = 0; e < m64.length; e++) {
            boolean robustTie = m64[e] == 0 && m32[e] == 0;
            if (!robustTie && (m64[e] < limit || m32[e] < limit)) {
                return true;
            }
        }
        return false;
    }

    /** Distance to the kink per decision the op makes (per element, or per slice for max/min/argmax). */
    private static double[] margins(FuzzGraph g, FuzzNode n, double[][] values) {
        double[] a = values[n.in()[0]];
        long[] as = g.nodes().get(n.in()[0]).shape();
        switch (n.op()) {
            case MAXIMUM, MINIMUM -> {
                double[] b = values[n.in()[1]];
                long[] bs = g.nodes().get(n.in()[1]).shape();
                double[] m = new double[Math.toIntExact(n.numel())];
                for (int e = 0; e < m.length; e++) {
                    m[e] = Math.abs(a[index(n.shape(), as, e)] - b[index(n.shape(), bs, e)]);
                }
                return m;
            }
            case MAX_DIM, MIN_DIM, ARGMAX -> {
                return sliceGaps(a, as, norm(n.axes()[0], as.length), n.op() == FuzzOp.MIN_DIM);
            }
            default -> {
                double[] m = new double[a.length];
                for (int e = 0; e < a.length; e++) {
                    m[e] = Math.abs(a[e]);
                }
                return m;
            }
        }
    }

    private static int norm(int d, int rank) {
        return d < 0 ? d + rank : d;
    }

    /** Along {@code dim}, per slice: the gap between the extreme and the runner-up (infinite for one element). */
    private static double[] sliceGaps(double[] a, long[] shape, int dim, boolean min) {
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= (int) shape[d];
        }
        int len = (int) shape[dim];
        int outer = a.length / Math.max(1, len * inner);
        double[] gaps = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double[] slice = new double[len];
                for (int j = 0; j < len; j++) {
                    slice[j] = a[(o * len + j) * inner + in];
                }
                Arrays.sort(slice);
                gaps[o * inner + in] = len < 2 ? Double.POSITIVE_INFINITY
                        : min ? slice[1] - slice[0] : slice[len - 1] - slice[len - 2];
            }
        }
        return gaps;
    }

    /** Row-major index into an operand of shape {@code in} that broadcasts to output element {@code flat}. */
    private static int index(long[] out, long[] in, long flat) {
        int offset = out.length - in.length;
        long index = 0;
        long stride = 1;
        for (int d = out.length - 1; d >= 0; d--) {
            long coord = flat % out[d];
            flat /= out[d];
            int id = d - offset;
            if (id >= 0) {
                index += (in[id] == 1 ? 0 : coord) * stride;
                stride *= in[id];
            }
        }
        return (int) index;
    }
}
