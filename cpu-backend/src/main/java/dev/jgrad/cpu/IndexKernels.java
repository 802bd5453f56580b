package dev.jgrad.cpu;

import dev.jgrad.spi.View;

/** argmax (floating input, I32 output) and oneHot (I32 input, floating output) along one dim. */
final class IndexKernels {
    private IndexKernels() {
    }

    /** First index of the maximum along {@code dim}; the first NaN wins over any number. */
    static void argmax(CpuThreads threads, CpuKernels kernels, View in, int dim, View out) {
        long len = in.layout().dim(dim);
        ReducedSplit split = ReducedSplit.of(in.layout(), ReducedSplit.mask(in.rank(), dim), out.layout());
        if (split.kept.numel == 0) {
            return;
        }
        if (len == 0) {
            throw new IllegalArgumentException("cpu argmax: dim " + dim + " of shape "
                    + java.util.Arrays.toString(in.shape()) + " is empty");
        }
        Object src = ((CpuStorage) in.storage()).array();
        int[] dst = (int[]) ((CpuStorage) out.storage()).array();
        long stride = in.layout().stride(dim);
        CpuThreads.RangeBody body = (start, end) -> {
            StridedIndexer it = new StridedIndexer(split.kept);
            it.seek(start);
            for (long i = start; i < end; i++) {
                if (stride == 1) {
                    dst[it.intPos(0)] = kernels.argmaxRun(src, it.intPos(1), (int) len);
                } else {
                    dst[it.intPos(0)] = src instanceof float[] f
                            ? argmaxF32(f, it.pos[1], stride, (int) len)
                            : argmaxF64((double[]) src, it.pos[1], stride, (int) len);
                }
                it.advance(1);
            }
        };
        if (split.kept.numel * len < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, split.kept.numel);
        } else {
            threads.parallelRange(split.kept.numel, Math.max(1, (1 << 15) / len), body);
        }
    }

    static int argmaxF32(float[] x, long off, long stride, int len) {
        int best = 0;
        float bestV = x[(int) off];
        if (bestV != bestV) {
            return 0;
        }
        for (int j = 1; j < len; j++) {
            float v = x[(int) (off + j * stride)];
            if (v != v) {
                return j;
            }
            if (v > bestV) {
                bestV = v;
                best = j;
            }
        }
        return best;
    }

    static int argmaxF64(double[] x, long off, long stride, int len) {
        int best = 0;
        double bestV = x[(int) off];
        if (bestV != bestV) {
            return 0;
        }
        for (int j = 1; j < len; j++) {
            double v = x[(int) (off + j * stride)];
            if (v != v) {
                return j;
            }
            if (v > bestV) {
                bestV = v;
                best = j;
            }
        }
        return best;
    }

    /** {@code out[..., j, ...] = indices[..., 0, ...] == j ? 1 : 0}. */
    static void oneHot(CpuThreads threads, View indices, int dim, View out) {
        long classes = out.layout().dim(dim);
        // kept = every dim but `dim`, walked by the indices (operand 0) and the output (operand 1)
        ReducedSplit split = ReducedSplit.of(out.layout(), ReducedSplit.mask(out.rank(), dim), indices.layout());
        IterSpace kept = split.kept;
        if (kept.numel == 0 || classes == 0) {
            return;
        }
        int[] idx = (int[]) ((CpuStorage) indices.storage()).array();
        Object dst = ((CpuStorage) out.storage()).array();
        long stride = out.layout().stride(dim);
        CpuThreads.RangeBody body = (start, end) -> {
            StridedIndexer it = new StridedIndexer(kept);
            it.seek(start);
            for (long i = start; i < end; i++) {
                int cls = idx[it.intPos(0)];
                long o = it.pos[1];
                if (dst instanceof float[] f) {
                    for (long j = 0; j < classes; j++) f[(int) (o + j * stride)] = j == cls ? 1.0f : 0.0f;
                } else {
                    double[] d = (double[]) dst;
                    for (long j = 0; j < classes; j++) d[(int) (o + j * stride)] = j == cls ? 1.0 : 0.0;
                }
                it.advance(1);
            }
        };
        if (kept.numel * classes < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, kept.numel);
        } else {
            threads.parallelRange(kept.numel, Math.max(1, (1 << 15) / classes), body);
        }
    }
}
