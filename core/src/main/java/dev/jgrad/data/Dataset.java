package dev.jgrad.data;

import dev.jgrad.Tensor;

import java.util.Arrays;

/**
 * Inputs and targets with one example per row (first dim).
 *
 * <pre>{@code
 * Dataset d = Datasets.spiral(3, 100, 0);
 * Tensor x = d.inputs();    // F32 (300, 2)
 * Tensor y = d.targets();   // I32 (300)
 * }</pre>
 */
public record Dataset(Tensor inputs, Tensor targets) {
    public Dataset {
        if (inputs.rank() < 1 || targets.rank() < 1 || inputs.shape()[0] != targets.shape()[0]) {
            throw new IllegalArgumentException("Dataset: inputs " + Arrays.toString(inputs.shape()) + " and targets "
                    + Arrays.toString(targets.shape()) + " need the same number of rows (first dim)");
        }
    }

    /** Number of examples. */
    public long size() {
        return inputs.shape()[0];
    }
}
