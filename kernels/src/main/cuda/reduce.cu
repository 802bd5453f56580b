// Reductions along any set of dims, and argmax along one dim. Layouts are arbitrary strided, so the
// host splits the input into two layouts over the same storage:
//   kept: the output's index space (reduced dims removed or set to 1) with the input's strides,
//   red:  the reduced dims with the input's strides (offset 0),
// and element (o, r) lives at in[jg_at(kept, o) + jg_at(red, r)].
// Accumulation order depends only on the sizes and the block size the host picks (a pure function
// of the sizes), never on timing: no atomics, so results are bitwise reproducible.
//   mode 0: one block per output element, threads stride over r, then a shuffle/shared tree;
//   mode 1: one thread per output element walking r in order (short reductions);
//   mode 2: columns, for outer reductions (neighbouring outputs read neighbouring addresses): warp
//           lanes own 32 adjacent outputs, the block's warps split r, fixed-order combine.
#include "jgrad.cuh"
#include <limits.h>

struct RSum {
    template <typename T> __device__ __forceinline__ static T identity() { return T(0); }
    template <typename T> __device__ __forceinline__ static T combine(T a, T b) { return a + b; }
    __device__ __forceinline__ static int combine(int a, int b) { return (int)((unsigned)a + (unsigned)b); }
};
struct RMax {
    template <typename T> __device__ __forceinline__ static T identity() { return -T(1) / T(0); }
    template <typename T> __device__ __forceinline__ static T combine(T a, T b) { return jg_max(a, b); }
};
struct RMin {
    template <typename T> __device__ __forceinline__ static T identity() { return T(1) / T(0); }
    template <typename T> __device__ __forceinline__ static T combine(T a, T b) { return jg_min(a, b); }
};
template <> __device__ __forceinline__ int RMax::identity<int>() { return INT_MIN; }
template <> __device__ __forceinline__ int RMin::identity<int>() { return INT_MAX; }

// A is the accumulator type: double for F32 sums (as the CPU reference does: far more accurate, and
// a reduction is memory-bound anyway), T otherwise.
// mode (LaunchGeometry): 0 one block per output, 1 one thread per output, 2 columns (below).
template <typename T, typename A, typename Op>
__device__ __forceinline__ void reduce_impl(long long nOut, long long nRed, const T* in, Lay kept, Lay red,
                                            T* out, Lay lo, int mode) {
    if (mode == 1) {
        JG_GRID_STRIDE(o, nOut) {
            long long base = jg_at(kept, o);
            A acc = Op::template identity<A>();
            for (long long r = 0; r < nRed; ++r) acc = Op::combine(acc, (A)in[base + jg_at(red, r)]);
            out[jg_at(lo, o)] = (T)acc;
        }
        return;
    }
    if (mode == 2) {
        // Columns: adjacent outputs. Lane l of every warp owns output o0 + l (a warp's loads are
        // neighbouring addresses); warp w sums r = w, w + warps, ... in order; then warp 0 adds the
        // warps' sums in warp order. The order is a function of nRed and the block size alone.
        __shared__ A partial[32][33];
        int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
        for (long long o0 = (long long)blockIdx.x * 32; o0 < nOut; o0 += (long long)gridDim.x * 32) {
            long long o = o0 + lane;
            A acc = Op::template identity<A>();
            if (o < nOut) {
                long long base = jg_at(kept, o);
                long long r = warp;
                // four loads in flight per thread, combined in the same order as one at a time
                for (; r + 3 * warps < nRed; r += 4 * warps) {
                    T x0 = in[base + jg_at(red, r)];
                    T x1 = in[base + jg_at(red, r + warps)];
                    T x2 = in[base + jg_at(red, r + 2 * warps)];
                    T x3 = in[base + jg_at(red, r + 3 * warps)];
                    acc = Op::combine(Op::combine(Op::combine(Op::combine(acc, (A)x0), (A)x1), (A)x2), (A)x3);
                }
                for (; r < nRed; r += warps) acc = Op::combine(acc, (A)in[base + jg_at(red, r)]);
            }
            partial[warp][lane] = acc;
            __syncthreads();
            if (warp == 0 && o < nOut) {
                A s = partial[0][lane];
                for (int w = 1; w < warps; ++w) s = Op::combine(s, partial[w][lane]);
                out[jg_at(lo, o)] = (T)s;
            }
            __syncthreads();   // partial[] is rewritten for the next group of outputs
        }
        return;
    }
    // mode 0: one block per output
    const bool unitStride = red.rank == 1 && red.stride[0] == 1;
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        long long base = jg_at(kept, o);
        A acc = Op::template identity<A>();
        const T* row = in + base;
        if (unitStride && jg_aligned16(row)) {
            // A contiguous row (a sum over the last dim): 16-byte loads, two packs in flight per
            // thread. Which thread adds which element still depends only on nRed and the block size.
            const int V = Pack<T>::N;
            const Pack<T>* packs = reinterpret_cast<const Pack<T>*>(row);
            long long nv = nRed / V;
            A acc2 = Op::template identity<A>();
            long long i = threadIdx.x;
            for (; i + blockDim.x < nv; i += 2 * (long long)blockDim.x) {
                Pack<T> x = packs[i];
                Pack<T> y = packs[i + blockDim.x];
#pragma unroll
                for (int j = 0; j < V; ++j) {
                    acc = Op::combine(acc, (A)x.v[j]);
                    acc2 = Op::combine(acc2, (A)y.v[j]);
                }
            }
            if (i < nv) {
                Pack<T> x = packs[i];
#pragma unroll
                for (int j = 0; j < V; ++j) acc = Op::combine(acc, (A)x.v[j]);
            }
            acc = Op::combine(acc, acc2);
            for (long long r = nv * V + threadIdx.x; r < nRed; r += blockDim.x) acc = Op::combine(acc, (A)row[r]);
        } else {
            for (long long r = threadIdx.x; r < nRed; r += blockDim.x) acc = Op::combine(acc, (A)in[base + jg_at(red, r)]);
        }
        acc = jg_block_reduce<A, Op>(acc);
        if (threadIdx.x == 0) out[jg_at(lo, o)] = (T)acc;
    }
}

#define JG_REDUCE_KERNEL(STEM, SUFFIX, T, A, OP) \
    extern "C" __global__ void STEM##_##SUFFIX(long long nOut, long long nRed, const T* in, Lay kept, Lay red, \
                                               T* out, Lay lo, int mode) { \
        reduce_impl<T, A, OP>(nOut, nRed, in, kept, red, out, lo, mode); }
#define JG_REDUCE_ALL(STEM, OP, F32ACC) \
    JG_REDUCE_KERNEL(STEM, f32, float, F32ACC, OP) JG_REDUCE_KERNEL(STEM, f64, double, double, OP) \
    JG_REDUCE_KERNEL(STEM, i32, int, int, OP)

JG_REDUCE_ALL(sum, RSum, double)
JG_REDUCE_ALL(max, RMax, float)
JG_REDUCE_ALL(min, RMin, float)

// ---------------------------------------------------------------- argmax
// A candidate (value, index). The better one: NaN beats numbers (first NaN wins), larger beats
// smaller, and on ties the smaller index wins, so the answer is the first maximum whatever the tree.
template <typename T>
struct Cand {
    T v;
    long long i;
};

template <typename T>
__device__ __forceinline__ Cand<T> better(Cand<T> a, Cand<T> b) {
    if (b.i < 0) return a;
    if (a.i < 0) return b;
    bool an = jg_isnan(a.v), bn = jg_isnan(b.v);
    if (an != bn) return an ? a : b;
    if (!an && a.v != b.v) return a.v > b.v ? a : b;
    return a.i <= b.i ? a : b;
}

template <typename T>
__device__ __forceinline__ Cand<T> warp_best(Cand<T> c) {
    for (int off = 16; off > 0; off >>= 1) {
        Cand<T> o;
        o.v = __shfl_down_sync(0xffffffffu, c.v, off);
        o.i = __shfl_down_sync(0xffffffffu, c.i, off);
        c = better(c, o);
    }
    return c;
}

template <typename T>
__device__ __forceinline__ void argmax_impl(long long nOut, long long nRed, const T* in, Lay kept, long long redStride,
                                            int* out, Lay lo, int per_thread) {
    if (per_thread) {
        JG_GRID_STRIDE(o, nOut) {
            long long base = jg_at(kept, o);
            Cand<T> best = {T(0), -1};
            for (long long r = 0; r < nRed; ++r) best = better(best, Cand<T>{in[base + r * redStride], r});
            out[jg_at(lo, o)] = (int)(best.i < 0 ? 0 : best.i);
        }
        return;
    }
    __shared__ T sv[32];
    __shared__ long long si[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        long long base = jg_at(kept, o);
        Cand<T> best = {T(0), -1};
        for (long long r = threadIdx.x; r < nRed; r += blockDim.x) best = better(best, Cand<T>{in[base + r * redStride], r});
        best = warp_best(best);
        if (lane == 0) { sv[warp] = best.v; si[warp] = best.i; }
        __syncthreads();
        if (warp == 0) {
            Cand<T> c = {T(0), -1};
            if (lane < warps) { c.v = sv[lane]; c.i = si[lane]; }
            c = warp_best(c);
            if (lane == 0) out[jg_at(lo, o)] = (int)(c.i < 0 ? 0 : c.i);
        }
        __syncthreads();
    }
}

#define JG_ARGMAX_KERNEL(SUFFIX, T) \
    extern "C" __global__ void argmax_##SUFFIX(long long nOut, long long nRed, const T* in, Lay kept, long long redStride, \
                                               int* out, Lay lo, int per_thread) { \
        argmax_impl<T>(nOut, nRed, in, kept, redStride, out, lo, per_thread); }

JG_ARGMAX_KERNEL(f32, float)
JG_ARGMAX_KERNEL(f64, double)
JG_ARGMAX_KERNEL(i32, int)
