package dev.jgrad.cuda;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;

/**
 * A CUDA driver or cuBLAS call failed. The message names the jgrad operation, the call and the
 * status. Errors of asynchronous kernels surface at the next synchronizing call (a host read).
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }

    /** Throws unless a driver call returned CUDA_SUCCESS. */
    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaException(what + " failed: " + CUresult.stringFor(result) + " (" + result + ")");
        }
    }

    /** Throws unless a cuBLAS call returned CUBLAS_STATUS_SUCCESS. */
    static void checkBlas(int status, String what) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(what + " failed: " + cublasStatus.stringFor(status) + " (" + status + ")");
        }
    }
}
