package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.GradCheck;
import dev.jgrad.GradCheckResult;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Loss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every loss against values computed by hand (the arithmetic is in the comments), forward and gradient. */
public abstract class LossConformance extends NnTestBase {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void mseIsTheMeanOfSquaredErrors(DType dtype) {
        Tensor pred = of(dtype, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor target = of(dtype, new double[] {1.5, 2, 2, 6}, 2, 2);
        // diffs −0.5, 0, 1, −2 -> squares 0.25, 0, 1, 4 -> sum 5.25 -> mean 1.3125
        Tensor loss = Loss.mse(pred, target);
        assertScalar("mse", 1.3125, loss, tol(dtype));
        loss.backward();
        // d/dp mean((p−t)²) = 2(p−t)/4 = (p−t)/2
        assertValues("mse grad", new double[] {-0.25, 0, 0.5, -1}, pred.grad(), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void halfSquaredErrorIsHalfTheSummedSquares(DType dtype) {
        Tensor pred = of(dtype, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor target = of(dtype, new double[] {1.5, 2, 2, 6}, 2, 2);
        // ½(0.25 + 0 + 1 + 4) = 2.625
        Tensor loss = Loss.halfSquaredError(pred, target);
        assertScalar("halfSquaredError", 2.625, loss, tol(dtype));
        loss.backward();
        // d/dy ½(t−y)² = y − t
        assertValues("halfSquaredError grad", new double[] {-0.5, 0, 1, -2}, pred.grad(), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyMatchesHandComputedValueAndGradient(DType dtype) {
        Tensor logits = of(dtype, new double[] {1, 2, 3, 1, 1, 1}, 2, 3).requiresGrad(true);
        Tensor labels = Tensor.of(new int[] {2, 0}, 2);
        // row 0: −log softmax_2 = log(e¹+e²+e³) − 3 = log(1 + e⁻¹ + e⁻²) = log(1.5032147244080550) = 0.40760596444438
        // row 1: all equal -> −log(1/3) = log 3 = 1.0986122886681098
        double s0 = 1 + Math.exp(-1) + Math.exp(-2);
        double expected = (Math.log(s0) + Math.log(3)) / 2;   // 0.75310912655624...
        Tensor loss = Loss.crossEntropy(logits, labels);
        assertScalar("crossEntropy", expected, loss, tol(dtype));
        loss.backward();
        // d/dlogits = (softmax − onehot) / N, N = 2
        // row 0 softmax = (e⁻², e⁻¹, 1)/s0 = (0.0900306, 0.2447285, 0.6652410); minus onehot(2)
        // row 1 softmax = (1/3, 1/3, 1/3); minus onehot(0)
        double[] grad = {
            Math.exp(-2) / s0 / 2, Math.exp(-1) / s0 / 2, (1 / s0 - 1) / 2,
            (1.0 / 3 - 1) / 2, 1.0 / 6, 1.0 / 6};
        assertValues("crossEntropy grad", grad, logits.grad(), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void crossEntropyIsStableForHugeLogits(DType dtype) {
        Tensor logits = of(dtype, new double[] {1000, 0, -1000, 0}, 2, 2);
        Tensor labels = Tensor.of(new int[] {0, 0}, 2);
        // row 0: log(e¹⁰⁰⁰ + 1) − 1000 = log(1 + e⁻¹⁰⁰⁰) = 0 ; row 1: log(e⁻¹⁰⁰⁰ + 1) + 1000 = 1000 -> mean 500
        assertScalar("crossEntropy(large logits)", 500, Loss.crossEntropy(logits, labels), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void hingeIsTheCs231nMulticlassSvmLoss(DType dtype) {
        // CS231n's cat/car/frog example, one column per image: scores (3 images, 3 classes)
        Tensor scores = of(dtype, new double[] {
            3.2, 5.1, -1.7,    // label 0: max(0, 5.1−3.2+1) + max(0, −1.7−3.2+1) = 2.9 + 0 = 2.9
            1.3, 4.9, 2.0,     // label 1: max(0, 1.3−4.9+1) + max(0, 2.0−4.9+1) = 0 + 0 = 0
            2.2, 2.5, -3.1},   // label 2: max(0, 2.2+3.1+1) + max(0, 2.5+3.1+1) = 6.3 + 6.6 = 12.9
                3, 3).requiresGrad(true);
        Tensor labels = Tensor.of(new int[] {0, 1, 2}, 3);
        Tensor loss = Loss.hinge(scores, labels, 1.0);
        // (2.9 + 0 + 12.9) / 3 = 5.2666...
        assertScalar("hinge", 15.8 / 3, loss, 4 * tol(dtype));
        loss.backward();
        // hand derivation: for j ≠ y with a positive margin, ∂/∂s_j = +1 and ∂/∂s_y = −1 (once per such j);
        // all divided by N = 3.
        // image 0: j=1 active -> (−1, +1, 0); image 1: none active -> 0; image 2: j=0, j=1 active -> (+1, +1, −2)
        double[] grad = {-1.0 / 3, 1.0 / 3, 0, 0, 0, 0, 1.0 / 3, 1.0 / 3, -2.0 / 3};
        assertValues("hinge grad", grad, scores.grad(), tol(dtype));
    }

    @Test
    void hingeMarginIsAParameter() {
        // margin 0 on image 0 above: max(0, 5.1−3.2) + max(0, −1.7−3.2) = 1.9
        Tensor scores = f64(new double[] {3.2, 5.1, -1.7}, 1, 3);
        assertScalar("hinge(margin 0)", 5.1 - 3.2, Loss.hinge(scores, Tensor.of(new int[] {0}, 1), 0.0), 1e-12);
    }

    @Test
    void crossEntropyAndHingeGradientsPassFiniteDifferences() {
        // scores chosen so that no hinge margin is within eps of its kink at 0
        Tensor scores = f64(new double[] {0.3, -1.2, 2.1, 0.7, 1.5, -0.4, 0.05, 0.9, -2.0, 1.1, 0.2, 0.6}, 4, 3)
                .requiresGrad(true);
        Tensor labels = Tensor.of(new int[] {2, 0, 1, 1}, 4);
        GradCheckResult ce = GradCheck.check(in -> Loss.crossEntropy(in.get(0), labels), List.of(scores),
                1e-6, 1e-7, 1e-6);
        assertTrue(ce.passed(), ce.report());
        GradCheckResult hinge = GradCheck.check(in -> Loss.hinge(in.get(0), labels, 1.0), List.of(scores),
                1e-6, 1e-7, 1e-6);
        assertTrue(hinge.passed(), hinge.report());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void binaryCrossEntropyWithLogitsIsStable(DType dtype) {
        Tensor x = of(dtype, new double[] {0, 2, -3, 100}, 4).requiresGrad(true);
        Tensor t = of(dtype, new double[] {1, 0, 1, 0}, 4);
        // per element max(x,0) − x·t + log(1 + e^−|x|):
        //   x=0,   t=1: 0 − 0 + log 2                 = 0.6931471805599453
        //   x=2,   t=0: 2 − 0 + log(1 + e⁻²)          = 2.1269280110429727
        //   x=−3,  t=1: 0 + 3 + log(1 + e⁻³)          = 3.0485873515737420
        //   x=100, t=0: 100 + log(1 + e⁻¹⁰⁰) ≈ 100    (naive log(1 − σ(100)) would be log 0)
        double expected = (Math.log(2) + 2 + Math.log1p(Math.exp(-2)) + 3 + Math.log1p(Math.exp(-3)) + 100) / 4;
        Tensor loss = Loss.binaryCrossEntropyWithLogits(x, t);
        assertScalar("bceWithLogits", expected, loss, tol(dtype));
        loss.backward();
        // d/dx = (σ(x) − t) / 4
        double[] grad = {(0.5 - 1) / 4, sigmoid(2) / 4, (sigmoid(-3) - 1) / 4, sigmoid(100) / 4};
        assertValues("bceWithLogits grad", grad, x.grad(), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void l2IsLambdaTimesSumOfSquares(DType dtype) {
        Tensor w1 = of(dtype, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor w2 = of(dtype, new double[] {-1, 0.5}, 2).requiresGrad(true);
        // 0.1 · ((1 + 4 + 9 + 16) + (1 + 0.25)) = 0.1 · 31.25 = 3.125
        Tensor loss = Loss.l2(0.1, List.of(w1, w2));
        assertScalar("l2", 3.125, loss, tol(dtype));
        loss.backward();
        // d/dW λΣW² = 2λW
        assertValues("l2 grad w1", new double[] {0.2, 0.4, 0.6, 0.8}, w1.grad(), tol(dtype));
        assertValues("l2 grad w2", new double[] {-0.2, 0.1}, w2.grad(), tol(dtype));
    }

    @Test
    void badClassificationInputIsRejectedWithShapes() {
        Tensor logits = f32(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertBadInput(() -> Loss.crossEntropy(logits, Tensor.of(new int[] {0, 1, 2}, 3)),
                "crossEntropy", "[2, 3]", "[3]");
        assertBadInput(() -> Loss.crossEntropy(logits, f32(new double[] {0, 1}, 2)), "crossEntropy", "I32");
        assertBadInput(() -> Loss.crossEntropy(f32(new double[] {1, 2}, 2), Tensor.of(new int[] {0, 1}, 2)),
                "crossEntropy", "[2]");
        assertBadInput(() -> Loss.hinge(logits, Tensor.of(new int[] {0}, 1), 1.0), "hinge", "[2, 3]", "[1]");
    }

    @Test
    void outOfRangeLabelsAreRejectedOnTheCpuAndContributeNothingOnAGpu() {
        Tensor logits = f32(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor labels = Tensor.of(new int[] {0, 3}, 2);
        if (device().isCpu()) {
            assertBadInput(() -> Loss.crossEntropy(logits, labels), "crossEntropy", "label 3");
            assertBadInput(() -> Loss.hinge(logits, Tensor.of(new int[] {-1, 0}, 2), 1.0), "hinge", "label -1");
            return;
        }
        // Documented on Loss.crossEntropy: a GPU trusts its labels (checking them would be a synchronising
        // device-to-host read every step), so row 1's id 3 selects nothing: loss = −log softmax(row 0)[0] / 2
        double lse0 = 3 + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        assertScalar("crossEntropy with label 3 on " + device(), (lse0 - 1) / 2, Loss.crossEntropy(logits, labels), 2e-6);
    }

    @Test
    void badRegressionInputIsRejectedWithShapes() {
        Tensor a = f32(new double[] {1, 2, 3, 4}, 2, 2);
        assertBadInput(() -> Loss.mse(a, f32(new double[] {1, 2}, 2)), "mse", "[2, 2]", "[2]");
        assertBadInput(() -> Loss.mse(a, f64(new double[] {1, 2, 3, 4}, 2, 2)), "mse", "F32", "F64");
        assertBadInput(() -> Loss.halfSquaredError(a, f32(new double[] {1}, 1)), "halfSquaredError");
        assertBadInput(() -> Loss.binaryCrossEntropyWithLogits(a, f32(new double[] {1, 0}, 2)),
                "binaryCrossEntropyWithLogits", "[2, 2]", "[2]");
        assertBadInput(() -> Loss.l2(0.1, List.of()), "l2");
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
