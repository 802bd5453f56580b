package dev.jgrad.fuzz;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link FuzzGraph} in one dtype on one device and copies what the checks compare back to the host. */
final class GraphRunner {

    /**
     * What one run produced, as doubles: the loss, every node's values (row-major), and the gradient of
     * the loss w.r.t. every leaf's storage (in {@link FuzzGraph#leafIndices()} order; null without backward).
     */
    record Run(double loss, double[][] values, double[][] grads) {
    }

    private GraphRunner() {
    }

    /** Forward (and backward when {@code withGrad}); every tensor it makes is closed before returning. */
    static Run run(FuzzGraph g, DType dtype, Device device, boolean withGrad) {
        try (Scope d = Device.with(device); TensorScope s = TensorScope.open()) {
            List<Tensor> leaves = new ArrayList<>();
            Tensor[] v = build(g, dtype, null, -1, leaves);
            Tensor loss = loss(g, v, dtype);
            double[][] values = new double[v.length][];
            for (int i = 0; i < v.length; i++) {
                values[i] = v[i].toDoubleArray();
            }
            double[][] grads = null;
            if (withGrad) {
                // a loss reached only through argmax has no graph: every gradient is zero
                List<Tensor> gs = loss.requiresGrad() ? Autograd.grad(loss, leaves, null, false, false)
                        : java.util.Collections.nCopies(leaves.size(), null);
                grads = new double[gs.size()][];
                for (int i = 0; i < gs.size(); i++) {
                    grads[i] = gs.get(i) == null ? new double[Math.toIntExact(leaves.get(i).numel())]
                            : gs.get(i).toDoubleArray();
                }
            }
            return new Run(loss.item(), values, grads);
        }
    }

    /** The loss alone, with leaf {@code leaf}'s storage replaced by {@code storage} (finite differences). */
    static double lossWith(FuzzGraph g, DType dtype, Device device, int leaf, double[] storage) {
        try (Scope d = Device.with(device); Scope ng = Autograd.noGrad(); TensorScope s = TensorScope.open()) {
            Tensor[] v = build(g, dtype, storage, leaf, new ArrayList<>());
            return loss(g, v, dtype).item();
        }
    }

    private static Tensor[] build(FuzzGraph g, DType dtype, double[] override, int overrideLeaf, List<Tensor> leaves) {
        List<FuzzNode> nodes = g.nodes();
        Tensor[] v = new Tensor[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            FuzzNode n = nodes.get(i);
            if (n.isLeaf()) {
                double[] values = i == overrideLeaf ? override : FuzzGraph.leafValues(n);
                Tensor storage = constant(values, n.dims(), dtype).requiresGrad(Autograd.isGradEnabled());
                leaves.add(storage);
                v[i] = n.permuted() ? storage.permute(n.axes()) : storage;
            } else {
                Tensor[] in = new Tensor[n.in().length];
                for (int k = 0; k < in.length; k++) {
                    in[k] = v[n.in()[k]];
                }
                v[i] = n.op().apply(in, n);
            }
        }
        return v;
    }

    private static Tensor loss(FuzzGraph g, Tensor[] v, DType dtype) {
        Tensor[] terms = new Tensor[g.outputs().length];
        for (int k = 0; k < terms.length; k++) {
            FuzzNode o = g.nodes().get(g.outputs()[k]);
            terms[k] = v[g.outputs()[k]].mul(constant(g.weights(k), o.shape(), dtype)).sum();
        }
        return Tensor.sumOf(terms);
    }

    /** Values (float-representable doubles) as a dense tensor of {@code dtype}; rank 0 when the shape is empty. */
    static Tensor constant(double[] values, long[] shape, DType dtype) {
        if (shape.length == 0) {
            return Tensor.scalar(values[0], dtype);
        }
        return dtype == DType.F64 ? Tensor.of(values, shape) : Tensor.of(toFloats(values), shape);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
