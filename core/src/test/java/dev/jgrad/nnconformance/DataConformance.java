package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.data.Batches;
import dev.jgrad.data.Dataset;
import dev.jgrad.data.Datasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic data sets against their formulas, and the mini-batch iterator's determinism. */
public abstract class DataConformance extends NnTestBase {

    @Test
    void xorIsTheTruthTable() {
        Dataset d = Datasets.xor();
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, d.inputs().toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 0}, d.targets().toFloatArray());
        assertArrayEquals(new long[] {4, 1}, d.targets().shape());
    }

    @Test
    void spiralFollowsTheCs231nRecipe() {
        Dataset d = Datasets.spiral(3, 100, 42);
        assertArrayEquals(new long[] {300, 2}, d.inputs().shape());
        assertEquals(DType.F32, d.inputs().dtype());
        assertEquals(DType.I32, d.targets().dtype());
        float[] x = d.inputs().toFloatArray();
        int[] y = d.targets().toIntArray();
        double[] noise = Tensor.randn(42, DType.F64, 300).toDoubleArray();
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 100; i++) {
                int row = j * 100 + i;
                assertEquals(j, y[row], "label of row " + row);
                // r = linspace(0, 1, 100)[i], t = linspace(4j, 4j + 4, 100)[i] + 0.2·randn
                double r = i / 99.0;
                double t = 4 * j + 4 * i / 99.0 + 0.2 * noise[row];
                assertEquals(r * Math.sin(t), x[2 * row], 1e-6, "x of row " + row);
                assertEquals(r * Math.cos(t), x[2 * row + 1], 1e-6, "y of row " + row);
            }
        }
        assertArrayEquals(x, Datasets.spiral(3, 100, 42).inputs().toFloatArray(), "same seed, same data");
        assertFalse(Arrays.equals(x, Datasets.spiral(3, 100, 43).inputs().toFloatArray()), "another seed differs");
    }

    @Test
    void sineRegressionSet() {
        Dataset d = Datasets.sine(5, 0.0, 1);
        // x = linspace(−π, π, 5) = (−π, −π/2, 0, π/2, π), y = sin x
        double[] x = {-Math.PI, -Math.PI / 2, 0, Math.PI / 2, Math.PI};
        assertValues("sine x", x, d.inputs(), 1e-6);
        assertValues("sine y", Arrays.stream(x).map(Math::sin).toArray(), d.targets(), 1e-6);
        assertArrayEquals(new long[] {5, 1}, d.targets().shape());
        Dataset noisy = Datasets.sine(1000, 0.1, 1);
        double[] xs = noisy.inputs().toDoubleArray();
        double[] ys = noisy.targets().toDoubleArray();
        double var = 0;
        for (int i = 0; i < xs.length; i++) {
            var += Math.pow(ys[i] - Math.sin(xs[i]), 2) / xs.length;
        }
        assertEquals(0.01, var, 0.002, "noise variance 0.1²");
    }

    @Test
    void batchesCoverEveryRowOncePerEpochAndAreRepeatable() {
        // 10 rows whose input is (i, 10i) and target i, so a batch's rows can be identified
        float[] xs = new float[20];
        int[] ys = new int[10];
        for (int i = 0; i < 10; i++) {
            xs[2 * i] = i;
            xs[2 * i + 1] = 10 * i;
            ys[i] = i;
        }
        Dataset data = new Dataset(Tensor.of(xs, 10, 2), Tensor.of(ys, 10));
        Batches batches = new Batches(data, 4, 7);
        assertEquals(3, batches.batchesPerEpoch());
        List<Integer> seen = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Dataset b : batches.epoch(0)) {
            sizes.add(b.size());
            float[] bx = b.inputs().toFloatArray();
            int[] by = b.targets().toIntArray();
            for (int r = 0; r < by.length; r++) {
                assertEquals(by[r], bx[2 * r], 0, "inputs and targets stay paired");
                assertEquals(10 * by[r], bx[2 * r + 1], 0);
                seen.add(by[r]);
            }
        }
        assertEquals(List.of(4L, 4L, 2L), sizes);
        List<Integer> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sorted, "each row exactly once");
        assertArrayEquals(batches.order(0), new Batches(data, 4, 7).order(0), "same seed and epoch, same order");
        assertFalse(Arrays.equals(batches.order(0), batches.order(1)), "a new epoch reshuffles");
        assertFalse(Arrays.equals(batches.order(0), new Batches(data, 4, 8).order(0)), "another seed differs");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new Batches(data, 3, false, 0).order(5));
    }
}
