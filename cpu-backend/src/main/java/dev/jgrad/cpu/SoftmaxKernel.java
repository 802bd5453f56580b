package dev.jgrad.cpu;

import dev.jgrad.spi.View;

/**
 * Fused softmax / log-softmax along any dim: per row (all elements along {@code dim}) one pass for the
 * max, one for Σ e^(x − max) accumulated in double, one to write ({@link CpuKernels#softmaxRow}: SIMD or scalar;
 * contiguous F32 rows through {@link CpuKernels#softmaxRowF32}, which reads and writes the floats directly).
 * Rows are independent, so the parallel split never changes results.
 */
final class SoftmaxKernel {
    private SoftmaxKernel() {
    }

    static void run(CpuThreads threads, CpuKernels kernels, View in, int dim, View out, boolean log) {
        ReducedSplit split = ReducedSplit.of(in.layout(), ReducedSplit.mask(in.rank(), dim), out.layout());
        int len = (int) in.layout().dim(dim);
        if (split.kept.numel == 0 || len == 0) {
            return;
        }
        Object src = ((CpuStorage) in.storage()).array();
        Object dst = ((CpuStorage) out.storage()).array();
        long si = in.layout().stride(dim);
        long so = out.layout().stride(dim);
        CpuThreads.RangeBody body = (start, end) -> {
            // rows up to a scratch block reuse the thread's buffer (no garbage per op); longer ones get their own
            double[] row = len <= Scratch.BLOCK ? Scratch.get().doubles(0) : new double[len];
            StridedIndexer it = new StridedIndexer(split.kept);
            it.seek(start);
            boolean f32Rows = src instanceof float[] && dst instanceof float[] && si == 1 && so == 1;
            for (long i = start; i < end; i++) {
                if (f32Rows && kernels.softmaxRowF32((float[]) src, (int) it.pos[1], (float[]) dst, (int) it.pos[0],
                        len, row, log)) {
                    it.advance(1);
                    continue;
                }
                Gather.toDouble(src, it.pos[1], si, row, len);
                kernels.softmaxRow(row, len, log);
                long o = it.pos[0];
                if (dst instanceof float[] f) {
                    for (int j = 0; j < len; j++) f[(int) (o + j * so)] = (float) row[j];
                } else {
                    double[] d = (double[]) dst;
                    for (int j = 0; j < len; j++) d[(int) (o + j * so)] = row[j];
                }
                it.advance(1);
            }
        };
        if (split.kept.numel * len < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, split.kept.numel);
        } else {
            threads.parallelRange(split.kept.numel, Math.max(1, (1 << 14) / len), body);
        }
    }

    /** Replaces the row by its softmax (or log-softmax), max-shifted so e^x never overflows. */
    static void softmaxRow(double[] row, int len, boolean log) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            max = Math.max(max, row[j]);   // NaN propagates
        }
        double sum = 0.0;
        if (log) {
            for (int j = 0; j < len; j++) {
                sum += Math.exp(row[j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < len; j++) {
                row[j] = (row[j] - max) - logSum;
            }
        } else {
            for (int j = 0; j < len; j++) {
                double e = Math.exp(row[j] - max);
                row[j] = e;
                sum += e;
            }
            for (int j = 0; j < len; j++) {
                row[j] = row[j] / sum;
            }
        }
    }
}
