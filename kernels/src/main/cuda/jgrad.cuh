// Shared definitions of jgrad's kernels: the layout passed by value to every strided kernel,
// 64-bit index arithmetic, grid-stride loops, vector packs and per-dtype math overloads.
// The host side (dev.jgrad.cuda.KernelLayout) packs a Layout into exactly this struct:
// 18 little-endian int64 values {rank, offset, shape[8], stride[8]}.
#pragma once

#define JG_MAX_RANK 8

struct Lay {
    long long rank;
    long long off;
    long long shape[JG_MAX_RANK];
    long long stride[JG_MAX_RANK];
};

// Storage index of the element at row-major position i of the layout's shape.
__device__ __forceinline__ long long jg_at(const Lay& L, long long i) {
    // Rank 1 is what coalescing leaves of any dense walk: no division (a 64-bit one per element and
    // dim made a row sum compute-bound: 32% of copy bandwidth on an H100)
    if (L.rank == 1) return L.off + i * L.stride[0];
    long long idx = L.off;
    if (L.rank == 0) return idx;
    for (int d = (int)L.rank - 1; d >= 1; --d) {
        long long s = L.shape[d];
        long long q = i / s;
        idx += (i - q * s) * L.stride[d];
        i = q;
    }
    return idx + i * L.stride[0];   // i < shape[0] here (positions are below numel): no division
}

// Storage indices in layouts a, b, c of one shape (what KernelLayout.coalesce returns) at row-major
// position i: the position is split into per-dim indices once, not once per layout.
__device__ __forceinline__ void jg_at3(const Lay& a, const Lay& b, const Lay& c, long long i,
                                       long long& ia, long long& ib, long long& ic) {
    ia = a.off;
    ib = b.off;
    ic = c.off;
    if (c.rank == 0) return;
    for (int d = (int)c.rank - 1; d >= 1; --d) {
        long long s = c.shape[d];
        long long q = i / s;
        long long r = i - q * s;
        ia += r * a.stride[d];
        ib += r * b.stride[d];
        ic += r * c.stride[d];
        i = q;
    }
    ia += i * a.stride[0];   // the outermost index needs no division
    ib += i * b.stride[0];
    ic += i * c.stride[0];
}

// 64-bit grid-stride loop: correct for any n with any grid size the host picked.
#define JG_GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// 16 bytes of T: lets the compiler emit ld.global.v4 / v2 on the contiguous fast path.
template <typename T>
struct alignas(16) Pack {
    static const int N = 16 / sizeof(T);
    T v[N];
};

__device__ __forceinline__ bool jg_aligned16(const void* p) {
    return (reinterpret_cast<unsigned long long>(p) & 15ull) == 0;
}

// Math overloads so templates pick the float or double function explicitly
// (never the float value promoted to a double call).
__device__ __forceinline__ float jg_exp(float x) { return expf(x); }
__device__ __forceinline__ double jg_exp(double x) { return exp(x); }
__device__ __forceinline__ float jg_expm1(float x) { return expm1f(x); }
__device__ __forceinline__ double jg_expm1(double x) { return expm1(x); }
__device__ __forceinline__ float jg_log(float x) { return logf(x); }
__device__ __forceinline__ double jg_log(double x) { return log(x); }
__device__ __forceinline__ float jg_log1p(float x) { return log1pf(x); }
__device__ __forceinline__ double jg_log1p(double x) { return log1p(x); }
__device__ __forceinline__ float jg_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double jg_sqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float jg_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double jg_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float jg_abs(float x) { return fabsf(x); }
__device__ __forceinline__ double jg_abs(double x) { return fabs(x); }
__device__ __forceinline__ float jg_pow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double jg_pow(double x, double y) { return pow(x, y); }
__device__ __forceinline__ bool jg_isnan(float x) { return x != x; }
__device__ __forceinline__ bool jg_isnan(double x) { return x != x; }
__device__ __forceinline__ bool jg_isnan(int) { return false; }

template <typename T> __device__ __forceinline__ T jg_nan();
template <> __device__ __forceinline__ float jg_nan<float>() { return __int_as_float(0x7fc00000); }
template <> __device__ __forceinline__ double jg_nan<double>() { return __longlong_as_double(0x7ff8000000000000ll); }

// Java's Math.max/Math.min: NaN wins, and +0.0 > -0.0.
template <typename T> __device__ __forceinline__ T jg_max(T a, T b) {
    if (jg_isnan(a)) return a;
    if (jg_isnan(b)) return b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}
template <typename T> __device__ __forceinline__ T jg_min(T a, T b) {
    if (jg_isnan(a)) return a;
    if (jg_isnan(b)) return b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}
template <> __device__ __forceinline__ int jg_max<int>(int a, int b) { return a > b ? a : b; }
template <> __device__ __forceinline__ int jg_min<int>(int a, int b) { return a < b ? a : b; }

// Warp-level sum/max/min trees: fixed shuffle order, so results are bitwise reproducible.
template <typename T, typename Op>
__device__ __forceinline__ T jg_warp_reduce(T v) {
    for (int off = 16; off > 0; off >>= 1) {
        v = Op::combine(v, __shfl_down_sync(0xffffffffu, v, off));
    }
    return v;
}

// Block tree over warps (blockDim.x a multiple of 32, at most 1024). Thread 0 gets the result.
template <typename T, typename Op>
__device__ __forceinline__ T jg_block_reduce(T v) {
    __shared__ T partial[32];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = jg_warp_reduce<T, Op>(v);
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    if (warp == 0) {
        v = lane < warps ? partial[lane] : Op::template identity<T>();
        v = jg_warp_reduce<T, Op>(v);
    }
    __syncthreads();   // partial[] is reused by the next call
    return v;
}
