package dev.jgrad.cpu;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.spi.Backend;
import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.UnaryOp;
import dev.jgrad.spi.View;

/**
 * The pure-Java backend: storages are Java arrays, every op runs synchronously on the calling thread or,
 * for large inputs, on the calling thread and {@code -Djgrad.cpu.threads} − 1 helper threads (default: all processors; see {@link SpinningHelpers}).
 * Results never depend on the thread count. This class only dispatches; the loops live in the kernel classes.
 *
 * <pre>{@code
 * Backend cpu = new CpuBackend(4);          // explicit thread count (tests, benchmarks)
 * Storage s = cpu.allocate(DType.F32, 6);
 * cpu.upload(new float[] {1, 2, 3, 4, 5, 6}, s);
 * float[] t = (float[]) cpu.download(new View(s, Layout.contiguous(2, 3).transpose(0, 1)));
 * }</pre>
 */
public final class CpuBackend implements Backend {
    private final CpuThreads threads;
    private final CpuKernels kernels;
    private final Matmul matmul;

    /** A backend with {@code -Djgrad.cpu.threads} workers (default: available processors). */
    public CpuBackend() {
        this(CpuThreads.configuredThreads());
    }

    /** A backend with exactly {@code threads} workers (1 = everything on the calling thread). */
    public CpuBackend(int threads) {
        this(threads, KernelChoice.defaultKernels());
    }

    /**
     * A backend with exactly {@code threads} workers that uses the Vector API (SIMD) kernels when
     * {@code vectorApi} is true and this JVM can run them (started with {@code --add-modules jdk.incubator.vector}),
     * else the scalar kernels. For comparing the two paths; normal code uses {@link #CpuBackend(int)}.
     *
     * <pre>{@code
     * CpuBackend scalar = new CpuBackend(2, false);
     * assert !scalar.usesVectorApi();
     * }</pre>
     */
    public CpuBackend(int threads, boolean vectorApi) {
        this(threads, pick(vectorApi));
    }

    private CpuBackend(int threads, CpuKernels kernels) {
        this.threads = new CpuThreads(threads);
        this.kernels = kernels;
        this.matmul = new Matmul(this.threads, kernels);
    }

    private static CpuKernels pick(boolean vectorApi) {
        CpuKernels simd = vectorApi ? KernelChoice.simdOrNull() : null;
        return simd != null ? simd : ScalarKernels.INSTANCE;
    }

    /** Number of worker threads. */
    public int threads() {
        return threads.threads();
    }

    /**
     * Whether this backend runs the Vector API (SIMD) kernels. By default it does when the JVM was started with
     * {@code --add-modules jdk.incubator.vector} and {@code -Djgrad.cpu.simd=false} is not set.
     */
    public boolean usesVectorApi() {
        return kernels.vectorized();
    }

    /** Which kernels run, in words (for logs and benchmark reports). */
    public String kernelsDescription() {
        return kernels.description();
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    @Override
    public String name() {
        return "cpu";
    }

    /**
     * Bytes of freed tensors' arrays held for reuse by the next tensors of the same dtype and length (at most
     * {@code -Djgrad.cpu.poolBytes}, default 1/16 of the maximum heap, at most 1 GiB), like PyTorch's caching
     * allocators. <pre>{@code long held = CpuBackend.cachedBytes();}</pre>
     */
    public static long cachedBytes() {
        return ArrayPool.SHARED.heldBytes();
    }

    /**
     * Lets the garbage collector have every held array (the CPU counterpart of {@code torch.cuda.empty_cache()}).
     * <pre>{@code CpuBackend.emptyCache(); assert CpuBackend.cachedBytes() == 0;}</pre>
     */
    public static void emptyCache() {
        ArrayPool.SHARED.clear();
    }

    @Override
    public Storage allocate(DType dtype, long numel) {
        return CpuStorage.allocate(dtype, numel);
    }

    @Override
    public void upload(Object hostArray, Storage dst) {
        Object arr = array(dst);
        CpuStorage src = CpuStorage.wrap(hostArray);
        if (src.dtype() != dst.dtype() || src.numel() != dst.numel()) {
            throw new IllegalArgumentException("cpu upload: host " + hostArray.getClass().getSimpleName()
                    + " of length " + src.numel() + " does not match storage " + dst.dtype() + "[" + dst.numel() + "]");
        }
        System.arraycopy(hostArray, 0, arr, 0, (int) src.numel());
    }

    @Override
    public Object download(View src) {
        long numel = src.numel();
        CpuStorage host = CpuStorage.allocate(src.dtype(), numel);
        copy(src, new View(host, Layout.contiguous(src.shape())));
        return host.array();
    }

    @Override
    public void copy(View src, View dst) {
        cast(src, dst);   // same-dtype conversion is a plain copy
    }

    @Override
    public void cast(View src, View dst) {
        Elementwise.run(threads, (a, o, lin, n) -> ConvertKernels.convert(a[1], o[1], a[0], o[0], n),
                new Object[] {array(dst), array(src)}, dst.layout(), src.layout());
    }

    @Override
    public void fill(View dst, double value) {
        Elementwise.run(threads, (a, o, lin, n) -> ConvertKernels.fill(a[0], o[0], n, value),
                new Object[] {array(dst)}, dst.layout());
    }

    @Override
    public void unary(UnaryOp op, double param, View in, View out) {
        if (in.dtype() == DType.I32) {
            throw new IllegalArgumentException("cpu unary: " + op + " is not defined on I32");
        }
        Elementwise.run(threads, (a, o, lin, n) -> unaryRun(op, param, a[1], o[1], a[0], o[0], n),
                new Object[] {array(out), array(in)}, out.layout(), in.layout());
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        if (out.dtype() == DType.I32 && !op.supportsInt()) {
            throw new IllegalArgumentException("cpu binary: " + op + " is not defined on I32");
        }
        Elementwise.run(threads, (r, o, lin, n) -> binaryRun(op, r[1], o[1], r[2], o[2], r[0], o[0], n),
                new Object[] {array(out), array(a), array(b)}, out.layout(), a.layout(), b.layout());
    }

    /**
     * {@code y ← y + x·alpha} a cache-sized block at a time: the same multiply and add kernels as the default
     * composite (so the same bits), without its full-size temporary and the memory traffic of writing and
     * re-reading it.
     */
    @Override
    public void addScaledInPlace(View y, double alpha, View x) {
        if (!y.dtype().isFloating()) {
            throw new IllegalArgumentException("cpu addScaledInPlace: needs F32 or F64, got " + y.dtype());
        }
        Elementwise.runInPlace(threads, (r, o, lin, n) -> {
            Object scaled = Scratch.get().like(r[0], 2);   // slots 0 and 1 may hold y's and x's gathered runs
            for (int s = 0; s < n; s += Scratch.BLOCK) {
                int m = Math.min(Scratch.BLOCK, n - s);
                unaryRun(UnaryOp.MUL_SCALAR, alpha, r[1], o[1] + s, scaled, 0, m);
                binaryRun(BinaryOp.ADD, r[0], o[0] + s, scaled, 0, r[0], o[0] + s, m);
            }
        }, new Object[] {array(y), array(x)}, y.layout(), x.layout());
    }

    /** A contiguous run of a unary op: the SIMD kernel where there is one, else the scalar one. */
    private void unaryRun(UnaryOp op, double param, Object src, int so, Object dst, int dOff, int n) {
        if (src instanceof float[] f) {
            if (!kernels.unaryF32(op, param, f, so, (float[]) dst, dOff, n)) {
                UnaryKernels.f32(op, param, f, so, (float[]) dst, dOff, n);
            }
        } else {
            UnaryKernels.f64(op, param, (double[]) src, so, (double[]) dst, dOff, n);
        }
    }

    /** A contiguous run of a binary op: the SIMD kernel where there is one, else the scalar one. */
    private void binaryRun(BinaryOp op, Object a, int ao, Object b, int bo, Object out, int oo, int n) {
        if (out instanceof int[] i) {
            BinaryKernels.i32(op, (int[]) a, ao, (int[]) b, bo, i, oo, n);
        } else if (!kernels.binary(op, a, ao, b, bo, out, oo, n)) {
            if (out instanceof float[] f) {
                BinaryKernels.f32(op, (float[]) a, ao, (float[]) b, bo, f, oo, n);
            } else {
                BinaryKernels.f64(op, (double[]) a, ao, (double[]) b, bo, (double[]) out, oo, n);
            }
        }
    }

    @Override
    public void reduce(ReduceOp op, View in, int[] dims, View out) {
        Reductions.reduce(threads, kernels, op, in, dims, out);
    }

    @Override
    public void argmax(View in, int dim, View out) {
        if (!in.dtype().isFloating() || out.dtype() != DType.I32) {
            throw new IllegalArgumentException("cpu argmax: needs F32/F64 input and I32 output, got "
                    + in.dtype() + " -> " + out.dtype());
        }
        IndexKernels.argmax(threads, kernels, in, dim, out);
    }

    @Override
    public void oneHot(View indices, int dim, View out) {
        if (indices.dtype() != DType.I32 || !out.dtype().isFloating()) {
            throw new IllegalArgumentException("cpu oneHot: needs I32 indices and F32/F64 output, got "
                    + indices.dtype() + " -> " + out.dtype());
        }
        IndexKernels.oneHot(threads, indices, dim, out);
    }

    @Override
    public void matmul(View a, View b, View out) {
        if (!out.dtype().isFloating()) {
            throw new IllegalArgumentException("cpu matmul: needs F32 or F64, got " + out.dtype());
        }
        matmul.run(a, b, out);
    }

    @Override
    public void random(RandomKind kind, long seed, View out) {
        RandomFill.fill(threads, kind, seed, out);
    }

    @Override
    public void synchronize() {
        // every op has completed when it returns
    }

    @Override
    public void softmax(View in, int dim, View out) {
        SoftmaxKernel.run(threads, kernels, in, dim, out, false);
    }

    @Override
    public void logSoftmax(View in, int dim, View out) {
        SoftmaxKernel.run(threads, kernels, in, dim, out, true);
    }

    private static Object array(Storage s) {
        if (!(s instanceof CpuStorage cs)) {
            throw new IllegalArgumentException("cpu backend: storage " + s + " does not belong to the cpu device");
        }
        return cs.array();
    }

    private static Object array(View v) {
        return array(v.storage());
    }

    @Override
    public String toString() {
        return "CpuBackend{threads=" + threads.threads() + ", " + kernels.description() + "}";
    }
}
