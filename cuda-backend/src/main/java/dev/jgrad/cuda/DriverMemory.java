package dev.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import jcuda.driver.CUresult;

/** {@link DeviceMemory} from the CUDA driver (the backend's context must be current). */
final class DriverMemory implements DeviceMemory {
    private final Runnable makeCurrent;

    DriverMemory(Runnable makeCurrent) {
        this.makeCurrent = makeCurrent;
    }

    @Override
    public long alloc(long bytes) {
        makeCurrent.run();
        DevicePointer p = new DevicePointer();
        int r = cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            return 0;
        }
        CudaException.check(r, "cuMemAlloc(" + bytes + " bytes)");
        return p.address();
    }

    @Override
    public void free(long address) {
        makeCurrent.run();
        CudaException.check(cuMemFree(DevicePointer.at(address)), "cuMemFree");
    }
}
