package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.jgrad.kernels.KernelSources.Module;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * Kernel modules loaded on first use and the functions looked up in them, both cached for the
 * backend's lifetime. Call with the context current.
 *
 * <p>A module is loaded from the shipped cubin for the GPU's generation when there is one (machine
 * code: loads in milliseconds), else from the PTX, which the driver JIT-compiles (measured: ~14 s for
 * all modules on a fresh H100 machine, the driver's disk cache aside). A cubin the driver refuses
 * (e.g. one newer than the driver understands) falls back to the PTX; {@code -Djgrad.cuda.jit=true}
 * always loads the PTX (to rule the shipped machine code out when chasing a problem).
 */
final class ModuleCache {
    private static final Logger LOG = Logger.getLogger(ModuleCache.class.getName());
    private static final boolean ALWAYS_JIT = Boolean.getBoolean("jgrad.cuda.jit");
    private final Map<Module, CUmodule> modules = new EnumMap<>(Module.class);
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final int ccMajor;
    private final int ccMinor;

    /** For a GPU of compute capability {@code ccMajor.ccMinor}. */
    ModuleCache(int ccMajor, int ccMinor) {
        this.ccMajor = ccMajor;
        this.ccMinor = ccMinor;
    }

    synchronized CUfunction function(KernelRef ref) {
        CUfunction f = functions.get(ref.name());
        if (f != null) {
            return f;
        }
        CUmodule m = modules.get(ref.module());
        if (m == null) {
            m = load(ref.module());
            modules.put(ref.module(), m);
        }
        f = new CUfunction();
        CudaException.check(cuModuleGetFunction(f, m, ref.name()), "finding kernel " + ref.name());
        functions.put(ref.name(), f);
        return f;
    }

    private CUmodule load(Module module) {
        CUmodule m = new CUmodule();
        Optional<byte[]> cubin = ALWAYS_JIT ? Optional.empty() : module.cubin(ccMajor, ccMinor);
        if (cubin.isPresent()) {
            int r = cuModuleLoadData(m, cubin.get());
            if (r == CUresult.CUDA_SUCCESS) {
                return m;
            }
            LOG.info(() -> "jgrad: the driver refused the " + module.fileName() + " cubin for compute capability " + ccMajor + "."
                    + ccMinor + " (" + CUresult.stringFor(r) + "); JIT-compiling its PTX instead");
        }
        CudaException.check(cuModuleLoadData(m, module.ptx()),
                "loading PTX module " + module.fileName() + ".ptx (JIT for this GPU)");
        return m;
    }
}
