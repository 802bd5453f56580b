package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUresult;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * jgrad on one NVIDIA GPU: the device's primary context, one non-blocking stream that every
 * operation is queued on, a cuBLAS handle bound to that stream for matmul, jgrad's PTX kernels for
 * everything else, and a {@link CachingAllocator} for memory. Only {@link #download} and
 * {@link #synchronize} wait for the GPU.
 *
 * <p>Obtained through {@code Device.cuda()}, never constructed directly:
 * <pre>{@code
 * try (Scope s = Device.with(Device.cuda())) {
 *     Tensor y = Tensor.randn(1, DType.F32, 64, 1000).matmul(w);   // runs on the GPU
 *     float v = y.sum().item();                                    // the only host read
 * }
 * long copies = CudaBackend.transferCount();
 * }</pre>
 *
 * <p>TF32 tensor-core GEMM is opt-in: {@code -Djgrad.cuda.tf32=true}.
 */
public final class CudaBackend implements Backend {
    private static final AtomicLong TRANSFERS = new AtomicLong();
    /** The context last made current on each thread, shared by all CUDA backends of the process. */
    private static final ThreadLocal<CUcontext> CURRENT = new ThreadLocal<>();

    private final CudaProbe.Gpu gpu;
    private final Device device;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle blas = new cublasHandle();
    private final ModuleCache modules;
    private final CachingAllocator allocator;
    private final int maxBlocks;
    private final boolean tf32;

    CudaBackend(CudaProbe.Gpu gpu) {
        this.gpu = gpu;
        this.device = Device.cuda(gpu.ordinal());
        this.modules = new ModuleCache(gpu.ccMajor(), gpu.ccMinor());
        this.maxBlocks = LaunchGeometry.maxBlocksFor(gpu.multiprocessors());
        this.tf32 = Boolean.getBoolean("jgrad.cuda.tf32");
        JCudaDriver.setExceptionsEnabled(false);   // statuses are checked and turned into CudaException
        JCublas2.setExceptionsEnabled(false);
        CUdevice dev = new CUdevice();
        CudaException.check(cuDeviceGet(dev, gpu.ordinal()), "cuDeviceGet(" + gpu.ordinal() + ")");
        CudaException.check(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        CudaException.check(cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        CudaException.checkBlas(JCublas2.cublasCreate(blas), "cublasCreate");
        CudaException.checkBlas(JCublas2.cublasSetStream(blas, new cudaStream_t(stream)), "cublasSetStream");
        if (tf32) {
            CudaException.checkBlas(JCublas2.cublasSetMathMode(blas, cublasMath.CUBLAS_TF32_TENSOR_OP_MATH),
                    "cublasSetMathMode(TF32)");
        }
        this.allocator = new CachingAllocator(new DriverMemory(this::makeCurrent));
    }

    /** Host↔device copies made by all CUDA backends in this process (uploads and downloads). */
    public static long transferCount() {
        return TRANSFERS.get();
    }

    /** Blocks obtained from cuMemAlloc so far (a steady-state training loop stops adding to it). */
    public long deviceAllocations() {
        return allocator.deviceAllocCalls();
    }

    /** Allocator state for diagnostics: bytes in use, cached, and device allocation count. */
    public String memoryStats() {
        return allocator.describe();
    }

    /** Whether GEMMs may use TF32 tensor cores (-Djgrad.cuda.tf32=true). */
    public boolean tf32() {
        return tf32;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String name() {
        return device + " (" + gpu.name() + ")";
    }

    private void makeCurrent() {
        if (CURRENT.get() != context) {
            CudaException.check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(context);
        }
    }

    void release(long address) {
        allocator.release(address);
    }

    // ------------------------------------------------------------------ memory and transfers

    @Override
    public Storage allocate(DType dtype, long numel) {
        makeCurrent();
        long bytes = Math.multiplyExact(numel, (long) dtype.byteSize());
        return new CudaStorage(this, dtype, numel, allocator.allocate(bytes));
    }

    @Override
    public void upload(Object hostArray, Storage dst) {
        CudaStorage s = own(dst, "upload");
        long n = HostArrays.length(hostArray, s.dtype(), "upload");
        if (n != s.numel()) {
            throw new IllegalArgumentException("upload: host array has " + n + " elements, storage " + s.numel());
        }
        if (n == 0) {
            return;
        }
        makeCurrent();
        long bytes = n * s.dtype().byteSize();
        // Pageable memory: the async copy returns once the driver has staged the bytes, so the buffer
        // may be dropped right after; the copy itself is ordered on our stream like everything else.
        ByteBuffer staging = HostArrays.toDirectBuffer(hostArray);
        CudaException.check(cuMemcpyHtoDAsync(DevicePointer.at(s.address()), Pointer.to(staging), bytes, stream),
                "upload: cuMemcpyHtoDAsync(" + bytes + " bytes)");
        TRANSFERS.incrementAndGet();
    }

    @Override
    public Object download(View src) {
        CudaStorage s = own(src.storage(), "download");
        long n = src.numel();
        Object host = HostArrays.allocate(s.dtype(), n);
        if (n == 0) {
            return host;
        }
        makeCurrent();
        CudaStorage dense = null;
        long address;
        if (src.layout().isContiguous()) {
            address = s.address() + src.layout().offset() * s.dtype().byteSize();
        } else {
            dense = (CudaStorage) allocate(s.dtype(), n);
            copy(src, new View(dense, Layout.contiguous(src.shape())));
            address = dense.address();
        }
        try {
            CudaException.check(cuStreamSynchronize(stream), "download: waiting for queued GPU work");
            CudaException.check(cuMemcpyDtoH(HostArrays.pointerTo(host), DevicePointer.at(address),
                    n * s.dtype().byteSize()), "download: cuMemcpyDtoH");
            TRANSFERS.incrementAndGet();
        } finally {
            if (dense != null) {
                dense.free();
            }
        }
        return host;
    }

    @Override
    public void synchronize() {
        makeCurrent();
        CudaException.check(cuStreamSynchronize(stream), "synchronize");
    }

    // ------------------------------------------------------------------ data movement

    @Override
    public void copy(View src, View dst) {
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        Layout[] c = KernelLayout.coalesce(src.layout(), dst.layout());
        if (dense(c[0]) && dense(c[1])) {
            makeCurrent();
            int size = src.dtype().byteSize();
            long to = addr(dst) + c[1].offset() * size;
            long from = addr(src) + c[0].offset() * size;
            if (KernelProfile.ENABLED) {
                KernelProfile.around("cuMemcpyDtoDAsync", stream, () -> copyNow(to, from, n * size));
            } else {
                copyNow(to, from, n * size);
            }
            return;
        }
        launch(KernelRef.copy(src.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(src)).lay(c[0]).ptr(addr(dst)).lay(c[1]).flag(false));
    }

    @Override
    public void cast(View src, View dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
            return;
        }
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        Layout[] c = KernelLayout.coalesce(src.layout(), dst.layout());
        launch(KernelRef.cast(src.dtype(), dst.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(src)).lay(c[0]).ptr(addr(dst)).lay(c[1]).flag(dense(c[0]) && dense(c[1])));
    }

    @Override
    public void fill(View dst, double value) {
        long n = dst.numel();
        if (n == 0) {
            return;
        }
        Layout c = KernelLayout.coalesce(dst.layout())[0];
        KernelArgs args = new KernelArgs().i64(n).ptr(addr(dst)).lay(c);
        if (dst.dtype() == DType.I32) {
            args.i32((int) value);
        } else {
            args.f64(value);
        }
        launch(KernelRef.fill(dst.dtype()), LaunchGeometry.elementwise(n, maxBlocks), args.flag(dense(c)));
    }

    @Override
    public void oneHot(View indices, int dim, View out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        requireFloating(out.dtype(), "oneHot");
        long[] st = new long[out.rank()];
        for (int d = 0; d < st.length; d++) {
            st[d] = d == dim ? 0 : indices.layout().stride(d);
        }
        Layout idx = new Layout(out.shape(), st, indices.layout().offset());
        long inner = 1;
        for (int d = dim + 1; d < out.rank(); d++) {
            inner *= out.layout().dim(d);
        }
        Layout[] c = KernelLayout.coalesce(idx, out.layout());
        launch(KernelRef.oneHot(out.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(indices)).lay(c[0]).ptr(addr(out)).lay(c[1])
                        .i64(inner).i64(out.layout().dim(dim)));
    }

    @Override
    public void random(RandomKind kind, long seed, View out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        requireFloating(out.dtype(), "random");
        long base = addr(out) + out.layout().offset() * out.dtype().byteSize();
        launch(KernelRef.random(kind, out.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(base).i64(seed));
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void unary(UnaryOp op, double param, View in, View out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        requireFloating(in.dtype(), "unary " + op);
        Layout[] c = KernelLayout.coalesce(in.layout(), out.layout());
        launch(KernelRef.unary(op, in.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(in)).lay(c[0]).ptr(addr(out)).lay(c[1]).f64(param)
                        .flag(dense(c[0]) && dense(c[1])));
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        long n = out.numel();
        if (n == 0) {
            return;
        }
        if (!a.dtype().isFloating() && !op.supportsInt()) {
            throw new IllegalArgumentException("binary " + op + " is not defined on " + a.dtype());
        }
        Layout[] c = KernelLayout.coalesce(a.layout(), b.layout(), out.layout());
        launch(KernelRef.binary(op, a.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(a)).lay(c[0]).ptr(addr(b)).lay(c[1]).ptr(addr(out)).lay(c[2])
                        .flag(dense(c[0]) && dense(c[1]) && dense(c[2])));
    }

    /** One pass instead of the default's three (multiply into a temporary, add, and the temporary's traffic). */
    @Override
    public void addScaledInPlace(View y, double alpha, View x) {
        long n = y.numel();
        if (n == 0) {
            return;
        }
        requireFloating(y.dtype(), "addScaledInPlace");
        Layout[] c = KernelLayout.coalesce(y.layout(), x.layout());
        launch(KernelRef.addScaled(y.dtype()), LaunchGeometry.elementwise(n, maxBlocks),
                new KernelArgs().i64(n).ptr(addr(y)).lay(c[0]).ptr(addr(x)).lay(c[1]).f64(alpha)
                        .flag(dense(c[0]) && dense(c[1])));
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public void reduce(ReduceOp op, View in, int[] dims, View out) {
        long nOut = out.numel();
        if (nOut == 0) {
            return;
        }
        Layout[] s = KernelLayout.reductionSplit(in.layout(), dims, out.layout());
        long nRed = s[2].numel();
        LaunchGeometry g = LaunchGeometry.columnsOrReduction(nOut, nRed, KernelLayout.outputsAdjacent(s[0]), maxBlocks);
        launch(KernelRef.reduce(op, in.dtype()), g,
                new KernelArgs().i64(nOut).i64(nRed).ptr(addr(in)).lay(s[0]).lay(s[2]).ptr(addr(out)).lay(s[1])
                        .i32(g.mode()));
    }

    @Override
    public void argmax(View in, int dim, View out) {
        long nOut = out.numel();
        if (nOut == 0) {
            return;
        }
        Layout kept = KernelLayout.keepingAllBut(in.layout(), dim);
        Layout[] c = KernelLayout.coalesce(kept, new Layout(kept.shape(), out.layout().strides(), out.layout().offset()));
        long nRed = in.layout().dim(dim);
        LaunchGeometry g = LaunchGeometry.reduction(nOut, nRed, KernelLayout.outputsAdjacent(c[0]), maxBlocks);
        launch(KernelRef.argmax(in.dtype()), g,
                new KernelArgs().i64(nOut).i64(nRed).ptr(addr(in)).lay(c[0]).i64(in.layout().stride(dim))
                        .ptr(addr(out)).lay(c[1]).flag(g.perThread()));
    }

    @Override
    public void softmax(View in, int dim, View out) {
        rowwiseSoftmax(in, dim, out, false);
    }

    @Override
    public void logSoftmax(View in, int dim, View out) {
        rowwiseSoftmax(in, dim, out, true);
    }

    private void rowwiseSoftmax(View in, int dim, View out, boolean log) {
        if (out.numel() == 0) {
            return;
        }
        requireFloating(in.dtype(), log ? "logSoftmax" : "softmax");
        Layout rowsIn = KernelLayout.keepingAllBut(in.layout(), dim);
        Layout rowsOut = new Layout(rowsIn.shape(), out.layout().strides(), out.layout().offset());
        Layout[] c = KernelLayout.coalesce(rowsIn, rowsOut);
        long rows = rowsIn.numel();
        long len = in.layout().dim(dim);
        launch(KernelRef.softmax(log, in.dtype()), LaunchGeometry.rows(rows, len, maxBlocks),
                new KernelArgs().i64(rows).i64(len).ptr(addr(in)).lay(c[0]).i64(in.layout().stride(dim))
                        .ptr(addr(out)).lay(c[1]).i64(out.layout().stride(dim)));
    }

    // ------------------------------------------------------------------ matmul

    @Override
    public void matmul(View a, View b, View out) {
        if (out.numel() == 0) {
            return;
        }
        requireFloating(out.dtype(), "matmul");
        if (a.layout().dim(a.rank() - 1) == 0) {
            fill(out, 0.0);   // empty contraction; cuBLAS would leave C untouched
            return;
        }
        // Temporaries are released as soon as the work using them is queued: reuse is stream-ordered.
        CudaStorage ta = GemmPlan.canRead(a.layout()) ? null : denseCopy(a);
        CudaStorage tb = GemmPlan.canRead(b.layout()) ? null : denseCopy(b);
        CudaStorage tc = GemmPlan.canWrite(out.layout()) ? null : (CudaStorage) allocate(out.dtype(), out.numel());
        try {
            View ra = ta == null ? a : new View(ta, Layout.contiguous(a.shape()));
            View rb = tb == null ? b : new View(tb, Layout.contiguous(b.shape()));
            View rc = tc == null ? out : new View(tc, Layout.contiguous(out.shape()));
            gemm(GemmPlan.of(ra.layout(), rb.layout(), rc.layout()), addr(rb), addr(ra), addr(rc), out.dtype());
            if (tc != null) {
                copy(rc, out);
            }
        } finally {
            for (CudaStorage t : new CudaStorage[] {ta, tb, tc}) {
                if (t != null) {
                    t.free();
                }
            }
        }
    }

    private CudaStorage denseCopy(View v) {
        CudaStorage s = (CudaStorage) allocate(v.dtype(), v.numel());
        copy(v, new View(s, Layout.contiguous(v.shape())));
        return s;
    }

    /** Runs a plan; {@code baseA} is cuBLAS's A (our b), {@code baseB} its B (our a). */
    private void gemm(GemmPlan p, long baseA, long baseB, long baseC, DType dtype) {
        makeCurrent();
        int size = dtype.byteSize();
        int opA = p.transA() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = p.transB() ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        boolean f32 = dtype == DType.F32;
        Pointer one = f32 ? Pointer.to(new float[] {1f}) : Pointer.to(new double[] {1.0});
        Pointer zero = f32 ? Pointer.to(new float[] {0f}) : Pointer.to(new double[] {0.0});
        for (int c = 0; c < p.calls(); c++) {
            Pointer pa = DevicePointer.at(baseA + p.offsetsA()[c] * size);
            Pointer pb = DevicePointer.at(baseB + p.offsetsB()[c] * size);
            Pointer pc = DevicePointer.at(baseC + p.offsetsC()[c] * size);
            int status;
            if (KernelProfile.ENABLED) {
                int[] st = {0};
                KernelProfile.around(gemmName(p, f32) + " " + (p.transA() ? "T" : "N") + (p.transB() ? "T" : "N"), stream,
                        () -> st[0] = gemmCall(p, f32, opA, opB, one, zero, pa, pb, pc));
                status = st[0];
            } else {
                status = gemmCall(p, f32, opA, opB, one, zero, pa, pb, pc);
            }
            if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
                CudaException.checkBlas(status, "matmul: " + gemmName(p, f32));
            }
        }
    }

    private int gemmCall(GemmPlan p, boolean f32, int opA, int opB, Pointer one, Pointer zero, Pointer pa, Pointer pb, Pointer pc) {
        if (p.batchCount() == 1) {
            return f32
                    ? JCublas2.cublasSgemm(blas, opA, opB, p.m(), p.n(), p.k(), one, pa, p.lda(), pb, p.ldb(), zero, pc, p.ldc())
                    : JCublas2.cublasDgemm(blas, opA, opB, p.m(), p.n(), p.k(), one, pa, p.lda(), pb, p.ldb(), zero, pc, p.ldc());
        }
        return f32
                ? JCublas2.cublasSgemmStridedBatched(blas, opA, opB, p.m(), p.n(), p.k(), one, pa, p.lda(), p.strideA(),
                        pb, p.ldb(), p.strideB(), zero, pc, p.ldc(), p.strideC(), p.batchCount())
                : JCublas2.cublasDgemmStridedBatched(blas, opA, opB, p.m(), p.n(), p.k(), one, pa, p.lda(), p.strideA(),
                        pb, p.ldb(), p.strideB(), zero, pc, p.ldc(), p.strideC(), p.batchCount());
    }

    private static String gemmName(GemmPlan p, boolean f32) {
        return "cublas" + (f32 ? "S" : "D") + "gemm" + (p.batchCount() == 1 ? "" : "StridedBatched")
                + " m=" + p.m() + " n=" + p.n() + " k=" + p.k() + " batch=" + p.batchCount();
    }

    // ------------------------------------------------------------------ helpers

    private void launch(KernelRef kernel, LaunchGeometry g, KernelArgs args) {
        makeCurrent();
        if (KernelProfile.ENABLED) {   // (the plain path allocates no name and no closure per launch)
            KernelProfile.around(kernel.name() + " mode " + g.mode() + " grid " + g.gridX() + "x" + g.blockX(), stream,
                    () -> launchNow(kernel, g, args));
        } else {
            launchNow(kernel, g, args);
        }
    }

    private void copyNow(long to, long from, long bytes) {
        CudaException.check(cuMemcpyDtoDAsync(DevicePointer.at(to), DevicePointer.at(from), bytes, stream), "copy: cuMemcpyDtoDAsync");
    }

    private void launchNow(KernelRef kernel, LaunchGeometry g, KernelArgs args) {
        int r = cuLaunchKernel(modules.function(kernel), g.gridX(), 1, 1, g.blockX(), 1, 1, 0, stream, args.toPointer(), null);
        if (r != CUresult.CUDA_SUCCESS) {
            CudaException.check(r, "launching " + kernel.name() + " (grid " + g.gridX() + ", block " + g.blockX() + ")");
        }
    }

    /** After coalescing, a dense layout is rank <= 1 with unit stride. */
    private static boolean dense(Layout l) {
        return l.rank() == 0 || (l.rank() == 1 && l.stride(0) == 1);
    }

    private CudaStorage own(Storage s, String op) {
        if (s instanceof CudaStorage c && c.owner() == this) {
            return c;
        }
        throw new IllegalArgumentException(op + ": storage " + s + " does not belong to " + name());
    }

    private long addr(View v) {
        return own(v.storage(), "kernel argument").address();
    }

    private static void requireFloating(DType t, String op) {
        if (!t.isFloating()) {
            throw new IllegalArgumentException(op + " on cuda needs F32 or F64, got " + t);
        }
    }

    /** Host arrays of each dtype, and their off-heap staging for asynchronous uploads. */
    private static final class HostArrays {
        private HostArrays() {
        }

        static long length(Object a, DType t, String op) {
            if (t == DType.F32 && a instanceof float[] f) {
                return f.length;
            }
            if (t == DType.F64 && a instanceof double[] d) {
                return d.length;
            }
            if (t == DType.I32 && a instanceof int[] i) {
                return i.length;
            }
            throw new IllegalArgumentException(op + ": host array " + (a == null ? "null" : a.getClass().getSimpleName())
                    + " does not match dtype " + t);
        }

        static Object allocate(DType t, long n) {
            int len = Math.toIntExact(n);
            return switch (t) {
                case F32 -> new float[len];
                case F64 -> new double[len];
                case I32 -> new int[len];
            };
        }

        static Pointer pointerTo(Object a) {
            if (a instanceof float[] f) {
                return Pointer.to(f);
            }
            if (a instanceof double[] d) {
                return Pointer.to(d);
            }
            return Pointer.to((int[]) a);
        }

        static ByteBuffer toDirectBuffer(Object a) {
            if (a instanceof float[] f) {
                ByteBuffer b = ByteBuffer.allocateDirect(f.length * 4).order(ByteOrder.nativeOrder());
                b.asFloatBuffer().put(f);
                return b;
            }
            if (a instanceof double[] d) {
                ByteBuffer b = ByteBuffer.allocateDirect(d.length * 8).order(ByteOrder.nativeOrder());
                b.asDoubleBuffer().put(d);
                return b;
            }
            int[] i = (int[]) a;
            ByteBuffer b = ByteBuffer.allocateDirect(i.length * 4).order(ByteOrder.nativeOrder());
            b.asIntBuffer().put(i);
            return b;
        }
    }
}
