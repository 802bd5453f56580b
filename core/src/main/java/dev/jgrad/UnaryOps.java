package dev.jgrad;

import dev.jgrad.spi.UnaryOp;

/** Elementwise one-input ops: each forward with its VJP beside it. */
final class UnaryOps {
    private UnaryOps() {
    }

    /** Runs the backend's unary kernel into a fresh dense tensor. */
    static Tensor apply(String name, UnaryOp op, double param, Tensor x) {
        x.checkOpen(name);
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": not defined on I32 (got " + x.describe()
                    + "); convert with to(DType.F32)");
        }
        Tensor out = Tensor.empty(x.backend(), x.dtype(), x.shape());
        x.backend().unary(op, param, x.view(), out.view());
        return out;
    }

    private static Tensor[] one(Tensor g) {
        return new Tensor[] {g};
    }

    static Tensor neg(Tensor x) {
        Tensor y = apply("neg", UnaryOp.NEG, 0, x);
        return Graph.record("neg", y, Graph.of(x), Graph.of(), (g, n) -> one(g.neg()));
    }

    static Tensor addScalar(Tensor x, double c) {
        Tensor y = apply("add", UnaryOp.ADD_SCALAR, c, x);
        return Graph.record("add", y, Graph.of(x), Graph.of(), (g, n) -> one(g));
    }

    static Tensor mulScalar(Tensor x, double c) {
        Tensor y = apply("mul", UnaryOp.MUL_SCALAR, c, x);
        return Graph.record("mul", y, Graph.of(x), Graph.of(), (g, n) -> one(g.mul(c)));
    }

    static Tensor divScalar(Tensor x, double c) {
        Tensor y = apply("div", UnaryOp.DIV_SCALAR, c, x);
        return Graph.record("div", y, Graph.of(x), Graph.of(), (g, n) -> one(g.div(c)));
    }

    /** c / x */
    static Tensor rdivScalar(Tensor x, double c) {
        Tensor y = apply("rdiv", UnaryOp.RDIV_SCALAR, c, x);
        // d(c/x)/dx = -c/x² = -y/x
        return Graph.record("rdiv", y, Graph.of(x), Graph.of(x, y), (g, n) -> one(g.mul(y).div(x).neg()));
    }

    static Tensor exp(Tensor x) {
        Tensor y = apply("exp", UnaryOp.EXP, 0, x);
        return Graph.record("exp", y, Graph.of(x), Graph.of(y), (g, n) -> one(g.mul(y)));
    }

    static Tensor log(Tensor x) {
        Tensor y = apply("log", UnaryOp.LOG, 0, x);
        return Graph.record("log", y, Graph.of(x), Graph.of(x), (g, n) -> one(g.div(x)));
    }

    static Tensor sqrt(Tensor x) {
        Tensor y = apply("sqrt", UnaryOp.SQRT, 0, x);
        // d√x/dx = 1 / (2√x)
        return Graph.record("sqrt", y, Graph.of(x), Graph.of(y), (g, n) -> one(g.div(y.mul(2.0))));
    }

    static Tensor square(Tensor x) {
        Tensor y = apply("square", UnaryOp.SQUARE, 0, x);
        return Graph.record("square", y, Graph.of(x), Graph.of(x), (g, n) -> one(g.mul(x.mul(2.0))));
    }

    static Tensor pow(Tensor x, double p) {
        Tensor y = apply("pow", UnaryOp.POW, p, x);
        // d(x^p)/dx = p·x^(p-1); p = 0 is a constant
        return Graph.record("pow", y, Graph.of(x), Graph.of(x),
                (g, n) -> one(p == 0.0 ? g.mul(0.0) : g.mul(pow(x, p - 1.0).mul(p))));
    }

    static Tensor abs(Tensor x) {
        Tensor y = apply("abs", UnaryOp.ABS, 0, x);
        // sign(0) = 0, so abs'(0) = 0 as in PyTorch
        return Graph.record("abs", y, Graph.of(x), Graph.of(x),
                (g, n) -> one(g.mul(apply("sign", UnaryOp.SIGN, 0, x))));
    }

    static Tensor reciprocal(Tensor x) {
        Tensor y = apply("reciprocal", UnaryOp.RECIPROCAL, 0, x);
        // d(1/x)/dx = -1/x² = -y²
        return Graph.record("reciprocal", y, Graph.of(x), Graph.of(y), (g, n) -> one(g.mul(y.square()).neg()));
    }

    static Tensor relu(Tensor x) {
        Tensor y = apply("relu", UnaryOp.RELU, 0, x);
        // the mask x > 0 makes relu'(0) = 0
        return Graph.record("relu", y, Graph.of(x), Graph.of(x), (g, n) -> one(g.mul(gtScalar(x, 0.0))));
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        Tensor y = apply("leakyRelu", UnaryOp.LEAKY_RELU, slope, x);
        // 1 where x > 0, slope elsewhere (so leakyRelu'(0) = slope)
        return Graph.record("leakyRelu", y, Graph.of(x), Graph.of(x),
                (g, n) -> one(g.mul(gtScalar(x, 0.0).mul(1.0 - slope).add(slope))));
    }

    static Tensor elu(Tensor x, double alpha) {
        Tensor y = apply("elu", UnaryOp.ELU, alpha, x);
        // 1 where x > 0, alpha·e^x = y + alpha elsewhere (so elu'(0) = alpha)
        return Graph.record("elu", y, Graph.of(x), Graph.of(x, y), (g, n) -> {
            Tensor pos = gtScalar(x, 0.0);
            Tensor neg = pos.neg().add(1.0);
            return one(g.mul(pos.add(neg.mul(y.add(alpha)))));
        });
    }

    static Tensor sigmoid(Tensor x) {
        Tensor y = apply("sigmoid", UnaryOp.SIGMOID, 0, x);
        // σ' = σ(1 − σ), from the saved output
        return Graph.record("sigmoid", y, Graph.of(x), Graph.of(y), (g, n) -> one(g.mul(y.mul(y.neg().add(1.0)))));
    }

    static Tensor tanh(Tensor x) {
        Tensor y = apply("tanh", UnaryOp.TANH, 0, x);
        // tanh' = 1 − tanh²
        return Graph.record("tanh", y, Graph.of(x), Graph.of(y), (g, n) -> one(g.mul(y.square().neg().add(1.0))));
    }

    static Tensor softplus(Tensor x) {
        Tensor y = apply("softplus", UnaryOp.SOFTPLUS, 0, x);
        // d/dx log(1 + e^x) = σ(x)
        return Graph.record("softplus", y, Graph.of(x), Graph.of(x), (g, n) -> one(g.mul(sigmoid(x))));
    }

    /** x &gt; c as 1/0; a constant (no graph). */
    static Tensor gtScalar(Tensor x, double c) {
        return apply("gt", UnaryOp.GT_SCALAR, c, x);
    }
}
