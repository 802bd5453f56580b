package dev.jgrad.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random graph as plain data, so it can be run in any dtype on any device, printed as Java and shrunk.
 * Node i may only read nodes before it. The scalar loss is Σ over {@code outputs} of
 * {@code (value ⊙ W).sum()} with fixed weights W (seeded per output), so every output element matters.
 *
 * <p>Leaf values and weights are drawn as doubles and rounded to float, so the F32 and F64 runs start
 * from exactly the same numbers and differ only by the ops' rounding.
 */
record FuzzGraph(long seed, List<FuzzNode> nodes, int[] outputs, long[] weightSeeds) {

    /** Constants longer than this are printed as a {@link #values} call instead of a literal. */
    private static final int LITERAL_MAX = 32;

    /** A leaf's storage values: uniform in [-2, 2), float-representable. */
    static double[] leafValues(FuzzNode leaf) {
        return values(leaf.seed(), Math.toIntExact(numel(leaf.dims())), 2.0, 0.0);
    }

    /** Output {@code k}'s projection weights: ±[0.5, 1.5), float-representable. */
    double[] weights(int k) {
        return values(weightSeeds[k], Math.toIntExact(nodes.get(outputs[k]).numel()), 0.5, 0.5);
    }

    /** n values of random sign and magnitude in [gap, gap + spread), rounded to float (snippets call this too). */
    static double[] values(long seed, int n, double spread, double gap) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double m = gap + spread * r.nextDouble();
            v[i] = (float) (r.nextBoolean() ? m : -m);
        }
        return v;
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    int opCount() {
        return (int) nodes.stream().filter(n -> !n.isLeaf()).count();
    }

    List<Integer> leafIndices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isLeaf()) {
                out.add(i);
            }
        }
        return out;
    }

    /** The same graph with fresh leaf values (for redrawing inputs that landed next to a kink). */
    FuzzGraph withRedrawnLeaves(long salt) {
        List<FuzzNode> out = new ArrayList<>(nodes.size());
        for (FuzzNode n : nodes) {
            out.add(n.isLeaf() ? n.withSeed(n.seed() * 0x9E3779B97F4A7C15L + salt) : n);
        }
        return new FuzzGraph(seed, out, outputs, weightSeeds);
    }

    /**
     * A compact, runnable Java snippet that rebuilds this graph and its loss (F64; set dt to F32 for the
     * other run). Long constants are {@code FuzzGraph.values(...)} calls: run it in package dev.jgrad.fuzz.
     */
    String toJava() {
        StringBuilder sb = new StringBuilder();
        sb.append("// fuzz graph from seed ").append(seed).append(": ").append(opCount()).append(" ops\n");
        sb.append("DType dt = DType.F64;\n");
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            FuzzNode n = nodes.get(i);
            if (n.isLeaf()) {
                String l = "l" + i;
                leaves.add(l);
                sb.append("Tensor ").append(l).append(" = ").append(constant(n.seed(), n.dims(), 2.0, 0.0))
                        .append(".detach().requiresGrad(true);\n");
                sb.append("Tensor v").append(i).append(" = ").append(l);
                if (n.permuted()) {
                    sb.append(".permute(").append(FuzzOp.ints(n.axes())).append(")");
                }
                sb.append(";\n");
            } else {
                String[] in = Arrays.stream(n.in()).mapToObj(j -> "v" + j).toArray(String[]::new);
                sb.append("Tensor v").append(i).append(" = ").append(n.op().call(in, n)).append(";   // ")
                        .append(Arrays.toString(n.shape())).append('\n');
            }
        }
        sb.append("Tensor loss = Tensor.sumOf(");
        for (int k = 0; k < outputs.length; k++) {
            FuzzNode o = nodes.get(outputs[k]);
            sb.append(k == 0 ? "" : ",\n        ").append("v").append(outputs[k]).append(".mul(")
                    .append(constant(weightSeeds[k], o.shape(), 0.5, 0.5)).append(").sum()");
        }
        sb.append(");\n");
        sb.append("List<Tensor> grads = Autograd.grad(loss, List.of(").append(String.join(", ", leaves))
                .append("), null, false, false);\n");
        return sb.toString();
    }

    private static String constant(long seed, long[] shape, double spread, double gap) {
        int n = Math.toIntExact(numel(shape));
        double[] values = values(seed, n, spread, gap);
        if (shape.length == 0) {
            return "Tensor.scalar(" + FuzzOp.num(values[0]) + ", dt)";
        }
        StringBuilder sb = new StringBuilder("Tensor.of(");
        if (n > LITERAL_MAX) {
            sb.append("FuzzGraph.values(").append(seed).append("L, ").append(n).append(", ").append(FuzzOp.num(spread))
                    .append(", ").append(FuzzOp.num(gap)).append(')');
        } else {
            sb.append("new double[] {");
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(FuzzOp.num(values[i]));
            }
            sb.append('}');
        }
        return sb.append(", ").append(FuzzOp.longs(shape)).append(").to(dt)").toString();
    }
}
