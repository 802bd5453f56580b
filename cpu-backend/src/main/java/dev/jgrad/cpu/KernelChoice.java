package dev.jgrad.cpu;

/**
 * Picks the {@link CpuKernels} once per JVM (Lucene's pattern for the incubating Vector API): the SIMD
 * implementation when the {@code jdk.incubator.vector} module is in the boot layer (the JVM was started
 * with {@code --add-modules jdk.incubator.vector}) and {@code -Djgrad.cpu.simd=false} is not set, else the
 * scalar one, logging once at INFO how to enable SIMD. The SIMD class is only ever named as a string here,
 * so this package loads and runs on JDK 17+ without the module.
 */
final class KernelChoice {
    /** System property: {@code false} forces the scalar kernels even when the Vector API is available. */
    static final String PROPERTY = "jgrad.cpu.simd";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String SIMD_CLASS = "dev.jgrad.cpu.SimdKernels";
    private static final System.Logger LOG = System.getLogger("dev.jgrad.cpu");

    private static final CpuKernels DEFAULT = choose();

    private KernelChoice() {
    }

    /** The kernels every {@link CpuBackend} uses unless told otherwise. */
    static CpuKernels defaultKernels() {
        return DEFAULT;
    }

    /** The SIMD kernels if this JVM can run them (whatever the property says), else null. */
    static CpuKernels simdOrNull() {
        return DEFAULT.vectorized() ? DEFAULT : loadSimd(false);
    }

    static boolean moduleReadable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static CpuKernels choose() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            LOG.log(System.Logger.Level.INFO, "jgrad cpu backend: SIMD kernels disabled by -D" + PROPERTY + "=false");
            return ScalarKernels.INSTANCE;
        }
        CpuKernels simd = loadSimd(true);
        return simd != null ? simd : ScalarKernels.INSTANCE;
    }

    private static CpuKernels loadSimd(boolean log) {
        if (!moduleReadable()) {
            if (log) {
                LOG.log(System.Logger.Level.INFO, "jgrad cpu backend: using scalar kernels; start the JVM with"
                        + " --add-modules " + VECTOR_MODULE + " for the SIMD (Vector API) kernels, several times faster"
                        + " for matmul");
            }
            return null;
        }
        try {
            CpuKernels k = (CpuKernels) Class.forName(SIMD_CLASS).getDeclaredConstructor().newInstance();
            if (log) {
                LOG.log(System.Logger.Level.DEBUG, "jgrad cpu backend: " + k.description());
            }
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (log) {
                LOG.log(System.Logger.Level.WARNING, "jgrad cpu backend: SIMD kernels failed to load, using scalar ones: "
                        + e);
            }
            return null;
        }
    }
}
