package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Maxout;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, Sequential, activations, Maxout: values and gradients by hand, names, modes, devices. */
public abstract class ModuleConformance extends NnTestBase {

    /** W = [[1,2],[3,4],[5,6]] (3, 2), b = [0.5, −1, 0]. */
    private static Linear handLinear() {
        return new Linear(f32(new double[] {1, 2, 3, 4, 5, 6}, 3, 2), f32(new double[] {0.5, -1, 0}, 3));
    }

    @Test
    void linearComputesXTimesWTransposePlusB() {
        Linear fc = handLinear();
        Tensor x = f32(new double[] {1, 1, 0, 2}, 2, 2);
        // x·Wᵀ = [[1+2, 3+4, 5+6], [0+4, 0+8, 0+12]] = [[3, 7, 11], [4, 8, 12]]; + b
        Tensor y = fc.forward(x);
        assertArrayEquals(new long[] {2, 3}, y.shape());
        assertValues("linear", new double[] {3.5, 6, 11, 4.5, 7, 12}, y, 1e-6);
        y.sum().backward();
        // d sum / dW[o, i] = Σ_n x[n, i] = (1+0, 1+2) = (1, 3) for every output row; d/db = N = 2
        assertValues("dW", new double[] {1, 3, 1, 3, 1, 3}, fc.weight().grad(), 1e-6);
        assertValues("db", new double[] {2, 2, 2}, fc.bias().grad(), 1e-6);
    }

    @Test
    void linearIsF32AndListsWeightThenBias() {
        Linear fc = new Linear(4, 3, 0);
        assertEquals(DType.F32, fc.weight().dtype());
        assertArrayEquals(new long[] {3, 4}, fc.weight().shape());
        assertArrayEquals(new long[] {3}, fc.bias().shape());
        assertEquals(List.of(fc.weight(), fc.bias()), fc.parameters());
        assertTrue(fc.weight().requiresGrad() && fc.weight().isLeaf());
        assertEquals(device(), fc.weight().device());
    }

    @Test
    void linearRejectsBadShapes() {
        Linear fc = new Linear(4, 3, 0);
        assertBadInput(() -> fc.forward(f32(new double[] {1, 2, 3}, 1, 3)), "Linear", "[1, 3]");
        assertBadInput(() -> new Linear(0, 3, 0), "Linear");
        assertBadInput(() -> new Linear(f32(new double[] {1, 2}, 2), f32(new double[] {1}, 1)), "Linear", "[2]");
        Tensor graphed = f32(new double[] {1, 2}, 1, 2).requiresGrad(true).mul(2.0);
        assertBadInput(() -> new Linear(graphed, f32(new double[] {0}, 1)), "Linear", "leaves");
    }

    @Test
    void parametersSurviveTheTensorScopeTheyWereBuiltIn() {
        Linear fc;
        try (TensorScope s = TensorScope.open()) {
            fc = new Linear(2, 2, 1);
        }
        assertFalse(fc.weight().isClosed(), "a module's parameters outlive the scope it was built in");
        assertEquals(2, fc.forward(f32(new double[] {1, 2}, 1, 2)).numel());
    }

    @Test
    void sequentialChainsAndNamesParametersLikePytorch() {
        Linear a = new Linear(2, 4, 1);
        Linear b = new Linear(4, 3, 2);
        Sequential net = new Sequential(a, Activation.relu(), b);
        Map<String, Tensor> named = net.namedParameters();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(named.keySet()));
        assertSame(a.weight(), named.get("0.weight"));
        assertSame(b.bias(), named.get("2.bias"));
        assertEquals(List.of(a.weight(), a.bias(), b.weight(), b.bias()), net.parameters());

        Sequential nested = new Sequential(new Linear(3, 2, 1), new Sequential(Activation.tanh(), new Linear(2, 1, 2)));
        assertEquals(List.of("0.weight", "0.bias", "1.1.weight", "1.1.bias"),
                new ArrayList<>(nested.namedParameters().keySet()));

        Tensor x = f32(new double[] {0.5, -1, 2, 0.25}, 2, 2);
        Tensor expected = b.forward(a.forward(x).relu());
        assertArrayEquals(expected.toFloatArray(), net.forward(x).toFloatArray());
    }

    /** A user's module written against the interface only: its parameters are named by position. */
    private static final class Affine implements Module {
        private final Tensor scale = Tensor.ones(DType.F32, 2).requiresGrad(true);
        private final Tensor shift = Tensor.zeros(DType.F32, 2).requiresGrad(true);

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(scale).add(shift);
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(scale, shift);
        }

        @Override
        public Module to(Device d) {
            return this;
        }
    }

    @Test
    void customModulesGetPositionalNames() {
        Affine affine = new Affine();
        Sequential net = new Sequential(new Linear(2, 2, 1), affine);
        assertEquals(List.of("0.weight", "0.bias", "1.0", "1.1"), new ArrayList<>(net.namedParameters().keySet()));
        assertSame(affine.shift, net.namedParameters().get("1.1"));
        assertTrue(affine.isTraining(), "modules without a flag report training");
    }

    @Test
    void activationModulesMatchTheirFormulas() {
        double[] x = {-2, -0.5, 0, 1.5};
        Tensor t = f64(x, 4);
        double[] sig = new double[4];
        double[] tanh = new double[4];
        double[] elu = new double[4];
        double[] soft = new double[4];
        for (int i = 0; i < 4; i++) {
            sig[i] = 1 / (1 + Math.exp(-x[i]));
            tanh[i] = Math.tanh(x[i]);
            elu[i] = x[i] > 0 ? x[i] : 0.7 * (Math.exp(x[i]) - 1);
            soft[i] = Math.log1p(Math.exp(x[i]));
        }
        assertValues("relu", new double[] {0, 0, 0, 1.5}, Activation.relu().forward(t), 1e-12);
        assertValues("leakyRelu(0.1)", new double[] {-0.2, -0.05, 0, 1.5}, Activation.leakyRelu(0.1).forward(t), 1e-12);
        assertValues("sigmoid", sig, Activation.sigmoid().forward(t), 1e-12);
        assertValues("tanh", tanh, Activation.tanh().forward(t), 1e-12);
        assertValues("elu(0.7)", elu, Activation.elu(0.7).forward(t), 1e-12);
        assertValues("softplus", soft, Activation.softplus().forward(t), 1e-12);
        assertValues("identity", x, Activation.identity().forward(t), 0);
        assertTrue(Activation.relu().parameters().isEmpty());
    }

    @Test
    void softmaxModules() {
        Tensor t = f64(new double[] {1, 2, 3, 0, 0, 0}, 2, 3);
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] sm = {Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s, 1.0 / 3, 1.0 / 3, 1.0 / 3};
        assertValues("softmax", sm, Activation.softmax(-1).forward(t), 1e-12);
        double[] lsm = new double[6];
        for (int i = 0; i < 6; i++) {
            lsm[i] = Math.log(sm[i]);
        }
        assertValues("logSoftmax", lsm, Activation.logSoftmax(1).forward(t), 1e-12);
    }

    @Test
    void maxoutTakesTheMaxOfItsPiecesAndRoutesTheGradient() {
        Maxout m = new Maxout(2, 1, 2, 0);
        // pieces: row 0 = x·(1, 0) + 0 = x₀, row 1 = x·(0, 1) + 0 = x₁, so y = max(x₀, x₁)
        try (Scope g = Autograd.noGrad()) {
            m.pieces().weight().assign(f32(new double[] {1, 0, 0, 1}, 2, 2));
            m.pieces().bias().assign(f32(new double[] {0, 0}, 2));
        }
        Tensor x = f32(new double[] {1, 3, 4, 2}, 2, 2);
        Tensor y = m.forward(x);
        assertArrayEquals(new long[] {2, 1}, y.shape());
        assertValues("maxout", new double[] {3, 4}, y, 0);
        y.sum().backward();
        // row 0 of x: piece 1 wins -> dW[1] += (1, 3); row 1 of x: piece 0 wins -> dW[0] += (4, 2)
        assertValues("maxout dW", new double[] {4, 2, 1, 3}, m.pieces().weight().grad(), 1e-6);
        assertValues("maxout db", new double[] {1, 1}, m.pieces().bias().grad(), 1e-6);
        assertEquals(List.of("weight", "bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertArrayEquals(new long[] {6, 5}, Activation.maxout(5, 3, 2, 1).pieces().weight().shape());
    }

    @Test
    void trainAndEvalReachEveryLayer() {
        Linear fc = new Linear(2, 2, 1);
        Module act = Activation.relu();
        Sequential net = new Sequential(fc, act);
        assertTrue(net.isTraining() && fc.isTraining() && act.isTraining());
        net.eval();
        assertFalse(net.isTraining() || fc.isTraining() || act.isTraining());
        net.train();
        assertTrue(net.isTraining() && fc.isTraining() && act.isTraining());
    }

    @Test
    void toDeviceMovesParametersAndTheModuleUsesThem() {
        Sequential net = new Sequential(new Linear(2, 3, 1), Activation.tanh(), new Linear(3, 1, 2));
        List<float[]> values = new ArrayList<>();
        for (Tensor p : net.parameters()) {
            values.add(p.toFloatArray());
        }
        List<Tensor> before = net.parameters();
        assertSame(net, net.to(Device.cpu()));
        for (int i = 0; i < before.size(); i++) {
            Tensor p = net.parameters().get(i);
            assertEquals(Device.cpu(), p.device());
            assertArrayEquals(values.get(i), p.toFloatArray(), "parameter " + i + " keeps its values");
            assertTrue(p.requiresGrad() && p.isLeaf(), "moved parameters are leaves that require grad");
            if (device().equals(Device.cpu())) {
                assertSame(before.get(i), p, "to(the same device) keeps the tensors");
            }
        }
        Tensor out;
        try (Scope s = Device.with(Device.cpu())) {
            out = net.forward(Tensor.of(new float[] {1, 2}, 1, 2));
        }
        assertEquals(Device.cpu(), out.device());
        net.to(device());
        assertEquals(device(), net.parameters().get(0).device());
        assertArrayEquals(values.get(0), net.parameters().get(0).toFloatArray());
    }
}
