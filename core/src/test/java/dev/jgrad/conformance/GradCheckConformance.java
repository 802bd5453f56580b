package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.GradCheckResult;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every differentiable op's backward against F64 central finite differences ({@link GradCheck}),
 * on non-contiguous and broadcast inputs, one op at a time and all together in one graph; and
 * GradCheck itself catches a wrong backward and names the worst element.
 */
public abstract class GradCheckConformance extends BackendTestBase {

    private static final double EPS = 1e-6;
    private static final double ATOL = 1e-6;
    private static final double RTOL = 1e-5;

    private static void assertPasses(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        GradCheckResult r = GradCheck.check(f, inputs, EPS, ATOL, RTOL);
        assertTrue(r.passed(), () -> what + ": gradcheck failed, max |error| " + r.maxAbsError() + "\n" + r.report());
    }

    /** A fixed weighting so the upstream gradient is not all ones. */
    private static Tensor weights(long... shape) {
        return Tensor.of(sample(DType.F64, (int) numel(shape), 4242, -1, 1), shape);
    }

    /** A 3×4 F64 leaf whose layout is transposed (non-contiguous) once viewed by {@link #viewT}. */
    private static Tensor transposedLeaf(long seed, double lo, double hi) {
        return Tensor.of(sampleAwayFromZero(DType.F64, 12, seed, lo, hi, 0.05), 4, 3).requiresGrad(true);
    }

    private static Tensor viewT(Tensor leaf) {
        return leaf.transpose();   // 3×4, non-contiguous
    }

    record Op(String name, Function<Tensor, Tensor> f, double lo, double hi) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> unaryOps() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("neg", Tensor::neg, -2, 2));
        ops.add(new Op("exp", Tensor::exp, -2, 2));
        ops.add(new Op("log", Tensor::log, 0.3, 3));
        ops.add(new Op("sqrt", Tensor::sqrt, 0.3, 3));
        ops.add(new Op("square", Tensor::square, -2, 2));
        ops.add(new Op("pow(2.5)", t -> t.pow(2.5), 0.3, 3));
        ops.add(new Op("pow(3)", t -> t.pow(3), -2, 2));
        ops.add(new Op("abs", Tensor::abs, -2, 2));
        ops.add(new Op("reciprocal", Tensor::reciprocal, 0.3, 3));
        ops.add(new Op("relu", Tensor::relu, -2, 2));
        ops.add(new Op("leakyRelu", t -> t.leakyRelu(0.1), -2, 2));
        ops.add(new Op("elu", t -> t.elu(0.7), -2, 2));
        ops.add(new Op("sigmoid", Tensor::sigmoid, -3, 3));
        ops.add(new Op("tanh", Tensor::tanh, -2, 2));
        ops.add(new Op("softplus", Tensor::softplus, -3, 3));
        ops.add(new Op("add(c)", t -> t.add(1.5), -2, 2));
        ops.add(new Op("sub(c)", t -> t.sub(1.5), -2, 2));
        ops.add(new Op("mul(c)", t -> t.mul(-1.5), -2, 2));
        ops.add(new Op("div(c)", t -> t.div(3.0), -2, 2));
        ops.add(new Op("sum(0)", t -> t.sum(0, false), -2, 2));
        ops.add(new Op("sum(-1,keep)", t -> t.sum(-1, true), -2, 2));
        ops.add(new Op("sum()", Tensor::sum, -2, 2));
        ops.add(new Op("mean(1)", t -> t.mean(1, false), -2, 2));
        ops.add(new Op("mean()", Tensor::mean, -2, 2));
        ops.add(new Op("max(1)", t -> t.max(1, false), -2, 2));
        ops.add(new Op("max(0,keep)", t -> t.max(0, true), -2, 2));
        ops.add(new Op("min(1)", t -> t.min(1, false), -2, 2));
        ops.add(new Op("softmax(0)", t -> t.softmax(0), -2, 2));
        ops.add(new Op("softmax(-1)", t -> t.softmax(-1), -2, 2));
        ops.add(new Op("logSoftmax(0)", t -> t.logSoftmax(0), -2, 2));
        ops.add(new Op("logSoftmax(1)", t -> t.logSoftmax(1), -2, 2));
        ops.add(new Op("transpose", Tensor::transpose, -2, 2));
        ops.add(new Op("reshape(-1)", t -> t.reshape(2, -1), -2, 2));
        ops.add(new Op("broadcastTo", t -> t.unsqueeze(0).broadcastTo(2, 3, 4), -2, 2));
        ops.add(new Op("permute", t -> t.unsqueeze(2).permute(2, 1, 0), -2, 2));
        ops.add(new Op("contiguous", Tensor::contiguous, -2, 2));
        return ops.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryOpOnTransposedInput(Op op) {
        Tensor leaf = transposedLeaf(op.name().hashCode(), op.lo(), op.hi());
        long[] outShape = op.f().apply(viewT(leaf.detach())).shape();
        Tensor w = weights(outShape);
        assertPasses(op.name(), in -> op.f().apply(viewT(in.get(0))).mul(w).sum(), List.of(leaf));
    }

    record BinOp(String name, java.util.function.BinaryOperator<Tensor> f) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> binaryOps() {
        return Stream.of(
                new BinOp("add", Tensor::add), new BinOp("sub", Tensor::sub), new BinOp("mul", Tensor::mul),
                new BinOp("div", Tensor::div), new BinOp("maximum", Tensor::maximum),
                new BinOp("minimum", Tensor::minimum), new BinOp("matmul", (a, b) -> a.matmul(b.transpose())))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void binaryOpWithTransposedAndBroadcastInputs(BinOp op) {
        // a: 3×4 transposed view; b: a (4,) row broadcast over rows (for matmul: b viewed as 1×4 → 4×1)
        Tensor aLeaf = transposedLeaf(op.name().hashCode(), -2, 2);
        // b stays ≥ 0.5 in magnitude (division) and its values differ from a's by construction of the
        // sampler seeds; ties for maximum/minimum have probability zero with these continuous samples
        double[] bv = sampleAwayFromZero(DType.F64, 4, op.name().hashCode() + 1, -2, 2, 0.5);
        Tensor bLeaf = Tensor.of(bv, 4).requiresGrad(true);
        Function<List<Tensor>, Tensor> f = in -> {
            Tensor a = viewT(in.get(0));
            Tensor b = op.name().equals("matmul") ? in.get(1).unsqueeze(0) : in.get(1);
            Tensor y = op.f().apply(a, b);
            return y.mul(weights(y.shape())).sum();
        };
        assertPasses(op.name(), f, List.of(aLeaf, bLeaf));
    }

    @Test
    void batchedMatmulWithBroadcastBatchDims() {
        Tensor a = Tensor.of(sample(DType.F64, 2 * 3 * 4, 1, -1, 1), 2, 1, 3, 4).requiresGrad(true);
        Tensor b = Tensor.of(sample(DType.F64, 3 * 5 * 4, 2, -1, 1), 3, 5, 4).requiresGrad(true);  // used transposed
        Tensor v = Tensor.of(sample(DType.F64, 4, 3, -1, 1), 4).requiresGrad(true);
        assertPasses("batched matmul", in -> in.get(0).matmul(in.get(1).transpose()).mul(weights(2, 3, 3, 5)).sum(), List.of(a, b));
        assertPasses("matmul with a vector", in -> in.get(0).matmul(in.get(1)).mul(weights(2, 1, 3)).sum(), List.of(a, v));
        assertPasses("dot", in -> in.get(0).matmul(in.get(0).mul(2.0)), List.of(v));
    }

    @Test
    void compositeGraphUsingEveryDifferentiableOp() {
        Tensor aLeaf = transposedLeaf(7, -2, 2);                                          // a: 3×4 non-contiguous
        Tensor b = Tensor.of(sampleAwayFromZero(DType.F64, 4, 8, -2, 2, 0.3), 4).requiresGrad(true);  // broadcast row
        Tensor c = Tensor.of(sample(DType.F64, 8, 9, -1, 1), 4, 2).requiresGrad(true);
        Function<List<Tensor>, Tensor> f = in -> {
            Tensor a = viewT(in.get(0));
            Tensor bb = in.get(1);
            Tensor cc = in.get(2);
            Tensor u = a.add(bb).mul(a.sub(0.3)).div(bb.square().add(1.0));
            u = u.add(a.neg().exp().mul(0.1));
            u = u.add(bb.abs().add(0.5).log());
            u = u.add(a.square().add(1.0).sqrt());
            u = u.add(a.abs().add(0.5).pow(1.5));
            u = u.add(a.square().add(1.0).reciprocal());
            u = u.sub(bb.broadcastTo(3, 4).mul(0.25));
            u = u.maximum(a.mul(0.2)).minimum(a.add(2.0));
            u = u.relu().add(u.leakyRelu(0.1)).add(u.elu(0.5));
            u = u.sigmoid().add(u.tanh()).add(u.softplus());
            Tensor m = u.matmul(cc);                                       // 3×2
            Tensor s = m.softmax(1).add(m.logSoftmax(0)).sum(0, false);    // (2,)
            Tensor r = s.mean()
                    .add(m.max(1, false).sum())
                    .add(m.mean(0, true).sum())
                    .add(u.reshape(-1).sum().mul(0.01))
                    .add(u.transpose().sum(1, false).square().sum().mul(0.001))
                    .add(u.permute(1, 0).unsqueeze(0).squeeze(0).contiguous().mean());
            return r.div(2.0);
        };
        assertPasses("composite", f, List.of(aLeaf, b, c));
    }

    @Test
    void wrongCustomBackwardFailsAndTheReportNamesTheWorstElement() {
        // the custom op computes x² but claims the derivative 3x: the error per element is |3x − 2x| = |x|,
        // so the worst element is the one with the largest |x|: index 5 (value -4)
        double[] xv = {0.5, -1.0, 1.5, 0.25, 2.0, -4.0, 1.0};
        Tensor x = Tensor.of(xv, 7).requiresGrad(true);
        Function<List<Tensor>, Tensor> f = in -> Autograd.custom("wrongSquare", in,
                args -> args.get(0).square(),
                (args, g) -> List.of(g.mul(args.get(0)).mul(3.0))).sum();
        GradCheckResult r = GradCheck.check(f, List.of(x), EPS, ATOL, RTOL);
        assertFalse(r.passed(), "a wrong backward must fail the check");
        assertEquals(4.0, r.maxAbsError(), 1e-4, "max |analytic − numeric| = |3·(-4) − 2·(-4)|");
        assertFalse(r.report().isBlank());
        // index 5 standing alone ("[5]", "element 5"), not as part of a number such as 1.5 or 1e-5
        assertTrue(java.util.regex.Pattern.compile("(?<![\\w.\\-])5(?![\\w.])").matcher(r.report()).find(),
                () -> "the report should name the worst element (index 5): " + r.report());
    }

    @Test
    void rightCustomBackwardPasses() {
        Tensor x = Tensor.of(new double[] {0.5, -1.0, 1.5}, 3).requiresGrad(true);
        Function<List<Tensor>, Tensor> f = in -> Autograd.custom("square", in,
                args -> args.get(0).square(),
                (args, g) -> List.of(g.mul(args.get(0)).mul(2.0))).mul(weights(3)).sum();
        GradCheckResult r = GradCheck.check(f, List.of(x), EPS, ATOL, RTOL);
        assertTrue(r.passed(), r::report);
        assertTrue(r.maxAbsError() < 1e-6, "max error " + r.maxAbsError());
    }
}
