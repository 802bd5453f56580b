package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.GradCheck;
import dev.jgrad.GradCheckResult;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.nn.Loss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same operations on the GPU and on the CPU reference backend, from the same random inputs,
 * forward and backward, must agree within dtype tolerances; Philox numbers must agree bit for bit.
 * Skipped, with the reason, where CUDA is unavailable.
 */
class CudaVsCpuTest {
    private static final Device CPU = Device.cpu();
    private static final Device GPU = Device.cuda();
    private TensorScope scope;

    @BeforeEach
    void setUp() {
        GpuRequired.assumeCudaAndCpu();
        scope = TensorScope.open();
    }

    @AfterEach
    void tearDown() {
        if (scope != null) {
            scope.close();
        }
    }

    private static double atol(DType t) {
        return t == DType.F32 ? 2e-5 : 1e-12;
    }

    private static double rtol(DType t) {
        return t == DType.F32 ? 2e-5 : 1e-11;
    }

    private static Tensor randn(long seed, DType t, long... shape) {
        try (Scope s = Device.with(CPU)) {
            return Tensor.randn(seed, t, shape);
        }
    }

    private static Tensor positive(long seed, DType t, long... shape) {
        try (Scope s = Device.with(CPU)) {
            return Tensor.rand(seed, t, shape).add(0.5);
        }
    }

    static void assertClose(String what, Tensor expectedCpu, Tensor actualGpu, DType t) {
        assertEquals(GPU, actualGpu.device(), what + " ran on the GPU");
        assertArrayEquals(expectedCpu.shape(), actualGpu.shape(), what + ": shape");
        double[] e = expectedCpu.to(DType.F64).toDoubleArray();
        double[] a = actualGpu.to(DType.F64).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean bothNaN = Double.isNaN(e[i]) && Double.isNaN(a[i]);
            if (!bothNaN && !(Math.abs(e[i] - a[i]) <= atol(t) + rtol(t) * Math.abs(e[i]))) {
                fail(what + " " + t + ": element " + i + " cpu " + e[i] + " cuda " + a[i]);
            }
        }
    }

    /**
     * y = f(inputs) and the gradients of Σ y⊙r (r a fixed random weighting) on both backends.
     */
    private static void forwardAndBackward(String what, DType t, Function<List<Tensor>, Tensor> f, Tensor... cpuInputs) {
        List<Tensor> xc = new ArrayList<>();
        List<Tensor> xg = new ArrayList<>();
        for (Tensor in : cpuInputs) {
            xc.add(in.detach().requiresGrad(true));
            xg.add(in.to(GPU).detach().requiresGrad(true));
        }
        Tensor yc = f.apply(xc);
        Tensor yg = f.apply(xg);
        assertClose(what + " forward", yc, yg, t);
        Tensor r = randn(99, t, yc.shape());
        yc.mul(r).sum().backward();
        yg.mul(r.to(GPU)).sum().backward();
        for (int i = 0; i < xc.size(); i++) {
            assertNotNull(xg.get(i).grad(), what + ": gradient of input " + i);
            assertClose(what + " d/dinput" + i, xc.get(i).grad(), xg.get(i).grad(), t);
        }
    }

    private static Map<String, Function<Tensor, Tensor>> unaryOps() {
        Map<String, Function<Tensor, Tensor>> ops = new LinkedHashMap<>();
        ops.put("neg", Tensor::neg);
        ops.put("exp", Tensor::exp);
        ops.put("square", Tensor::square);
        ops.put("abs", Tensor::abs);
        ops.put("relu", Tensor::relu);
        ops.put("sigmoid", Tensor::sigmoid);
        ops.put("tanh", Tensor::tanh);
        ops.put("softplus", Tensor::softplus);
        ops.put("leakyRelu", x -> x.leakyRelu(0.1));
        ops.put("elu", x -> x.elu(0.7));
        ops.put("add scalar", x -> x.add(1.25));
        ops.put("sub scalar", x -> x.sub(0.5));
        ops.put("mul scalar", x -> x.mul(-3.0));
        ops.put("div scalar", x -> x.div(7.0));
        return ops;
    }

    private static Map<String, Function<Tensor, Tensor>> positiveDomainOps() {
        Map<String, Function<Tensor, Tensor>> ops = new LinkedHashMap<>();
        ops.put("log", Tensor::log);
        ops.put("sqrt", Tensor::sqrt);
        ops.put("reciprocal", Tensor::reciprocal);
        ops.put("pow 2.5", x -> x.pow(2.5));
        ops.put("pow -1.5", x -> x.pow(-1.5));
        return ops;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void unaryOpsOnContiguousAndTransposedInputs(DType t) {
        for (Map.Entry<String, Function<Tensor, Tensor>> e : unaryOps().entrySet()) {
            forwardAndBackward(e.getKey(), t, in -> e.getValue().apply(in.get(0)), randn(1, t, 37, 19));
            forwardAndBackward(e.getKey() + " (transposed)", t, in -> e.getValue().apply(in.get(0).transpose()),
                    randn(2, t, 19, 37));
        }
        for (Map.Entry<String, Function<Tensor, Tensor>> e : positiveDomainOps().entrySet()) {
            forwardAndBackward(e.getKey(), t, in -> e.getValue().apply(in.get(0)), positive(3, t, 1001));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void binaryOpsWithBroadcasting(DType t) {
        Map<String, Function<List<Tensor>, Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", in -> in.get(0).add(in.get(1)));
        ops.put("sub", in -> in.get(0).sub(in.get(1)));
        ops.put("mul", in -> in.get(0).mul(in.get(1)));
        ops.put("maximum", in -> in.get(0).maximum(in.get(1)));
        ops.put("minimum", in -> in.get(0).minimum(in.get(1)));
        for (Map.Entry<String, Function<List<Tensor>, Tensor>> e : ops.entrySet()) {
            forwardAndBackward(e.getKey(), t, e.getValue(), randn(4, t, 4, 1, 5), randn(5, t, 3, 1));
            forwardAndBackward(e.getKey() + " same shape", t, e.getValue(), randn(6, t, 1000), randn(7, t, 1000));
        }
        forwardAndBackward("div", t, in -> in.get(0).div(in.get(1)), randn(8, t, 4, 1, 5), positive(9, t, 3, 1));
        Tensor a = randn(10, t, 6, 7);
        Tensor b = randn(11, t, 7);
        assertClose("gt", a.gt(b), a.to(GPU).gt(b.to(GPU)), t);
        assertClose("gt scalar", a.gt(0.1), a.to(GPU).gt(0.1), t);
        assertClose("eq", a.eq(a.relu()), a.to(GPU).eq(a.to(GPU).relu()), t);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void matmulAllTransposesAndBatches(DType t) {
        Function<List<Tensor>, Tensor> mm = in -> in.get(0).matmul(in.get(1));
        forwardAndBackward("matmul", t, mm, randn(12, t, 33, 17), randn(13, t, 17, 21));
        forwardAndBackward("matmul aT", t, in -> in.get(0).transpose().matmul(in.get(1)), randn(14, t, 17, 33), randn(15, t, 17, 21));
        forwardAndBackward("matmul bT", t, in -> in.get(0).matmul(in.get(1).transpose()), randn(16, t, 33, 17), randn(17, t, 21, 17));
        forwardAndBackward("matmul aT bT", t, in -> in.get(0).transpose().matmul(in.get(1).transpose()),
                randn(18, t, 17, 33), randn(19, t, 21, 17));
        forwardAndBackward("batched matmul", t, mm, randn(20, t, 3, 8, 5), randn(21, t, 3, 5, 6));
        forwardAndBackward("broadcast batched matmul", t, mm, randn(22, t, 2, 3, 8, 5), randn(23, t, 5, 6));
        forwardAndBackward("matrix-vector shapes", t, mm, randn(24, t, 1, 9), randn(25, t, 9, 1));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void reductionsAlongAnyDims(DType t) {
        Tensor x = randn(26, t, 6, 7, 8);
        forwardAndBackward("sum all", t, in -> in.get(0).sum(), x);
        forwardAndBackward("mean all", t, in -> in.get(0).mean(), x);
        for (int d = 0; d < 3; d++) {
            int dim = d;
            forwardAndBackward("sum dim " + d, t, in -> in.get(0).sum(dim, true), x);
            forwardAndBackward("max dim " + d, t, in -> in.get(0).max(dim, false), x);
            forwardAndBackward("min dim " + d, t, in -> in.get(0).min(dim, true), x);
            forwardAndBackward("mean dim " + d, t, in -> in.get(0).mean(dim, false), x);
            assertClose("argmax dim " + d, x.argmax(d).to(t), x.to(GPU).argmax(d).to(t), t);
        }
        forwardAndBackward("sum dims 0,2", t, in -> in.get(0).sum(new int[] {0, 2}, false), x);
        forwardAndBackward("sum of a permuted view", t, in -> in.get(0).permute(2, 0, 1).sum(new int[] {1}, true), x);
        forwardAndBackward("long row sum", t, in -> in.get(0).sum(1, false), randn(27, t, 3, 100_000));
        forwardAndBackward("long column sum", t, in -> in.get(0).sum(0, false), randn(28, t, 5000, 40));
    }

    @Test
    void reductionsAreBitwiseReproducible() {
        Tensor x = randn(29, DType.F32, 300, 5000).to(GPU);
        float[] first = x.sum(1, false).toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first, x.sum(1, false).toFloatArray(), 0.0f, "run " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void softmaxFamilyAndCrossEntropy(DType t) {
        Tensor x = randn(30, t, 16, 10).mul(3.0);
        for (int d = 0; d < 2; d++) {
            int dim = d;
            forwardAndBackward("softmax dim " + d, t, in -> in.get(0).softmax(dim), x);
            forwardAndBackward("logSoftmax dim " + d, t, in -> in.get(0).logSoftmax(dim), x);
        }
        forwardAndBackward("softmax long rows", t, in -> in.get(0).softmax(1), randn(31, t, 4, 3000));
        Tensor labels;
        try (Scope s = Device.with(CPU)) {
            labels = Tensor.of(new int[] {0, 9, 3, 3, 1, 2, 8, 7, 6, 5, 4, 0, 1, 2, 3, 4}, 16);
        }
        Tensor labelsGpu = labels.to(GPU);
        List<Tensor> seen = new ArrayList<>();
        forwardAndBackward("cross-entropy", t, in -> {
            seen.add(in.get(0));
            return Loss.crossEntropy(in.get(0), in.get(0).device().equals(GPU) ? labelsGpu : labels);
        }, x);
        assertEquals(2, seen.size());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void dataMovement(DType t) {
        Tensor x = randn(32, t, 5, 6, 7);
        assertClose("permute + contiguous", x.permute(2, 0, 1).contiguous(), x.to(GPU).permute(2, 0, 1).contiguous(), t);
        assertClose("broadcastTo + contiguous", x.sum(0, true).broadcastTo(4, 6, 7).contiguous(),
                x.to(GPU).sum(0, true).broadcastTo(4, 6, 7).contiguous(), t);
        DType other = t == DType.F32 ? DType.F64 : DType.F32;
        assertClose("cast", x.to(other), x.to(GPU).to(other), DType.F32);
        assertArrayEquals(x.mul(4.0).to(DType.I32).toIntArray(), x.to(GPU).mul(4.0).to(DType.I32).toIntArray(), "cast to I32 truncates");
        Tensor ids;
        try (Scope s = Device.with(CPU)) {
            ids = Tensor.of(new int[] {2, 0, 4, 1}, 4);
        }
        assertClose("oneHot", ids.oneHot(5, t), ids.to(GPU).oneHot(5, t), t);
        Tensor target = randn(33, t, 5, 6, 7).to(GPU);
        try (Scope s = dev.jgrad.Autograd.noGrad()) {
            target.permute(1, 0, 2).assign(x.to(GPU).permute(1, 0, 2));
        }
        assertClose("assign into a strided view", x, target, t);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void philoxNumbersAreIdenticalOnBothBackends(DType t) {
        Tensor cpuN;
        Tensor cpuU;
        try (Scope s = Device.with(CPU)) {
            cpuN = Tensor.randn(1234, t, 1000, 33);
            cpuU = Tensor.rand(1234, t, 1000, 33);
        }
        Tensor gpuN;
        Tensor gpuU;
        try (Scope s = Device.with(GPU)) {
            gpuN = Tensor.randn(1234, t, 1000, 33);
            gpuU = Tensor.rand(1234, t, 1000, 33);
        }
        assertArrayEquals(cpuN.to(DType.F64).toDoubleArray(), gpuN.to(DType.F64).toDoubleArray(), 0.0, "randn bit for bit");
        assertArrayEquals(cpuU.to(DType.F64).toDoubleArray(), gpuU.to(DType.F64).toDoubleArray(), 0.0, "rand bit for bit");
    }

    @Test
    void float64GradchecksOnTheGpu() {
        Tensor a;
        Tensor b;
        try (Scope s = Device.with(GPU)) {
            a = Tensor.randn(40, DType.F64, 4, 5).requiresGrad(true);
            b = Tensor.randn(41, DType.F64, 5, 3).requiresGrad(true);
        }
        Map<String, Function<List<Tensor>, Tensor>> fs = new LinkedHashMap<>();
        fs.put("matmul + sigmoid", in -> in.get(0).matmul(in.get(1)).sigmoid());
        fs.put("logSoftmax of tanh", in -> in.get(0).matmul(in.get(1)).tanh().logSoftmax(1));
        fs.put("softplus sum dims", in -> in.get(0).softplus().sum(new int[] {0}, true).mul(in.get(1).transpose().sum(0, true).sum(1, true)));
        for (Map.Entry<String, Function<List<Tensor>, Tensor>> e : fs.entrySet()) {
            GradCheckResult r = GradCheck.check(e.getValue(), List.of(a, b), 1e-6, 1e-6, 1e-5);
            assertTrue(r.passed(), e.getKey() + ": " + r.report());
        }
    }
}
