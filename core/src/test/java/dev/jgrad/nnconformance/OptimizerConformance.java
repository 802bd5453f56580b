package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.LrSchedule;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Optimizer steps checked by hand. Every test minimises f(p) = Σ p², whose gradient is 2p, from
 * p = (1, −2); the numbers in the comments are the updates worked out on paper.
 */
public abstract class OptimizerConformance extends NnTestBase {

    private static Tensor start(DType dtype) {
        return of(dtype, new double[] {1, -2}, 2).requiresGrad(true);
    }

    /** zeroGrad, f(p) = Σp² backward (grad 2p), step. */
    private static void step(Optimizer opt, Tensor p) {
        opt.zeroGrad();
        p.square().sum().backward();
        opt.step();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void plainSgdStep(DType dtype) {
        Tensor p = start(dtype);
        step(new SGD(List.of(p), 0.1), p);
        // p − 0.1·2p = 0.8p = (0.8, −1.6)
        assertValues("sgd", new double[] {0.8, -1.6}, p, tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void sgdMomentumTwoSteps(DType dtype) {
        Tensor p = start(dtype);
        Optimizer opt = new SGD(List.of(p), 0.1, 0.9, 0.0);
        step(opt, p);
        // step 1: g = (2, −4); v = 0.9·0 + g = (2, −4); p = (1, −2) − 0.1·(2, −4) = (0.8, −1.6)
        assertValues("momentum step 1", new double[] {0.8, -1.6}, p, tol(dtype));
        step(opt, p);
        // step 2: g = (1.6, −3.2); v = 0.9·(2, −4) + g = (3.4, −6.8); p = (0.8, −1.6) − 0.1·v = (0.46, −0.92)
        assertValues("momentum step 2", new double[] {0.46, -0.92}, p, tol(dtype));
    }

    @Test
    void sgdNesterovTwoSteps() {
        Tensor p = start(DType.F64);
        Optimizer opt = new SGD(List.of(p), 0.1, 0.9, 0.0, true);
        step(opt, p);
        // step 1: g = (2, −4); v = (2, −4); update = g + 0.9v = (3.8, −7.6); p = (0.62, −1.24)
        assertValues("nesterov step 1", new double[] {0.62, -1.24}, p, 1e-12);
        step(opt, p);
        // step 2: g = (1.24, −2.48); v = 0.9·(2, −4) + g = (3.04, −6.08);
        //         update = g + 0.9v = (3.976, −7.952); p = (0.62 − 0.3976, −1.24 + 0.7952) = (0.2224, −0.4448)
        assertValues("nesterov step 2", new double[] {0.2224, -0.4448}, p, 1e-12);
    }

    @Test
    void sgdWeightDecayAddsLambdaTimesP() {
        Tensor p = start(DType.F64);
        step(new SGD(List.of(p), 0.1, 0.0, 0.1), p);
        // g = 2p + 0.1p = 2.1p = (2.1, −4.2); p = (1 − 0.21, −2 + 0.42) = (0.79, −1.58)
        assertValues("sgd weight decay", new double[] {0.79, -1.58}, p, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void adamOneStepByHand(DType dtype) {
        Tensor p = start(dtype);
        step(new Adam(List.of(p), 0.1), p);
        // t = 1, g = (2, −4):
        //   m = 0.1·g = (0.2, −0.4)             m̂ = m / (1 − 0.9)   = (2, −4)
        //   v = 0.001·g² = (0.004, 0.016)       v̂ = v / (1 − 0.999) = (4, 16)
        //   p = p − 0.1 · m̂ / (√v̂ + 1e-8) = (1 − 0.1·2/(2 + 1e-8), −2 + 0.1·4/(4 + 1e-8)) ≈ (0.9, −1.9)
        double[] expected = {1 - 0.1 * 2 / (2 + 1e-8), -2 + 0.1 * 4 / (4 + 1e-8)};
        assertValues("adam step 1", expected, p, tol(dtype));
    }

    @Test
    void adamFiveStepsMatchTheReferenceLoop() {
        Tensor p = start(DType.F64);
        Optimizer opt = new Adam(List.of(p), 0.05, 0.8, 0.99, 1e-6, 0.01);
        double[] ref = {1, -2};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 5; t++) {
            step(opt, p);
            for (int i = 0; i < 2; i++) {   // torch.optim.Adam with L2 weight decay, written out
                double g = 2 * ref[i] + 0.01 * ref[i];
                m[i] = 0.8 * m[i] + 0.2 * g;
                v[i] = 0.99 * v[i] + 0.01 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.8, t));
                double vHat = v[i] / (1 - Math.pow(0.99, t));
                ref[i] -= 0.05 * mHat / (Math.sqrt(vHat) + 1e-6);
            }
            assertValues("adam step " + t, ref, p, 1e-12);
        }
    }

    @Test
    void adamWDecaysTheWeightsOutsideTheMoments() {
        Tensor p = start(DType.F64);
        step(new AdamW(List.of(p), 0.1, 0.1), p);
        // decoupled: p = p·(1 − 0.1·0.1) = (0.99, −1.98) first, then the Adam step with the gradient
        // g = 2·(1, −2) taken before the decay: update ≈ 0.1·(1, −1) -> (0.89, −1.88)
        double[] expected = {0.99 - 0.1 * 2 / (2 + 1e-8), -1.98 + 0.1 * 4 / (4 + 1e-8)};
        assertValues("adamw step 1", expected, p, 1e-12);
    }

    @Test
    void stepUpdatesTheSameLeafInPlaceAndRecordsNoGraph() {
        Tensor p = start(DType.F32);
        Tensor before = p;
        SGD opt = new SGD(List.of(p), 0.1, 0.9, 0.0);
        step(opt, p);
        assertSame(before, opt.parameters().get(0));
        assertTrue(p.isLeaf(), "an optimizer step must not attach a graph to the parameter");
        assertTrue(p.requiresGrad());
    }

    @Test
    void stateSurvivesTheCallersTensorScope() {
        Tensor p = start(DType.F64);
        Optimizer opt = new SGD(List.of(p), 0.1, 0.9, 0.0);
        try (TensorScope s = TensorScope.open()) {
            step(opt, p);   // the velocity buffer is created in here
        }
        step(opt, p);       // and must still be usable: same numbers as sgdMomentumTwoSteps
        assertValues("momentum across scopes", new double[] {0.46, -0.92}, p, 1e-12);
    }

    @Test
    void zeroGradClearsAndParametersWithoutGradAreSkipped() {
        Tensor p = start(DType.F64);
        Tensor unused = f64(new double[] {5}, 1).requiresGrad(true);
        Optimizer opt = new Adam(List.of(p, unused), 0.1);
        step(opt, p);
        assertValues("parameter without gradient is unchanged", new double[] {5}, unused, 0);
        opt.zeroGrad();
        assertTrue(p.grad() == null || allZero(p.grad()), "zeroGrad clears the gradient");
        assertNull(unused.grad());
    }

    @Test
    void integerParametersAreRejected() {
        assertBadInput(() -> new SGD(List.of(Tensor.of(new int[] {1}, 1)), 0.1), "SGD", "I32");
        assertBadInput(() -> new SGD(List.of(start(DType.F32)), -1), "SGD", "learning rate");
        assertBadInput(() -> new Adam(List.of(start(DType.F32)), 0.1, 1.0, 0.999, 1e-8, 0), "Adam", "betas");
    }

    @Test
    void stepDecayScheduleSetsTheOptimizersRate() {
        Optimizer opt = new SGD(List.of(start(DType.F32)), 0.1);
        LrSchedule s = LrSchedule.stepDecay(opt, 2, 0.5);
        // lr = 0.1 · 0.5^⌊epoch/2⌋: epochs 0..4 -> 0.1, 0.1, 0.05, 0.05, 0.025
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.025};
        assertEquals(expected[0], opt.learningRate(), 1e-15);
        for (int e = 1; e < expected.length; e++) {
            assertEquals(expected[e], s.step(), 1e-15, "returned rate, epoch " + e);
            assertEquals(expected[e], opt.learningRate(), 1e-15, "optimizer rate, epoch " + e);
        }
    }

    @Test
    void cosineScheduleAnnealsToTheMinimum() {
        Optimizer opt = new Adam(List.of(start(DType.F32)), 0.1);
        LrSchedule s = LrSchedule.cosine(opt, 4, 0.0);
        // lr = 0.05·(1 + cos(π·e/4)): 0.1, 0.0853553390593274, 0.05, 0.0146446609406726, 0, then stays 0
        double[] expected = {0.1, 0.05 * (1 + Math.sqrt(0.5)), 0.05, 0.05 * (1 - Math.sqrt(0.5)), 0, 0};
        assertEquals(expected[0], opt.learningRate(), 1e-15);
        for (int e = 1; e < expected.length; e++) {
            s.step();
            assertEquals(expected[e], opt.learningRate(), 1e-15, "epoch " + e);
        }
    }

    @Test
    void scheduledRateIsUsedByTheNextStep() {
        Tensor p = start(DType.F64);
        SGD opt = new SGD(List.of(p), 0.2);
        LrSchedule s = LrSchedule.stepDecay(opt, 1, 0.5);
        s.step();   // lr 0.1
        step(opt, p);
        assertValues("sgd at the scheduled rate", new double[] {0.8, -1.6}, p, 1e-12);
    }

    private static boolean allZero(Tensor t) {
        for (double d : t.toDoubleArray()) {
            if (d != 0) {
                return false;
            }
        }
        return true;
    }
}
