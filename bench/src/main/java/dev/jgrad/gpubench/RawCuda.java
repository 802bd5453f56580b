package dev.jgrad.gpubench;

import dev.jgrad.DType;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;

/**
 * The GPU without jgrad: the ceilings and the raw-cuBLAS peer that jgrad's numbers are set beside.
 * Uses the device's primary context, the one jgrad's CUDA backend uses, so {@link #sync()}
 * ({@code cuCtxSynchronize}) also waits for jgrad's stream. Every status is checked.
 *
 * <pre>{@code
 * try (RawCuda cuda = RawCuda.open(0, false)) {
 *     CUdeviceptr a = cuda.alloc(bytes), b = cuda.alloc(bytes);
 *     cuda.copy(b, a, bytes);
 *     cuda.sync();
 * }
 * }</pre>
 */
final class RawCuda implements AutoCloseable {
    private final CUcontext context = new CUcontext();
    private final cublasHandle blas = new cublasHandle();
    private boolean blasOpen;
    private final boolean tf32;

    private RawCuda(int ordinal, boolean tf32) {
        this.tf32 = tf32;
        JCudaDriver.setExceptionsEnabled(false);
        JCublas2.setExceptionsEnabled(false);
        check(JCudaDriver.cuInit(0), "cuInit");
        CUdevice dev = new CUdevice();
        check(JCudaDriver.cuDeviceGet(dev, ordinal), "cuDeviceGet");
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
    }

    /** The primary context of GPU {@code ordinal}; {@code tf32} sets the math mode of {@link #gemm}. */
    static RawCuda open(int ordinal, boolean tf32) {
        return new RawCuda(ordinal, tf32);
    }

    /** jgrad may run on another thread's context state; re-bind before raw calls. */
    void makeCurrent() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Waits for everything queued in the context, jgrad's stream included. */
    void sync() {
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        check(JCudaDriver.cuMemAlloc(p, bytes), "cuMemAlloc(" + bytes + " bytes)");
        return p;
    }

    void free(CUdeviceptr p) {
        if (p != null) {
            check(JCudaDriver.cuMemFree(p), "cuMemFree");
        }
    }

    /** Device-to-device copy on the default stream (asynchronous to the host: time it between syncs). */
    void copy(CUdeviceptr dst, CUdeviceptr src, long bytes) {
        check(JCudaDriver.cuMemcpyDtoDAsync(dst, src, bytes, new CUstream()), "cuMemcpyDtoDAsync");
    }

    /** Uploads a float[] or double[]. */
    void upload(CUdeviceptr dst, Object host) {
        if (host instanceof float[] f) {
            check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(f), (long) f.length * Sizeof.FLOAT), "cuMemcpyHtoD");
        } else {
            double[] d = (double[]) host;
            check(JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(d), (long) d.length * Sizeof.DOUBLE), "cuMemcpyHtoD");
        }
    }

    /** Downloads into a float[] or double[] of the right length. */
    void download(Object host, CUdeviceptr src) {
        if (host instanceof float[] f) {
            check(JCudaDriver.cuMemcpyDtoH(Pointer.to(f), src, (long) f.length * Sizeof.FLOAT), "cuMemcpyDtoH");
        } else {
            double[] d = (double[]) host;
            check(JCudaDriver.cuMemcpyDtoH(Pointer.to(d), src, (long) d.length * Sizeof.DOUBLE), "cuMemcpyDtoH");
        }
    }

    /**
     * Row-major {@code C = A·B} for square n×n matrices, called the way a column-major library must
     * be called for that ({@code Cᵀ = Bᵀ·Aᵀ}: B first, no transposes): what jgrad's backend does too,
     * so the two results can be compared element for element.
     */
    void gemm(DType dtype, int n, CUdeviceptr a, CUdeviceptr b, CUdeviceptr c) {
        openBlas();
        int op = cublasOperation.CUBLAS_OP_N;
        int s;
        if (dtype == DType.F32) {
            s = JCublas2.cublasSgemm(blas, op, op, n, n, n, Pointer.to(new float[] {1f}), b, n, a, n,
                    Pointer.to(new float[] {0f}), c, n);
        } else if (dtype == DType.F64) {
            s = JCublas2.cublasDgemm(blas, op, op, n, n, n, Pointer.to(new double[] {1}), b, n, a, n,
                    Pointer.to(new double[] {0}), c, n);
        } else {
            throw new IllegalArgumentException("RawCuda.gemm: dtype must be F32 or F64, got " + dtype);
        }
        checkBlas(s, "cublas" + (dtype == DType.F32 ? "S" : "D") + "gemm(n=" + n + ")");
    }

    /** cuBLAS's version as it reports it (e.g. 130000 through the cublas12-compat shim). */
    int blasVersion() {
        openBlas();
        int[] v = {-1};
        checkBlas(JCublas2.cublasGetVersion(blas, v), "cublasGetVersion");
        return v[0];
    }

    private void openBlas() {
        if (!blasOpen) {
            checkBlas(JCublas2.cublasCreate(blas), "cublasCreate");
            blasOpen = true;
            checkBlas(JCublas2.cublasSetMathMode(blas, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH
                    : cublasMath.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        }
    }

    @Override
    public void close() {
        if (blasOpen) {
            JCublas2.cublasDestroy(blas);
            blasOpen = false;
        }
    }

    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + CUresult.stringFor(result));
        }
    }

    private static void checkBlas(int status, String what) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + cublasStatus.stringFor(status));
        }
    }
}
