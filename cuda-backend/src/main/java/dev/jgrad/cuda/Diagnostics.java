package dev.jgrad.cuda;

import java.io.PrintStream;

/**
 * Prints what jgrad sees of CUDA on this machine and whether it can use it. Always exits 0: on a
 * machine without a GPU it says why.
 *
 * <pre>
 * java -cp jgrad-core.jar:jgrad-kernels.jar:jgrad-cuda.jar:jcuda-*.jar:jcublas-*.jar dev.jgrad.cuda.Diagnostics
 * </pre>
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    public static void main(String[] args) {
        print(System.out);
    }

    /** The report, one fact per line. */
    public static void print(PrintStream out) {
        out.println("jgrad CUDA diagnostics");
        out.println("  java:            " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        out.println("  os/arch:         " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        out.println("  JCuda:           " + jcudaVersion());
        out.println("  LD_LIBRARY_PATH: " + String.valueOf(System.getenv("LD_LIBRARY_PATH")));
        CudaProbe.Result r = CudaProbe.result();
        out.println("  driver (CUDA):   " + CudaProbe.versionText(r.driverVersion()));
        out.println("  cuBLAS:          " + (r.cublasVersion() < 0 ? "unknown" : String.valueOf(r.cublasVersion())));
        if (r.gpus().isEmpty()) {
            out.println("  GPUs:            none found");
        }
        for (CudaProbe.Gpu g : r.gpus()) {
            out.printf("  GPU %d:           %s, %.1f GiB, compute capability %d.%d, %d SMs%n", g.ordinal(), g.name(),
                    g.totalBytes() / (double) (1L << 30), g.ccMajor(), g.ccMinor(), g.multiprocessors());
            out.println("  kernels:         " + (dev.jgrad.kernels.KernelSources.Module.MISC.cubin(g.ccMajor(), g.ccMinor()).isPresent()
                    ? "shipped machine code (cubin) for this GPU"
                    : "PTX, JIT-compiled by the driver on first use (seconds; the driver caches it on disk)"));
        }
        out.println("  TF32 GEMM:       " + (Boolean.getBoolean("jgrad.cuda.tf32") ? "on" : "off")
                + " (-Djgrad.cuda.tf32=true to allow)");
        out.println(r.reason() == null
                ? "  usable:          yes, " + r.gpus().size() + " GPU(s)"
                : "  usable:          no. " + r.reason());
    }

    private static String jcudaVersion() {
        try {
            Package p = jcuda.driver.JCudaDriver.class.getPackage();
            String v = p == null ? null : p.getImplementationVersion();
            return v != null ? v : "12.6.0 (bindings for CUDA " + CudaProbe.versionText(jcuda.driver.JCudaDriver.CUDA_VERSION) + ")";
        } catch (Throwable t) {   // JCudaDriver's static initializer may fail without a driver
            return "12.6.0 (driver binding not loadable)";
        }
    }
}
