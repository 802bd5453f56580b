package dev.jgrad;

import dev.jgrad.spi.BinaryOp;

/** Elementwise two-input ops with NumPy broadcasting: each forward with its VJP beside it. */
final class BinaryOps {
    private BinaryOps() {
    }

    /** Validates, broadcasts both inputs as stride-0 views and runs the backend kernel. */
    static Tensor apply(String name, BinaryOp op, Tensor a, Tensor b) {
        long[] shape = Checks.binary(name, a, b);
        if (!a.dtype().isFloating() && !op.supportsInt()) {
            throw new IllegalArgumentException(name + ": not defined on I32 (got " + a.describe() + ", "
                    + b.describe() + ")");
        }
        Tensor out = Tensor.empty(a.backend(), a.dtype(), shape);
        a.backend().binary(op, broadcastView(a, shape), broadcastView(b, shape), out.view());
        return out;
    }

    private static dev.jgrad.spi.View broadcastView(Tensor t, long[] shape) {
        return new dev.jgrad.spi.View(t.storage.storage, t.layout.broadcastTo(shape));
    }

    /** Arithmetic on I32 is allowed but never recorded. */
    private static Tensor record(String op, Tensor y, Tensor a, Tensor b, Tensor[] saved, Vjp vjp) {
        return y.dtype().isFloating() ? Graph.record(op, y, Graph.of(a, b), saved, vjp) : y;
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor y = apply("add", BinaryOp.ADD, a, b);
        return record("add", y, a, b, Graph.of(), (g, n) -> new Tensor[] {
            n[0] ? ReduceOps.sumTo(g, a.shape()) : null,
            n[1] ? ReduceOps.sumTo(g, b.shape()) : null});
    }

    /** Σ of several tensors (broadcast) as one node: the lectures' n-input sum gate. */
    static Tensor sumOf(Tensor[] terms) {
        if (terms.length == 0) {
            throw new IllegalArgumentException("sumOf: needs at least one tensor");
        }
        long[] shape = terms[0].shape();
        for (int i = 1; i < terms.length; i++) {
            Checks.binary("sumOf", terms[0], terms[i]);
            shape = dev.jgrad.spi.Layout.broadcastShapes(shape, terms[i].shape());
            if (shape == null) {
                throw new IllegalArgumentException("sumOf: shapes " + Tensor.shapes(terms) + " are not broadcast-compatible");
            }
        }
        Checks.floating("sumOf", terms[0]);
        Tensor out = Tensor.empty(terms[0].backend(), terms[0].dtype(), shape);
        out.backend().copy(broadcastView(terms[0], shape), out.view());
        for (int i = 1; i < terms.length; i++) {
            out.backend().binary(BinaryOp.ADD, out.view(), broadcastView(terms[i], shape), out.view());
        }
        Tensor[] inputs = terms.clone();
        return Graph.record("sumOf", out, inputs, Graph.of(), (g, n) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = n[i] ? ReduceOps.sumTo(g, inputs[i].shape()) : null;
            }
            return grads;
        });
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor y = apply("sub", BinaryOp.SUB, a, b);
        return record("sub", y, a, b, Graph.of(), (g, n) -> new Tensor[] {
            n[0] ? ReduceOps.sumTo(g, a.shape()) : null,
            n[1] ? ReduceOps.sumTo(g.neg(), b.shape()) : null});
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor y = apply("mul", BinaryOp.MUL, a, b);
        // the "swap multiplier": each input's gradient is the upstream times the other input
        return record("mul", y, a, b, Graph.of(a, b), (g, n) -> new Tensor[] {
            n[0] ? ReduceOps.sumTo(g.mul(b), a.shape()) : null,
            n[1] ? ReduceOps.sumTo(g.mul(a), b.shape()) : null});
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor y = apply("div", BinaryOp.DIV, a, b);
        // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
        return record("div", y, a, b, Graph.of(a, b), (g, n) -> new Tensor[] {
            n[0] ? ReduceOps.sumTo(g.div(b), a.shape()) : null,
            n[1] ? ReduceOps.sumTo(g.mul(a).div(b.square()).neg(), b.shape()) : null});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        Tensor y = apply("maximum", BinaryOp.MAXIMUM, a, b);
        return record("maximum", y, a, b, Graph.of(a, b),
                (g, n) -> route(g, a, b, compare(BinaryOp.GT, "maximum", a, b), n));
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor y = apply("minimum", BinaryOp.MINIMUM, a, b);
        return record("minimum", y, a, b, Graph.of(a, b),
                (g, n) -> route(g, a, b, compare(BinaryOp.GT, "minimum", b, a), n));
    }

    /**
     * The "router" of max/min gates: the gradient goes to the input that won ({@code aWins} is 1 where
     * {@code a} won), split 0.5/0.5 on ties as in PyTorch.
     */
    private static Tensor[] route(Tensor g, Tensor a, Tensor b, Tensor aWins, boolean[] n) {
        Tensor shareA = aWins.add(compare(BinaryOp.EQ, "tie", a, b).mul(0.5));
        return new Tensor[] {
            n[0] ? ReduceOps.sumTo(g.mul(shareA), a.shape()) : null,
            n[1] ? ReduceOps.sumTo(g.mul(shareA.neg().add(1.0)), b.shape()) : null};
    }

    /** A 1/0 comparison; a constant (no graph). */
    static Tensor compare(BinaryOp op, String name, Tensor a, Tensor b) {
        return apply(name, op, a, b);
    }
}
