package dev.jgrad.gpubench;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.gpubench.BenchContext.Check;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import jcuda.driver.CUdeviceptr;

/**
 * The memory-bound operations beside the memory ceiling: a device-to-device copy through the
 * driver (bytes read + bytes written, as every row here counts them), then jgrad's elementwise
 * add/mul/relu/sigmoid on 64M floats and its row-wise sum and softmax on 8192×8192. The summary
 * divides each row's GB/s by the copy's.
 */
final class MemoryBench {
    /** How many leading elements the elementwise checks compare on the host. */
    private static final int CHECKED = 1 << 20;
    /** How many rows the row-wise checks recompute on the host. */
    private static final int CHECKED_ROWS = 8;

    private MemoryBench() {
    }

    static void copyCeiling(BenchContext ctx) {
        long n = ctx.sizes.elements();
        long bytes = n * Float.BYTES;
        if (ctx.raw == null) {
            ctx.add(Measurement.failed("cuda-driver", "memory", "copy", "F32", shape(n), ctx.tf32, "no GPU: skipped"));
            return;
        }
        ctx.time("cuda-driver", "memory", "copy", "F32", shape(n), 2 * bytes, 0, () -> {
            RawCuda raw = ctx.raw;
            float[] host = BenchContext.randomFloats(11, (int) n);
            CUdeviceptr src = raw.alloc(bytes);
            CUdeviceptr dst;
            try {
                dst = raw.alloc(bytes);
            } catch (RuntimeException e) {
                raw.free(src);
                throw e;
            }
            raw.upload(src, host);
            return new BenchContext.Timed() {
                @Override
                public void run() {
                    raw.copy(dst, src, bytes);
                }

                @Override
                public Check check() {
                    float[] back = new float[(int) n];
                    raw.sync();
                    raw.download(back, dst);
                    return new Check(Arrays.equals(back, host) ? 0 : 1, "1 if the copy differs from its source");
                }

                @Override
                public void close() {
                    raw.free(src);
                    raw.free(dst);
                }
            };
        });
    }

    static void elementwise(BenchContext ctx) {
        long n = ctx.sizes.elements();
        binary(ctx, "add", n, Tensor::add, Double::sum);
        binary(ctx, "mul", n, Tensor::mul, (x, y) -> x * y);
        unary(ctx, "relu", n, Tensor::relu, x -> Math.max(x, 0));
        unary(ctx, "sigmoid", n, Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)));
    }

    private static void binary(BenchContext ctx, String name, long n, BinaryOperator<Tensor> op,
                               DoubleBinaryOperator ref) {
        ctx.time("jgrad", "memory", name, "F32", shape(n), 3 * n * Float.BYTES, 0, () -> {
            Tensor a = Tensor.randn(21, DType.F32, n);
            Tensor b = Tensor.randn(22, DType.F32, n);
            return BenchContext.timed(() -> op.apply(a, b).close(), () -> {
                float[] ha = a.toFloatArray();
                float[] hb = b.toFloatArray();
                float[] out = op.apply(a, b).toFloatArray();
                double maxErr = 0;
                double maxRef = 0;
                for (int i = 0; i < Math.min(out.length, CHECKED); i++) {
                    double r = ref.applyAsDouble(ha[i], hb[i]);
                    maxErr = Math.max(maxErr, Math.abs(out[i] - r));
                    maxRef = Math.max(maxRef, Math.abs(r));
                }
                return new Check(maxErr / maxRef, "max |err| / max |ref| over the first " + Math.min(out.length, CHECKED) + ", F64 host reference");
            });
        });
    }

    private static void unary(BenchContext ctx, String name, long n, Function<Tensor, Tensor> op,
                              DoubleUnaryOperator ref) {
        ctx.time("jgrad", "memory", name, "F32", shape(n), 2 * n * Float.BYTES, 0, () -> {
            Tensor a = Tensor.randn(23, DType.F32, n);
            return BenchContext.timed(() -> op.apply(a).close(), () -> {
                float[] ha = a.toFloatArray();
                float[] out = op.apply(a).toFloatArray();
                double maxErr = 0;
                double maxRef = 0;
                for (int i = 0; i < Math.min(out.length, CHECKED); i++) {
                    double r = ref.applyAsDouble(ha[i]);
                    maxErr = Math.max(maxErr, Math.abs(out[i] - r));
                    maxRef = Math.max(maxRef, Math.abs(r));
                }
                return new Check(maxErr / maxRef, "max |err| / max |ref| over the first " + Math.min(out.length, CHECKED) + ", F64 host reference");
            });
        });
    }

    /** Row-wise sum and softmax: one read of the matrix (plus one write of it for softmax) is the floor. */
    static void rows(BenchContext ctx) {
        int rows = ctx.sizes.rows();
        int cols = ctx.sizes.cols();
        long n = (long) rows * cols;
        String shape = rows + "x" + cols;
        ctx.time("jgrad", "rows", "sum", "F32", shape, n * Float.BYTES + (long) rows * Float.BYTES, 0, () -> {
            Tensor x = Tensor.randn(31, DType.F32, rows, cols);
            return BenchContext.timed(() -> x.sum(1, false).close(), () -> rowCheck(x, x.sum(1, false), rows, cols, false));
        });
        ctx.time("jgrad", "rows", "softmax", "F32", shape, 2 * n * Float.BYTES, 0, () -> {
            Tensor x = Tensor.randn(32, DType.F32, rows, cols);
            return BenchContext.timed(() -> x.softmax(1).close(), () -> rowCheck(x, x.softmax(1), rows, cols, true));
        });
    }

    private static Check rowCheck(Tensor x, Tensor out, int rows, int cols, boolean softmax) {
        float[] hx = x.toFloatArray();
        float[] ho = out.toFloatArray();
        double maxErr = 0;
        double maxRef = 0;
        for (int k = 0; k < CHECKED_ROWS; k++) {
            int r = (int) ((long) k * (rows - 1) / Math.max(1, CHECKED_ROWS - 1));
            int base = r * cols;
            if (softmax) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, hx[base + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp(hx[base + j] - max);
                }
                for (int j = 0; j < cols; j++) {
                    double ref = Math.exp(hx[base + j] - max) / sum;
                    maxErr = Math.max(maxErr, Math.abs(ho[base + j] - ref));
                    maxRef = Math.max(maxRef, ref);
                }
            } else {
                double sum = 0;
                double abs = 0;
                for (int j = 0; j < cols; j++) {
                    sum += hx[base + j];
                    abs += Math.abs(hx[base + j]);
                }
                maxErr = Math.max(maxErr, Math.abs(ho[r] - sum));
                maxRef = Math.max(maxRef, abs);
            }
        }
        return new Check(maxErr / maxRef, softmax ? "max |err| / max p over " + CHECKED_ROWS + " rows, F64 host reference"
                : "max |err| / Σ|x| over " + CHECKED_ROWS + " rows, F64 host reference");
    }

    static String shape(long n) {
        return n % (1 << 20) == 0 ? (n >> 20) + "M" : Long.toString(n);
    }
}
