package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.spi.Philox;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * randn / rand: reproducible from the seed, bit-for-bit equal to the {@link Philox} reference
 * (so every backend draws the same numbers), F32 = (float) of F64 for randn, and sane moments.
 */
public abstract class RandomConformance extends BackendTestBase {

    private static final long[] SEEDS = {0L, 42L, -1L, 0x123456789ABCDEFL, Long.MIN_VALUE};

    @Test
    void randnF64EqualsThePhiloxReference() {
        for (long seed : SEEDS) {
            double[] got = Tensor.randn(seed, DType.F64, 3, 4, 5).toDoubleArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(Philox.normal(seed, i), got[i], 0.0, "seed " + seed + " element " + i);
            }
        }
    }

    @Test
    void randnF32IsTheF64ValueRoundedToFloat() {
        for (long seed : SEEDS) {
            float[] f = Tensor.randn(seed, DType.F32, 257).toFloatArray();
            double[] d = Tensor.randn(seed, DType.F64, 257).toDoubleArray();
            for (int i = 0; i < f.length; i++) {
                assertEquals((float) d[i], f[i], 0f, "seed " + seed + " element " + i);
                assertEquals((float) Philox.normal(seed, i), f[i], 0f);
            }
        }
    }

    @Test
    void randEqualsThePhiloxReference() {
        for (long seed : SEEDS) {
            double[] d = Tensor.rand(seed, DType.F64, 129).toDoubleArray();
            float[] f = Tensor.rand(seed, DType.F32, 129).toFloatArray();
            for (int i = 0; i < d.length; i++) {
                assertEquals(Philox.uniformF64(seed, i), d[i], 0.0, "F64 seed " + seed + " element " + i);
                assertEquals(Philox.uniformF32(seed, i), f[i], 0f, "F32 seed " + seed + " element " + i);
            }
        }
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        double[] a = Tensor.randn(7, DType.F64, 100).toDoubleArray();
        double[] b = Tensor.randn(7, DType.F64, 100).toDoubleArray();
        double[] c = Tensor.randn(8, DType.F64, 100).toDoubleArray();
        assertArrayEquals(a, b, 0.0);
        assertFalse(Arrays.equals(a, c));
        // element i depends only on (seed, i): a longer draw starts with the shorter one, any shape
        double[] longer = Tensor.randn(7, DType.F64, 10, 20).toDoubleArray();
        assertArrayEquals(a, Arrays.copyOf(longer, 100), 0.0);
    }

    @Test
    void momentsAreSane() {
        int n = 100_000;
        double[] z = Tensor.randn(2024, DType.F64, n).toDoubleArray();
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        // 5σ bands: σ(mean) = 1/√n ≈ 0.0032, σ(var) = √(2/n) ≈ 0.0045
        assertEquals(0.0, mean, 0.016, "randn mean");
        assertEquals(1.0, var, 0.023, "randn variance");
        double[] u = Tensor.rand(2024, DType.F32, n).toDoubleArray();
        double um = Arrays.stream(u).average().orElseThrow();
        double uv = Arrays.stream(u).map(v -> (v - um) * (v - um)).sum() / (n - 1);
        // U[0,1): mean 1/2 (σ ≈ 0.0009), variance 1/12 (σ ≈ 0.0003)
        assertEquals(0.5, um, 0.0046, "rand mean");
        assertEquals(1.0 / 12, uv, 0.0014, "rand variance");
        assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1), "rand lies in [0, 1)");
    }

    @Test
    void randomTensorsHaveTheRequestedShapeAndDtype() {
        Tensor t = Tensor.randn(1, DType.F32, 2, 3);
        assertShape(t, 2, 3);
        assertEquals(DType.F32, t.dtype());
        assertEquals(device(), t.device());
        assertFalse(t.requiresGrad());
        assertShape(Tensor.rand(1, DType.F64));
    }
}
