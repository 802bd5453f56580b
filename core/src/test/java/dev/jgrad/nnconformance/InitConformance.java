package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Initialiser statistics over 100k samples. For n samples the sample mean has standard error σ/√n
 * (σ/316 here) and the sample variance σ²·√(2/n) ≈ 0.45% of σ² for a normal (0.28% for a uniform);
 * the tolerances below are about 5 standard errors, so a correct initialiser essentially never fails.
 */
public abstract class InitConformance extends NnTestBase {

    private static final int FAN_IN = 1000;
    private static final int FAN_OUT = 100;   // (100, 1000) = 100k samples

    /** Asserts |mean| ≤ 5σ/√n, variance within {@code relVar} of σ², and (if bound > 0) all |x| ≤ bound. */
    private static void assertStats(String what, Tensor t, double variance, double relVar, double bound) {
        double[] x = t.toDoubleArray();
        double mean = Arrays.stream(x).sum() / x.length;
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        double sigma = Math.sqrt(variance);
        assertTrue(Math.abs(mean) <= 5 * sigma / Math.sqrt(x.length), what + ": mean " + mean);
        assertEquals(variance, var, relVar * variance, what + ": variance");
        if (bound > 0) {
            double max = Arrays.stream(x).map(Math::abs).max().orElse(0);
            assertTrue(max <= bound, what + ": max |x| " + max + " exceeds the bound " + bound);
            // a uniform sample of 100k reaches within 0.01% of its bound
            assertTrue(max >= 0.999 * bound, what + ": max |x| " + max + " never gets near the bound " + bound);
        }
    }

    @Test
    void heNormalHasVarianceTwoOverFanIn() {
        Tensor w = Init.heNormal(11, FAN_IN, FAN_OUT);
        assertArrayEquals(new long[] {FAN_OUT, FAN_IN}, w.shape(), "(fanOut, fanIn) like Linear.weight");
        assertEquals(DType.F32, w.dtype());
        assertStats("heNormal", w, 2.0 / FAN_IN, 0.025, 0);   // σ² = 2/1000
    }

    @Test
    void heUniformHasBoundSqrtSixOverFanIn() {
        double bound = Math.sqrt(6.0 / FAN_IN);                 // variance bound²/3 = 2/1000
        assertStats("heUniform", Init.heUniform(12, FAN_IN, FAN_OUT), 2.0 / FAN_IN, 0.015, bound);
    }

    @Test
    void xavierUniformHasBoundSqrtSixOverFanSum() {
        // fans 500 + 200: bound √(6/700), variance 2/700
        Tensor w = Init.xavierUniform(13, 500, 200);
        assertArrayEquals(new long[] {200, 500}, w.shape());
        assertStats("xavierUniform", w, 2.0 / 700, 0.015, Math.sqrt(6.0 / 700));
    }

    @Test
    void xavierNormalHasVarianceTwoOverFanSum() {
        assertStats("xavierNormal", Init.xavierNormal(14, 500, 200), 2.0 / 700, 0.025, 0);
    }

    @Test
    void shapeFormsComputeFansLikePytorch() {
        // (20, 10, 5, 2): receptive 10, fanIn = 10·10 = 100, fanOut = 20·10 = 200 ; F64 requested
        Tensor w = Init.xavierUniform(15, DType.F64, 20, 10, 5, 2);
        assertEquals(DType.F64, w.dtype());
        assertArrayEquals(new long[] {20, 10, 5, 2}, w.shape());
        double max = Arrays.stream(w.toDoubleArray()).map(Math::abs).max().orElse(0);
        assertTrue(max <= Math.sqrt(6.0 / 300), "xavier bound √(6/300), got max " + max);
        Tensor h = Init.heNormal(16, DType.F64, 400, 250);   // fanIn 250 -> σ² = 0.008, 100k samples
        assertStats("heNormal(shape)", h, 2.0 / 250, 0.025, 0);
        assertBadInput(() -> Init.heNormal(1, DType.F32, 10), "heNormal", "[10]");
    }

    @Test
    void linearDefaultInitIsPytorchsUniform() {
        Linear fc = new Linear(FAN_IN, FAN_OUT, 17);
        double bound = 1 / Math.sqrt(FAN_IN);                  // U(−1/√in, 1/√in): variance 1/(3·in)
        assertStats("Linear.weight", fc.weight(), 1.0 / (3 * FAN_IN), 0.015, bound);
        double[] b = fc.bias().toDoubleArray();
        assertEquals(FAN_OUT, b.length);
        assertTrue(Arrays.stream(b).allMatch(v -> Math.abs(v) <= bound), "bias within ±1/√in");
        double[] firstWeights = Arrays.copyOf(fc.weight().toDoubleArray(), FAN_OUT);
        assertFalse(Arrays.equals(firstWeights, b), "bias must not repeat the weight's random stream");
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferentWeights() {
        assertArrayEquals(new Linear(5, 7, 3).weight().toFloatArray(), new Linear(5, 7, 3).weight().toFloatArray());
        assertArrayEquals(Init.heNormal(4, 6, 2).toFloatArray(), Init.heNormal(4, 6, 2).toFloatArray());
        assertFalse(Arrays.equals(new Linear(5, 7, 3).weight().toFloatArray(), new Linear(5, 7, 4).weight().toFloatArray()));
    }
}
