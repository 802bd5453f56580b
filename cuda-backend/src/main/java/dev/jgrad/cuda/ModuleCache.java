package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.jgrad.kernels.KernelSources.Module;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * PTX modules loaded on first use (the driver JIT-compiles each for the GPU once) and the functions
 * looked up in them, both cached for the backend's lifetime. Call with the context current.
 */
final class ModuleCache {
    private final Map<Module, CUmodule> modules = new EnumMap<>(Module.class);
    private final Map<String, CUfunction> functions = new HashMap<>();

    synchronized CUfunction function(KernelRef ref) {
        CUfunction f = functions.get(ref.name());
        if (f != null) {
            return f;
        }
        CUmodule m = modules.get(ref.module());
        if (m == null) {
            m = new CUmodule();
            CudaException.check(cuModuleLoadData(m, ref.module().ptx()),
                    "loading PTX module " + ref.module().fileName() + ".ptx (JIT for this GPU)");
            modules.put(ref.module(), m);
        }
        f = new CUfunction();
        CudaException.check(cuModuleGetFunction(f, m, ref.name()), "finding kernel " + ref.name());
        functions.put(ref.name(), f);
        return f;
    }
}
