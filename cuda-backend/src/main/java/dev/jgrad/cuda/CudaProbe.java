package dev.jgrad.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/**
 * Finds out, once per process, whether CUDA can be used: the driver library loads, a GPU is there
 * and new enough for our PTX, and cuBLAS loads and opens a handle. Every step is guarded so that a
 * missing native library becomes a sentence, never an {@link UnsatisfiedLinkError} or
 * {@link NoClassDefFoundError} reaching the caller (a class whose static initializer failed to load
 * its JNI library is unusable for the rest of the process, hence the cache).
 */
final class CudaProbe {
    /** Our PTX targets compute_75. */
    static final int MIN_CC = 75;

    /** One GPU as the driver describes it. */
    record Gpu(int ordinal, String name, long totalBytes, int ccMajor, int ccMinor, int multiprocessors) {
        int cc() {
            return ccMajor * 10 + ccMinor;
        }
    }

    /**
     * @param reason        null when usable, else one sentence starting "CUDA unavailable: "
     * @param driverVersion e.g. 12080 for 12.8; -1 when the driver could not be asked
     * @param cublasVersion e.g. 120603; -1 when unknown
     */
    record Result(String reason, int driverVersion, int cublasVersion, List<Gpu> gpus) {
        int deviceCount() {
            return reason == null ? gpus.size() : 0;
        }
    }

    private static volatile Result cached;

    private CudaProbe() {
    }

    static Result result() {
        Result r = cached;
        if (r == null) {
            synchronized (CudaProbe.class) {
                r = cached;
                if (r == null) {
                    r = runGuarded();
                    cached = r;
                }
            }
        }
        return r;
    }

    private static Result runGuarded() {
        try {
            return run();
        } catch (Throwable t) {   // deliberately everything: the probe must never throw
            return new Result("CUDA unavailable: probing the driver failed: " + firstLine(t), -1, -1, List.of());
        }
    }

    private static Result run() {
        try {
            JCudaDriver.setExceptionsEnabled(false);
        } catch (Throwable t) {
            return fail(explainDriverLoad(t), -1, List.of());
        }
        int init = JCudaDriver.cuInit(0);
        int[] version = {-1};
        JCudaDriver.cuDriverGetVersion(version);
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            return fail("CUDA unavailable: no CUDA-capable GPU found (cuInit: CUDA_ERROR_NO_DEVICE)", version[0], List.of());
        }
        if (init == CUresult.CUDA_ERROR_STUB_LIBRARY) {
            return fail("CUDA unavailable: the libcuda.so.1 found is the toolkit's stub, not an NVIDIA driver",
                    version[0], List.of());
        }
        if (init != CUresult.CUDA_SUCCESS) {
            return fail("CUDA unavailable: cuInit failed with " + CUresult.stringFor(init), version[0], List.of());
        }
        int[] count = {0};
        int r = JCudaDriver.cuDeviceGetCount(count);
        if (r != CUresult.CUDA_SUCCESS || count[0] == 0) {
            return fail("CUDA unavailable: no CUDA-capable GPU found (cuDeviceGetCount: "
                    + (r == CUresult.CUDA_SUCCESS ? "0" : CUresult.stringFor(r)) + ")", version[0], List.of());
        }
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            gpus.add(describe(i));
        }
        Gpu first = gpus.get(0);
        if (first.cc() < MIN_CC) {
            return fail("CUDA unavailable: " + first.name() + " has compute capability " + first.ccMajor() + "."
                    + first.ccMinor() + "; jgrad's kernels need 7.5 or newer", version[0], gpus);
        }
        int[] blas = {-1};
        String blasProblem = probeCublas(blas);
        if (blasProblem != null) {
            return new Result(blasProblem, version[0], -1, gpus);
        }
        return new Result(null, version[0], blas[0], List.copyOf(gpus));
    }

    private static Gpu describe(int ordinal) {
        CUdevice dev = new CUdevice();
        JCudaDriver.cuDeviceGet(dev, ordinal);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, dev);
        long[] mem = {0};
        JCudaDriver.cuDeviceTotalMem(mem, dev);
        return new Gpu(ordinal, cString(name), mem[0], attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(dev, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                attribute(dev, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT));
    }

    static int attribute(CUdevice dev, int attribute) {
        int[] v = {0};
        JCudaDriver.cuDeviceGetAttribute(v, attribute, dev);
        return v[0];
    }

    /** Null when cuBLAS loads and a handle opens on GPU 0; else the reason. */
    private static String probeCublas(int[] versionOut) {
        try {
            JCublas2.setExceptionsEnabled(false);
        } catch (Throwable t) {
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("libcublas.so")) {
                return "CUDA unavailable: cuBLAS 12 (libcublas.so.12) not found; JCublas " + "12.6 needs it"
                        + " (on a CUDA-13-only machine put the cublas12-compat shim on LD_LIBRARY_PATH)";
            }
            return "CUDA unavailable: JCublas failed to load: " + firstLine(t);
        }
        CUdevice dev = new CUdevice();
        JCudaDriver.cuDeviceGet(dev, 0);
        CUcontext ctx = new CUcontext();
        int r = JCudaDriver.cuDevicePrimaryCtxRetain(ctx, dev);
        if (r != CUresult.CUDA_SUCCESS) {
            return "CUDA unavailable: cannot create a context on GPU 0: " + CUresult.stringFor(r);
        }
        JCudaDriver.cuCtxSetCurrent(ctx);
        cublasHandle h = new cublasHandle();
        int s = JCublas2.cublasCreate(h);
        if (s != 0) {
            return "CUDA unavailable: cublasCreate failed with " + jcuda.jcublas.cublasStatus.stringFor(s);
        }
        JCublas2.cublasGetVersion(h, versionOut);
        JCublas2.cublasDestroy(h);
        return null;
    }

    private static String explainDriverLoad(Throwable t) {
        String msg = String.valueOf(t.getMessage());
        if (msg.contains("libcuda.so")) {
            return "CUDA unavailable: libcuda.so.1 not found (no NVIDIA driver)";
        }
        return "CUDA unavailable: JCuda's driver binding failed to load: " + firstLine(t);
    }

    private static Result fail(String reason, int driverVersion, List<Gpu> gpus) {
        return new Result(reason, driverVersion, -1, List.copyOf(gpus));
    }

    static String versionText(int v) {
        return v < 0 ? "unknown" : (v / 1000) + "." + (v % 1000) / 10;
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
