// Row-wise softmax family along one dim of an arbitrary strided layout. A "row" is every element
// that differs only in that dim: the host passes `rows` (the layout with that dim set to size 1)
// and the dim's stride and length. One block per row; each thread keeps an online (max, sum)
// pair over its elements (Milakov & Gimelshein, "Online normalizer calculation for softmax"),
// the pairs are merged by a fixed shuffle/shared tree, then a second pass writes the outputs.
#include "jgrad.cuh"

template <typename T>
struct MaxSum {
    T m;  // running max (-inf when empty)
    T s;  // sum of exp(x - m)
};

template <typename T>
__device__ __forceinline__ MaxSum<T> merge(MaxSum<T> a, MaxSum<T> b) {
    const T ninf = -T(1) / T(0);
    if (a.m == ninf) return b;  // an empty side contributes nothing (and must not make NaN)
    if (b.m == ninf) return a;
    T m = jg_max(a.m, b.m);
    MaxSum<T> r = {m, a.s * jg_exp(a.m - m) + b.s * jg_exp(b.m - m)};
    return r;
}

// Adds one element to a thread's running (max, sum): merge(acc, {v, 1}) with one exp instead of
// two, rescaling only when the max moves. -inf contributes nothing (and acc.m - v would be
// -inf - -inf = NaN); NaN poisons the row.
template <typename T>
__device__ __forceinline__ void add_one(MaxSum<T>& acc, T v) {
    if (jg_isnan(v)) { acc.m = v; acc.s = v; return; }
    if (v > acc.m) {
        acc.s = acc.s * jg_exp(acc.m - v) + T(1);
        acc.m = v;
    } else if (v != -T(1) / T(0)) {
        acc.s += jg_exp(v - acc.m);
    }
}

// The whole block's (max, sum) for the row starting at x with stride st; every thread gets it.
template <typename T>
__device__ __forceinline__ MaxSum<T> row_max_sum(const T* x, long long st, long long len) {
    __shared__ T sm[32];
    __shared__ T ss[32];
    const T ninf = -T(1) / T(0);
    MaxSum<T> acc = {ninf, T(0)};
    if (st == 1 && jg_aligned16(x)) {   // contiguous row: 16-byte loads
        const int V = Pack<T>::N;
        long long nv = len / V;
        for (long long i = threadIdx.x; i < nv; i += blockDim.x) {
            Pack<T> p = reinterpret_cast<const Pack<T>*>(x)[i];
#pragma unroll
            for (int j = 0; j < V; ++j) add_one(acc, p.v[j]);
        }
        for (long long j = nv * V + threadIdx.x; j < len; j += blockDim.x) add_one(acc, x[j]);
    } else {
        for (long long j = threadIdx.x; j < len; j += blockDim.x) add_one(acc, x[j * st]);
    }
    for (int off = 16; off > 0; off >>= 1) {
        MaxSum<T> o = {__shfl_down_sync(0xffffffffu, acc.m, off), __shfl_down_sync(0xffffffffu, acc.s, off)};
        acc = merge(acc, o);
    }
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    if (lane == 0) { sm[warp] = acc.m; ss[warp] = acc.s; }
    __syncthreads();
    if (warp == 0) {
        MaxSum<T> c = {ninf, T(0)};
        if (lane < warps) { c.m = sm[lane]; c.s = ss[lane]; }
        for (int off = 16; off > 0; off >>= 1) {
            MaxSum<T> o = {__shfl_down_sync(0xffffffffu, c.m, off), __shfl_down_sync(0xffffffffu, c.s, off)};
            c = merge(c, o);
        }
        if (lane == 0) { sm[0] = c.m; ss[0] = c.s; }
    }
    __syncthreads();
    MaxSum<T> r = {sm[0], ss[0]};
    __syncthreads();  // sm/ss are reused for the next row
    return r;
}

template <typename T>
__device__ __forceinline__ void softmax_impl(long long rows, long long len, const T* in, Lay inRows, long long inSt,
                                             T* out, Lay outRows, long long outSt, bool logForm) {
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* x = in + jg_at(inRows, row);
        T* y = out + jg_at(outRows, row);
        MaxSum<T> ms = row_max_sum(x, inSt, len);
        T logSum = jg_log(ms.s);
        T inv = T(1) / ms.s;
        long long start = 0;
        if (inSt == 1 && outSt == 1 && jg_aligned16(x) && jg_aligned16(y)) {   // 16-byte loads and stores
            const int V = Pack<T>::N;
            long long nv = len / V;
            for (long long i = threadIdx.x; i < nv; i += blockDim.x) {
                Pack<T> p = reinterpret_cast<const Pack<T>*>(x)[i];
#pragma unroll
                for (int j = 0; j < V; ++j) {
                    T d = p.v[j] - ms.m;
                    p.v[j] = logForm ? d - logSum : jg_exp(d) * inv;
                }
                reinterpret_cast<Pack<T>*>(y)[i] = p;
            }
            start = nv * V;
        }
        for (long long j = start + threadIdx.x; j < len; j += blockDim.x) {
            T d = x[j * inSt] - ms.m;
            y[j * outSt] = logForm ? d - logSum : jg_exp(d) * inv;
        }
    }
}

#define JG_SOFTMAX_KERNELS(SUFFIX, T) \
    extern "C" __global__ void softmax_##SUFFIX(long long rows, long long len, const T* in, Lay inRows, long long inSt, \
                                                T* out, Lay outRows, long long outSt) { \
        softmax_impl<T>(rows, len, in, inRows, inSt, out, outRows, outSt, false); } \
    extern "C" __global__ void log_softmax_##SUFFIX(long long rows, long long len, const T* in, Lay inRows, long long inSt, \
                                                    T* out, Lay outRows, long long outSt) { \
        softmax_impl<T>(rows, len, in, inRows, inSt, out, outRows, outSt, true); }

JG_SOFTMAX_KERNELS(f32, float)
JG_SOFTMAX_KERNELS(f64, double)

// ---------------------------------------------------------------- fused softmax cross-entropy
// Forward: loss[row] = log Σ exp(x) − x[label] (a label outside [0, len) gives NaN).
template <typename T>
__device__ __forceinline__ void xent_fwd_impl(long long rows, long long len, const T* logits, Lay inRows, long long inSt,
                                              const int* labels, Lay labLay, T* loss, Lay lossLay) {
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* x = logits + jg_at(inRows, row);
        MaxSum<T> ms = row_max_sum(x, inSt, len);
        if (threadIdx.x == 0) {
            int label = labels[jg_at(labLay, row)];
            T picked = (label >= 0 && label < len) ? x[(long long)label * inSt] : jg_nan<T>();
            loss[jg_at(lossLay, row)] = ms.m + jg_log(ms.s) - picked;
        }
    }
}

// Backward: grad[row, j] = g[row] · (softmax(x)[j] − [j == label]).
template <typename T>
__device__ __forceinline__ void xent_bwd_impl(long long rows, long long len, const T* logits, Lay inRows, long long inSt,
                                              const int* labels, Lay labLay, const T* g, Lay gLay,
                                              T* out, Lay outRows, long long outSt) {
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const T* x = logits + jg_at(inRows, row);
        T* y = out + jg_at(outRows, row);
        MaxSum<T> ms = row_max_sum(x, inSt, len);
        int label = labels[jg_at(labLay, row)];
        T scale = g[jg_at(gLay, row)];
        T inv = T(1) / ms.s;
        for (long long j = threadIdx.x; j < len; j += blockDim.x) {
            T p = jg_exp(x[j * inSt] - ms.m) * inv;
            y[j * outSt] = scale * (p - (j == label ? T(1) : T(0)));
        }
    }
}

#define JG_XENT_KERNELS(SUFFIX, T) \
    extern "C" __global__ void softmax_xent_fwd_##SUFFIX(long long rows, long long len, const T* logits, Lay inRows, \
            long long inSt, const int* labels, Lay labLay, T* loss, Lay lossLay) { \
        xent_fwd_impl<T>(rows, len, logits, inRows, inSt, labels, labLay, loss, lossLay); } \
    extern "C" __global__ void softmax_xent_bwd_##SUFFIX(long long rows, long long len, const T* logits, Lay inRows, \
            long long inSt, const int* labels, Lay labLay, const T* g, Lay gLay, T* out, Lay outRows, long long outSt) { \
        xent_bwd_impl<T>(rows, len, logits, inRows, inSt, labels, labLay, g, gLay, out, outRows, outSt); }

JG_XENT_KERNELS(f32, float)
JG_XENT_KERNELS(f64, double)
