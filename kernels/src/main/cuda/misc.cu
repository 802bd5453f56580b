// Data movement kernels: fill, strided copy, dtype cast and one-hot. All take full layouts, so
// they serve in-place assignment into strided destinations and reads of transposed/broadcast views.
#include "jgrad.cuh"
#include <limits.h>

// ---------------------------------------------------------------- fill
template <typename T>
__device__ __forceinline__ void fill_impl(long long n, T* out, Lay lo, T v, int contiguous) {
    if (contiguous) {
        T* o = out + lo.off;
        JG_GRID_STRIDE(i, n) { o[i] = v; }
    } else {
        JG_GRID_STRIDE(i, n) { out[jg_at(lo, i)] = v; }
    }
}

// The value arrives as double; I32 takes the host-converted exact int to avoid a second rounding rule.
extern "C" __global__ void fill_f32(long long n, float* out, Lay lo, double v, int contiguous) { fill_impl<float>(n, out, lo, (float)v, contiguous); }
extern "C" __global__ void fill_f64(long long n, double* out, Lay lo, double v, int contiguous) { fill_impl<double>(n, out, lo, v, contiguous); }
extern "C" __global__ void fill_i32(long long n, int* out, Lay lo, int v, int contiguous) { fill_impl<int>(n, out, lo, v, contiguous); }

// ---------------------------------------------------------------- cast
// Floating → I32 follows Java's (int) cast: truncation toward zero, NaN → 0, saturation at the ends.
template <typename D, typename S> __device__ __forceinline__ D jg_convert(S x) { return (D)x; }
template <> __device__ __forceinline__ int jg_convert<int, float>(float x) {
    if (x != x) return 0;
    if (x >= 2147483648.0f) return INT_MAX;
    if (x <= -2147483648.0f) return INT_MIN;
    return (int)x;
}
template <> __device__ __forceinline__ int jg_convert<int, double>(double x) {
    if (x != x) return 0;
    if (x >= 2147483647.0) return INT_MAX;
    if (x <= -2147483648.0) return INT_MIN;
    return (int)x;
}

template <typename S, typename D>
__device__ __forceinline__ void cast_impl(long long n, const S* in, Lay li, D* out, Lay lo, int contiguous) {
    if (contiguous) {
        const S* a = in + li.off;
        D* o = out + lo.off;
        JG_GRID_STRIDE(i, n) { o[i] = jg_convert<D, S>(a[i]); }
    } else {
        JG_GRID_STRIDE(i, n) { out[jg_at(lo, i)] = jg_convert<D, S>(in[jg_at(li, i)]); }
    }
}

// copy_<t> is cast_<t>_<t>: the same code, one name per SPI operation.
#define JG_CAST_KERNEL(NAME, S, D) \
    extern "C" __global__ void NAME(long long n, const S* in, Lay li, D* out, Lay lo, int contiguous) { \
        cast_impl<S, D>(n, in, li, out, lo, contiguous); }

JG_CAST_KERNEL(copy_f32, float, float)
JG_CAST_KERNEL(copy_f64, double, double)
JG_CAST_KERNEL(copy_i32, int, int)
JG_CAST_KERNEL(cast_f32_f64, float, double)
JG_CAST_KERNEL(cast_f32_i32, float, int)
JG_CAST_KERNEL(cast_f64_f32, double, float)
JG_CAST_KERNEL(cast_f64_i32, double, int)
JG_CAST_KERNEL(cast_i32_f32, int, float)
JG_CAST_KERNEL(cast_i32_f64, int, double)

// ---------------------------------------------------------------- one-hot
// out[..., j, ...] = idx[..., 0, ...] == j. `idx` is the indices' layout broadcast to out's shape
// (stride 0 along dim); `inner` is the product of out's sizes after dim, `len` out's size at dim.
template <typename T>
__device__ __forceinline__ void onehot_impl(long long n, const int* idx, Lay li, T* out, Lay lo, long long inner, long long len) {
    JG_GRID_STRIDE(i, n) {
        long long j = (i / inner) % len;
        out[jg_at(lo, i)] = (long long)idx[jg_at(li, i)] == j ? T(1) : T(0);
    }
}

extern "C" __global__ void onehot_f32(long long n, const int* idx, Lay li, float* out, Lay lo, long long inner, long long len) {
    onehot_impl<float>(n, idx, li, out, lo, inner, len);
}
extern "C" __global__ void onehot_f64(long long n, const int* idx, Lay li, double* out, Lay lo, long long inner, long long len) {
    onehot_impl<double>(n, idx, li, out, lo, inner, len);
}
