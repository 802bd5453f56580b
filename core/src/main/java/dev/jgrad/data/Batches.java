package dev.jgrad.data;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches of a {@link Dataset}, reshuffled every epoch from a seed (so runs are repeatable).
 *
 * <pre>{@code
 * Batches batches = new Batches(Datasets.spiral(0), 32, 7);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     for (Dataset b : batches.epoch(epoch)) {    // same order for the same (seed, epoch)
 *         ... b.inputs() (≤32, 2), b.targets() (≤32) ...
 *     }
 * }
 * }</pre>
 *
 * <p>The data are copied to the host once; each batch is gathered there and made a tensor on the
 * data set's device. The last batch of an epoch is smaller when the size does not divide evenly.
 */
public final class Batches implements Iterable<Dataset> {
    private final HostRows inputs;
    private final HostRows targets;
    private final Device device;
    private final int rows;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private int nextEpoch;

    /** Shuffled batches; epoch e uses a permutation drawn from (seed, e). */
    public Batches(Dataset data, int batchSize, long seed) {
        this(data, batchSize, true, seed);
    }

    /** Batches in order when {@code shuffle} is false (the seed is then unused). */
    public Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Batches: batch size must be >= 1, got " + batchSize);
        }
        if (data.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Batches: " + data.size() + " rows is more than supported");
        }
        this.inputs = new HostRows(data.inputs());
        this.targets = new HostRows(data.targets());
        this.device = data.inputs().device();
        this.rows = (int) data.size();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Number of batches per epoch: ⌈rows / batchSize⌉. */
    public int batchesPerEpoch() {
        return (rows + batchSize - 1) / batchSize;
    }

    /** The row order of epoch {@code epoch}. */
    public int[] order(int epoch) {
        int[] idx = new int[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            // java.util.Random's algorithm is fixed by its specification: same permutation on every JVM
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = rows - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
            }
        }
        return idx;
    }

    /** The batches of epoch {@code epoch}. */
    public Iterable<Dataset> epoch(int epoch) {
        int[] order = order(epoch);
        return () -> new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start < rows;
            }

            @Override
            public Dataset next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int[] idx = Arrays.copyOfRange(order, start, Math.min(start + batchSize, rows));
                start += idx.length;
                try (Scope d = Device.with(device)) {
                    return new Dataset(inputs.gather(idx), targets.gather(idx));
                }
            }
        };
    }

    /** Each call starts the next epoch (0, 1, 2, ...). */
    @Override
    public Iterator<Dataset> iterator() {
        return epoch(nextEpoch++).iterator();
    }

    /** A tensor's values on the host, viewed as rows (first dim). */
    private static final class HostRows {
        private final DType dtype;
        private final long[] shape;
        private final int rowSize;
        private final float[] f32;
        private final double[] f64;
        private final int[] i32;

        HostRows(Tensor t) {
            dtype = t.dtype();
            shape = t.shape();
            rowSize = (int) (t.numel() / Math.max(1, shape[0]));
            f32 = dtype == DType.F32 ? t.toFloatArray() : null;
            f64 = dtype == DType.F64 ? t.toDoubleArray() : null;
            i32 = dtype == DType.I32 ? t.toIntArray() : null;
        }

        Tensor gather(int[] idx) {
            long[] outShape = shape.clone();
            outShape[0] = idx.length;
            switch (dtype) {
                case F32: {
                    float[] out = new float[idx.length * rowSize];
                    for (int r = 0; r < idx.length; r++) {
                        System.arraycopy(f32, idx[r] * rowSize, out, r * rowSize, rowSize);
                    }
                    return Tensor.of(out, outShape);
                }
                case F64: {
                    double[] out = new double[idx.length * rowSize];
                    for (int r = 0; r < idx.length; r++) {
                        System.arraycopy(f64, idx[r] * rowSize, out, r * rowSize, rowSize);
                    }
                    return Tensor.of(out, outShape);
                }
                default: {
                    int[] out = new int[idx.length * rowSize];
                    for (int r = 0; r < idx.length; r++) {
                        System.arraycopy(i32, idx[r] * rowSize, out, r * rowSize, rowSize);
                    }
                    return Tensor.of(out, outShape);
                }
            }
        }
    }
}
