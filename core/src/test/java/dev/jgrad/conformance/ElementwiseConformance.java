package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every unary and binary elementwise op: forward against double loops and backward against the
 * derivative written out in double, on contiguous, transposed (non-contiguous) and broadcast
 * inputs, in F32 and F64; plus the kinks and ties API.md fixes.
 */
public abstract class ElementwiseConformance extends BackendTestBase {

    /** One unary op: the tensor call, its value and its derivative in double, and a domain that avoids kinks. */
    record Unary(String name, Function<Tensor, Tensor> op, DoubleUnaryOperator f, DoubleUnaryOperator df,
                 double lo, double hi) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One binary op with its partial derivatives in double. */
    record Binary(String name, java.util.function.BinaryOperator<Tensor> op, DoubleBinaryOperator f,
                  DoubleBinaryOperator dfa, DoubleBinaryOperator dfb) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static List<Unary> unaryOps() {
        List<Unary> u = new ArrayList<>();
        u.add(new Unary("neg", Tensor::neg, x -> -x, x -> -1, -3, 3));
        u.add(new Unary("exp", Tensor::exp, Math::exp, Math::exp, -3, 3));
        u.add(new Unary("log", Tensor::log, Math::log, x -> 1 / x, 0.2, 5));
        u.add(new Unary("sqrt", Tensor::sqrt, Math::sqrt, x -> 0.5 / Math.sqrt(x), 0.2, 5));
        u.add(new Unary("square", Tensor::square, x -> x * x, x -> 2 * x, -3, 3));
        u.add(new Unary("pow(2.5)", t -> t.pow(2.5), x -> Math.pow(x, 2.5), x -> 2.5 * Math.pow(x, 1.5), 0.2, 3));
        u.add(new Unary("pow(3)", t -> t.pow(3), x -> x * x * x, x -> 3 * x * x, -2, 2));
        u.add(new Unary("pow(-1.5)", t -> t.pow(-1.5), x -> Math.pow(x, -1.5), x -> -1.5 * Math.pow(x, -2.5), 0.5, 3));
        u.add(new Unary("abs", Tensor::abs, Math::abs, Math::signum, -3, 3));
        u.add(new Unary("reciprocal", Tensor::reciprocal, x -> 1 / x, x -> -1 / (x * x), 0.3, 3));
        u.add(new Unary("relu", Tensor::relu, x -> Math.max(x, 0), x -> x > 0 ? 1 : 0, -3, 3));
        u.add(new Unary("leakyRelu(0.1)", t -> t.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x, x -> x > 0 ? 1 : 0.1, -3, 3));
        u.add(new Unary("elu(0.7)", t -> t.elu(0.7), x -> x > 0 ? x : 0.7 * (Math.exp(x) - 1),
                x -> x > 0 ? 1 : 0.7 * Math.exp(x), -3, 3));
        u.add(new Unary("sigmoid", Tensor::sigmoid, ElementwiseConformance::sigmoid,
                x -> sigmoid(x) * (1 - sigmoid(x)), -6, 6));
        u.add(new Unary("tanh", Tensor::tanh, Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x), -3, 3));
        u.add(new Unary("softplus", Tensor::softplus, x -> Math.log1p(Math.exp(x)), ElementwiseConformance::sigmoid, -6, 6));
        u.add(new Unary("add(2.5)", t -> t.add(2.5), x -> x + 2.5, x -> 1, -3, 3));
        u.add(new Unary("sub(2.5)", t -> t.sub(2.5), x -> x - 2.5, x -> 1, -3, 3));
        u.add(new Unary("mul(-1.5)", t -> t.mul(-1.5), x -> x * -1.5, x -> -1.5, -3, 3));
        u.add(new Unary("div(4)", t -> t.div(4.0), x -> x / 4.0, x -> 0.25, -3, 3));
        return u;
    }

    static List<Binary> binaryOps() {
        List<Binary> b = new ArrayList<>();
        b.add(new Binary("add", Tensor::add, (x, y) -> x + y, (x, y) -> 1, (x, y) -> 1));
        b.add(new Binary("sub", Tensor::sub, (x, y) -> x - y, (x, y) -> 1, (x, y) -> -1));
        b.add(new Binary("mul", Tensor::mul, (x, y) -> x * y, (x, y) -> y, (x, y) -> x));
        b.add(new Binary("div", Tensor::div, (x, y) -> x / y, (x, y) -> 1 / y, (x, y) -> -x / (y * y)));
        b.add(new Binary("maximum", Tensor::maximum, Math::max, (x, y) -> x > y ? 1 : 0, (x, y) -> y > x ? 1 : 0));
        b.add(new Binary("minimum", Tensor::minimum, Math::min, (x, y) -> x < y ? 1 : 0, (x, y) -> y < x ? 1 : 0));
        return b;
    }

    enum Layout { CONTIGUOUS, TRANSPOSED, BROADCAST }

    static Stream<Arguments> unaryCases() {
        List<Arguments> all = new ArrayList<>();
        for (Unary u : unaryOps()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (Layout l : Layout.values()) {
                    all.add(Arguments.of(u, dt, l));
                }
            }
        }
        return all.stream();
    }

    /** Binary layouts: same shape, transposed operands, row/outer/rank-0/rank-3 broadcasting. */
    enum BinaryLayout { SAME_SHAPE, LEFT_TRANSPOSED, BOTH_TRANSPOSED, ROW_BROADCAST, OUTER_BROADCAST, SCALAR_TENSOR, RANK3_BROADCAST }

    static Stream<Arguments> binaryCases() {
        List<Arguments> all = new ArrayList<>();
        for (Binary b : binaryOps()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (BinaryLayout l : BinaryLayout.values()) {
                    all.add(Arguments.of(b, dt, l));
                }
            }
        }
        return all.stream();
    }

    private static final int ROWS = 5;
    private static final int COLS = 7;

    /** A ROWS×COLS input holding {@code v} in the requested layout (broadcast: a 1×COLS row stretched). */
    private static Tensor unaryInput(DType dt, Layout layout, double[] v) {
        return switch (layout) {
            case CONTIGUOUS -> tensor(dt, v, ROWS, COLS);
            case TRANSPOSED -> transposedInput(dt, v, ROWS, COLS);
            case BROADCAST -> {
                Tensor row = tensor(dt, java.util.Arrays.copyOf(v, COLS), 1, COLS);
                yield row.broadcastTo(ROWS, COLS);
            }
        };
    }

    /** The logical values {@link #unaryInput} holds. */
    private static double[] logical(Layout layout, double[] v) {
        if (layout != Layout.BROADCAST) {
            return v;
        }
        double[] out = new double[ROWS * COLS];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i % COLS];
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryForward(Unary u, DType dt, Layout layout) {
        double[] v = sampleAwayFromZero(dt, ROWS * COLS, u.name().hashCode(), u.lo(), u.hi(), 0.05);
        Tensor x = unaryInput(dt, layout, v);
        Tensor y = u.op().apply(x);
        assertShape(y, ROWS, COLS);
        assertEquals(dt, y.dtype(), "an elementwise op keeps the dtype");
        double[] in = logical(layout, v);
        double[] expected = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            expected[i] = u.f().applyAsDouble(in[i]);
        }
        assertClose(expected, y, tol(dt));
        assertClose(in, x, 0.0);  // the input is untouched
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryBackward(Unary u, DType dt, Layout layout) {
        double[] v = sampleAwayFromZero(dt, ROWS * COLS, u.name().hashCode() + 1, u.lo(), u.hi(), 0.05);
        double[] g = sample(dt, ROWS * COLS, 77, -1, 1);
        Tensor base = layout == Layout.BROADCAST ? tensor(dt, java.util.Arrays.copyOf(v, COLS), 1, COLS)
                : layout == Layout.TRANSPOSED ? tensor(dt, transposeRef(v, ROWS, COLS), COLS, ROWS)
                : tensor(dt, v, ROWS, COLS);
        base.requiresGrad(true);
        Tensor x = layout == Layout.BROADCAST ? base.broadcastTo(ROWS, COLS)
                : layout == Layout.TRANSPOSED ? base.transpose() : base;
        u.op().apply(x).backward(tensor(dt, g, ROWS, COLS));
        double[] in = logical(layout, v);
        double[] perElement = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            perElement[i] = g[i] * u.df().applyAsDouble(in[i]);
        }
        double[] expected = switch (layout) {
            case CONTIGUOUS -> perElement;
            case TRANSPOSED -> transposeRef(perElement, ROWS, COLS);   // base is COLS×ROWS
            case BROADCAST -> reduceToShape(perElement, new long[] {ROWS, COLS}, new long[] {1, COLS});
        };
        assertClose(expected, base.grad(), (layout == Layout.BROADCAST ? ROWS : 1) * 2 * tol(dt));
    }

    /**
     * a and b as the op sees them (possibly transposed views), the leaves gradients land on
     * (aLeaf/bLeaf: the contiguous bases), and the logical values and shapes.
     */
    private record BinaryInputs(Tensor a, Tensor b, Tensor aLeaf, Tensor bLeaf, boolean aT, boolean bT,
                                double[] av, long[] aShape, double[] bv, long[] bShape) {
    }

    private static BinaryInputs binaryInputs(Binary op, DType dt, BinaryLayout l) {
        long seed = op.name().hashCode() * 31L + l.ordinal();
        return switch (l) {
            case SAME_SHAPE -> make(dt, seed, new long[] {ROWS, COLS}, new long[] {ROWS, COLS}, false, false);
            case LEFT_TRANSPOSED -> make(dt, seed, new long[] {ROWS, COLS}, new long[] {ROWS, COLS}, true, false);
            case BOTH_TRANSPOSED -> make(dt, seed, new long[] {ROWS, COLS}, new long[] {ROWS, COLS}, true, true);
            case ROW_BROADCAST -> make(dt, seed, new long[] {ROWS, COLS}, new long[] {COLS}, false, false);
            case OUTER_BROADCAST -> make(dt, seed, new long[] {ROWS, 1}, new long[] {1, COLS}, false, false);
            case SCALAR_TENSOR -> make(dt, seed, new long[] {}, new long[] {ROWS, COLS}, false, true);
            case RANK3_BROADCAST -> make(dt, seed, new long[] {2, 1, COLS}, new long[] {ROWS, 1}, false, false);
        };
    }

    private static BinaryInputs make(DType dt, long seed, long[] aShape, long[] bShape, boolean aT, boolean bT) {
        int na = (int) numel(aShape);
        int nb = (int) numel(bShape);
        // b in ±[0.5, 2] keeps division tame; a in [-2, 2] is nudged 0.05 away from every b it meets,
        // so maximum/minimum never tie here (ties have their own test)
        double[] bv = sample(dt, nb, seed + 1, 0.5, 2);
        double[] signs = sample(dt, nb, seed + 2, -1, 1);
        for (int i = 0; i < nb; i++) {
            bv[i] = signs[i] < 0 ? -bv[i] : bv[i];
        }
        double[] av = sample(dt, na, seed, -2, 2);
        long[] out = broadcastShape(aShape, bShape);
        for (int i = 0; i < numel(out); i++) {
            int ia = broadcastIndex(out, aShape, i);
            int ib = broadcastIndex(out, bShape, i);
            if (Math.abs(av[ia] - bv[ib]) < 0.05) {
                av[ia] = roundTo(dt, av[ia] + 0.1);
            }
        }
        Tensor aLeaf = aT ? tensor(dt, transposeRef(av, (int) aShape[0], (int) aShape[1]), aShape[1], aShape[0])
                : tensor(dt, av, aShape);
        Tensor bLeaf = bT ? tensor(dt, transposeRef(bv, (int) bShape[0], (int) bShape[1]), bShape[1], bShape[0])
                : tensor(dt, bv, bShape);
        aLeaf.requiresGrad(true);
        bLeaf.requiresGrad(true);
        Tensor a = aT ? aLeaf.transpose() : aLeaf;
        Tensor b = bT ? bLeaf.transpose() : bLeaf;
        if (aT) {
            assertFalse(a.isContiguous(), "a transposed view is not contiguous");
        }
        return new BinaryInputs(a, b, aLeaf, bLeaf, aT, bT, av, aShape, bv, bShape);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryForward(Binary op, DType dt, BinaryLayout l) {
        BinaryInputs in = binaryInputs(op, dt, l);
        Tensor y = op.op().apply(in.a(), in.b());
        long[] outShape = broadcastShape(in.aShape(), in.bShape());
        assertShape(y, outShape);
        assertEquals(dt, y.dtype());
        assertClose(binaryRef(in.av(), in.aShape(), in.bv(), in.bShape(), op.f()), y, tol(dt));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryBackward(Binary op, DType dt, BinaryLayout l) {
        BinaryInputs in = binaryInputs(op, dt, l);
        long[] outShape = broadcastShape(in.aShape(), in.bShape());
        int n = (int) numel(outShape);
        double[] g = sample(dt, n, 99, -1, 1);
        op.op().apply(in.a(), in.b()).backward(tensor(dt, g, outShape));
        double[] ga = new double[n];
        double[] gb = new double[n];
        for (int i = 0; i < n; i++) {
            double x = in.av()[broadcastIndex(outShape, in.aShape(), i)];
            double y = in.bv()[broadcastIndex(outShape, in.bShape(), i)];
            ga[i] = g[i] * op.dfa().applyAsDouble(x, y);
            gb[i] = g[i] * op.dfb().applyAsDouble(x, y);
        }
        double[] expectA = reduceToShape(ga, outShape, in.aShape());
        double[] expectB = reduceToShape(gb, outShape, in.bShape());
        if (in.aT()) {
            expectA = transposeRef(expectA, (int) in.aShape()[0], (int) in.aShape()[1]);
        }
        if (in.bT()) {
            expectB = transposeRef(expectB, (int) in.bShape()[0], (int) in.bShape()[1]);
        }
        double sumTol = n * 2 * tol(dt);  // broadcast gradients are sums of up to n terms
        assertShape(in.aLeaf().grad(), in.aLeaf().shape());
        assertShape(in.bLeaf().grad(), in.bLeaf().shape());
        assertClose(expectA, in.aLeaf().grad(), sumTol);
        assertClose(expectB, in.bLeaf().grad(), sumTol);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void largeInputsPastParallelAndVectorThresholds(DType dt) {
        // odd sizes (not multiples of any vector width or block) large enough for multi-threaded paths
        int rows = 517;
        int cols = 1031;
        double[] av = sample(dt, rows * cols, 501, -2, 2);
        double[] bv = sampleAwayFromZero(dt, cols, 502, -2, 2, 0.5);
        long[] shape = {rows, cols};
        long[] row = {cols};
        Tensor a = tensor(dt, av, shape);
        Tensor at = transposedInput(dt, av, rows, cols);
        Tensor b = tensor(dt, bv, row);
        double[] sum = binaryRef(av, shape, bv, row, Double::sum);
        double[] quot = binaryRef(av, shape, bv, row, (x, y) -> x / y);
        assertClose(sum, a.add(b), tol(dt));
        assertClose(sum, at.add(b), tol(dt));
        assertClose(quot, at.div(b), tol(dt));
        double[] sig = new double[av.length];
        for (int i = 0; i < av.length; i++) {
            sig[i] = sigmoid(av[i]);
        }
        assertClose(sig, a.sigmoid(), tol(dt));
        assertClose(sig, at.sigmoid(), tol(dt));
        assertClose(binaryRef(av, shape, bv, row, Math::max), at.maximum(b.broadcastTo(rows, cols)), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void kinksFollowPyTorch(DType dt) {
        // at x = 0: relu'=0, abs'=0, leakyRelu'=slope, elu'=alpha; the other points check the branches
        double[] xv = {-1, 0, 2};
        double e = Math.exp(-1);
        assertKinkGrad(dt, xv, Tensor::relu, new double[] {0, 0, 1});
        assertKinkGrad(dt, xv, Tensor::abs, new double[] {-1, 0, 1});
        assertKinkGrad(dt, xv, t -> t.leakyRelu(0.1), new double[] {0.1, 0.1, 1});
        assertKinkGrad(dt, xv, t -> t.elu(0.7), new double[] {0.7 * e, 0.7, 1});
    }

    private static void assertKinkGrad(DType dt, double[] xv, Function<Tensor, Tensor> op, double[] expected) {
        Tensor x = tensor(dt, xv, xv.length).requiresGrad(true);
        op.apply(x).sum().backward();
        assertClose(expected, x.grad(), tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void maximumAndMinimumSplitTiesEvenly(DType dt) {
        // a=[1,2,3], b=[1,0,5]: element 0 ties (0.5 each), element 1 goes to a, element 2 to b (for max)
        double[] av = {1, 2, 3};
        double[] bv = {1, 0, 5};
        Tensor a = tensor(dt, av, 3).requiresGrad(true);
        Tensor b = tensor(dt, bv, 3).requiresGrad(true);
        Tensor mx = a.maximum(b);
        assertClose(new double[] {1, 2, 5}, mx, 0.0);
        mx.sum().backward();
        assertClose(new double[] {0.5, 1, 0}, a.grad(), 0.0);
        assertClose(new double[] {0.5, 0, 1}, b.grad(), 0.0);

        Tensor c = tensor(dt, av, 3).requiresGrad(true);
        Tensor d = tensor(dt, bv, 3).requiresGrad(true);
        Tensor mn = c.minimum(d);
        assertClose(new double[] {1, 0, 3}, mn, 0.0);
        mn.sum().backward();
        assertClose(new double[] {0.5, 0, 1}, c.grad(), 0.0);
        assertClose(new double[] {0.5, 1, 0}, d.grad(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void softplusIsStableForLargeInputs(DType dt) {
        // log(1+e^x) overflows naively at x=100 in F32 (e^100 > 3.4e38) and at x=800 in F64
        Tensor x = tensor(dt, new double[] {-800, -100, 0, 100, 800}, 5).requiresGrad(true);
        Tensor y = x.softplus();
        double[] got = y.toDoubleArray();
        for (double v : got) {
            assertTrue(Double.isFinite(v), "softplus must be finite: " + java.util.Arrays.toString(got));
        }
        assertClose(new double[] {0, Math.exp(-100), Math.log(2), 100, 800}, y, tol(dt));
        y.sum().backward();
        // the derivative is σ(x): 0, ~e^-100, 0.5, 1, 1
        assertClose(new double[] {0, Math.exp(-100), 0.5, 1, 1}, x.grad(), tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sigmoidAndTanhSaturateWithoutNaN(DType dt) {
        Tensor x = tensor(dt, new double[] {-800, 800}, 2).requiresGrad(true);
        Tensor s = x.sigmoid();
        assertClose(new double[] {0, 1}, s, tol(dt));
        assertClose(new double[] {-1, 1}, x.tanh(), tol(dt));
        s.sum().backward();
        assertClose(new double[] {0, 0}, x.grad(), tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void scalarFormsKeepTheDtype(DType dt) {
        Tensor x = tensor(dt, new double[] {1, 2}, 2);
        for (Tensor y : List.of(x.add(1.0), x.sub(1.0), x.mul(3.0), x.div(2.0))) {
            assertEquals(dt, y.dtype());
        }
        assertFalse(x.add(1.0).requiresGrad(), "no input requires grad, so no graph");
    }
}
