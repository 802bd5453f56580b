package dev.jgrad.gpubench;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.gpubench.BenchContext.Check;
import java.util.List;
import jcuda.driver.CUdeviceptr;

/**
 * Square SGEMM/DGEMM through jgrad's {@code matmul} beside the same product called straight on cuBLAS
 * (JCublas2, same handle math mode, same operands): the difference is jgrad's dispatch overhead
 * (output allocation from the caching allocator, the op's bookkeeping, closing the result). Both are
 * checked against an F64 host reference at a few entries, and jgrad's whole result against raw cuBLAS's.
 */
final class GemmBench {
    /** Entries of C recomputed on the host in F64. */
    private static final int SAMPLED = 16;

    private GemmBench() {
    }

    static void run(BenchContext ctx, List<DType> dtypes) {
        for (DType dtype : dtypes) {
            for (int n : ctx.sizes.gemm()) {
                one(ctx, dtype, n);
            }
        }
    }

    private static void one(BenchContext ctx, DType dtype, int n) {
        String shape = n + "x" + n + "x" + n;
        double flops = 2.0 * n * n * n;
        Object hostA;
        Object hostB;
        try {
            hostA = random(dtype, n, 100 + n);
            hostB = random(dtype, n, 200 + n);
        } catch (OutOfMemoryError e) {
            ctx.add(Measurement.failed("jgrad", "gemm", "matmul", dtype.name(), shape, ctx.tf32, "host inputs: " + e));
            return;
        }
        Object[] rawC = {null};
        if (ctx.raw == null) {
            ctx.add(Measurement.failed("cublas", "gemm", "matmul", dtype.name(), shape, ctx.tf32, "no GPU: skipped"));
        } else {
            ctx.time("cublas", "gemm", "matmul", dtype.name(), shape, 0, flops, () -> rawGemm(ctx.raw, dtype, n, hostA, hostB, rawC));
        }
        ctx.time("jgrad", "gemm", "matmul", dtype.name(), shape, 0, flops, () -> {
            Tensor a = tensor(hostA, n);
            Tensor b = tensor(hostB, n);
            return BenchContext.timed(() -> a.matmul(b).close(), () -> {   // closed: its block goes straight back to the cache
                Object c = dtype == DType.F32 ? a.matmul(b).toFloatArray() : a.matmul(b).toDoubleArray();
                double ref = sampledError(hostA, hostB, c, n);
                String vsRaw = rawC[0] == null ? "raw cuBLAS result unavailable" : "vs raw cuBLAS, all elements: "
                        + String.format("%.2e", relDiff(c, rawC[0]));
                return new Check(ref, "max |err| / Σ|a·b| at " + SAMPLED + " entries vs F64 host; " + vsRaw);
            });
        });
    }

    private static BenchContext.Timed rawGemm(RawCuda raw, DType dtype, int n, Object hostA, Object hostB, Object[] resultOut) {
        long bytes = (long) n * n * (dtype == DType.F32 ? Float.BYTES : Double.BYTES);
        CUdeviceptr[] p = new CUdeviceptr[3];
        try {
            for (int i = 0; i < 3; i++) {
                p[i] = raw.alloc(bytes);
            }
        } catch (RuntimeException e) {
            for (CUdeviceptr q : p) {
                raw.free(q);
            }
            throw e;
        }
        raw.upload(p[0], hostA);
        raw.upload(p[1], hostB);
        return new BenchContext.Timed() {
            @Override
            public void run() {
                raw.gemm(dtype, n, p[0], p[1], p[2]);
            }

            @Override
            public Check check() {
                raw.sync();
                Object c = dtype == DType.F32 ? new float[n * n] : new double[n * n];
                raw.download(c, p[2]);
                resultOut[0] = c;
                return new Check(sampledError(hostA, hostB, c, n), "max |err| / Σ|a·b| at " + SAMPLED + " entries vs F64 host");
            }

            @Override
            public void close() {
                for (CUdeviceptr q : p) {
                    raw.free(q);
                }
            }
        };
    }

    private static Object random(DType dtype, int n, long seed) {
        return dtype == DType.F32 ? BenchContext.randomFloats(seed, n * n) : BenchContext.randomDoubles(seed, n * n);
    }

    private static Tensor tensor(Object host, int n) {
        return host instanceof float[] f ? Tensor.of(f, n, n) : Tensor.of((double[]) host, n, n);
    }

    private static double at(Object a, int i) {
        return a instanceof float[] f ? f[i] : ((double[]) a)[i];
    }

    /** Row-major C = A·B recomputed in F64 at {@link #SAMPLED} spread-out entries; error over Σ|a·b| (the rounding scale). */
    static double sampledError(Object a, Object b, Object c, int n) {
        double worst = 0;
        for (int s = 0; s < SAMPLED; s++) {
            int i = (int) ((long) s * 7919 % n);
            int j = (int) ((long) s * 104729 % n);
            double sum = 0;
            double abs = 0;
            for (int k = 0; k < n; k++) {
                double t = at(a, i * n + k) * at(b, k * n + j);
                sum += t;
                abs += Math.abs(t);
            }
            worst = Math.max(worst, Math.abs(at(c, i * n + j) - sum) / abs);
        }
        return worst;
    }

    private static double relDiff(Object x, Object y) {
        int len = x instanceof float[] f ? f.length : ((double[]) x).length;
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < len; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(at(x, i) - at(y, i)));
            maxRef = Math.max(maxRef, Math.abs(at(y, i)));
        }
        return maxDiff / maxRef;
    }
}
