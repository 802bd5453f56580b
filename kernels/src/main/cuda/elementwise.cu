// Elementwise kernels: UnaryOp and BinaryOp of dev.jgrad.spi, plus fused backward helpers.
// Each kernel has a contiguous fast path (16-byte vector loads when every pointer is aligned)
// and a strided/broadcast path that maps row-major positions through the layouts.
// The scalar parameter arrives as double; comparisons against it are done in double so that
// F32 results match the reference definition UnaryOp.apply(double, double).
#include "jgrad.cuh"

// ---------------------------------------------------------------- unary op functors
// f(x, p, pd): x the element, p the parameter in T, pd the parameter as passed (double).
#define JG_UNARY_OP(NAME, EXPR) \
    struct NAME { template <typename T> __device__ __forceinline__ static T f(T x, T p, double pd) { return (EXPR); } };

JG_UNARY_OP(UNeg, -x)
JG_UNARY_OP(UExp, jg_exp(x))
JG_UNARY_OP(ULog, jg_log(x))
JG_UNARY_OP(USqrt, jg_sqrt(x))
JG_UNARY_OP(USquare, x * x)
JG_UNARY_OP(UAbs, jg_abs(x))
JG_UNARY_OP(UReciprocal, T(1) / x)
// NaN > 0 is false, so relu(NaN) = 0 exactly like the reference.
JG_UNARY_OP(URelu, x > T(0) ? x : T(0))
// Stable logistic: never exponentiates a positive number.
JG_UNARY_OP(USigmoid, x >= T(0) ? T(1) / (T(1) + jg_exp(-x)) : jg_exp(x) / (T(1) + jg_exp(x)))
JG_UNARY_OP(UTanh, jg_tanh(x))
// max(x, 0) + log1p(e^-|x|); Math.max propagates NaN, so must we.
JG_UNARY_OP(USoftplus, (jg_isnan(x) ? x : (x > T(0) ? x : T(0))) + jg_log1p(jg_exp(-jg_abs(x))))
// Math.signum: NaN and signed zeros come back unchanged.
JG_UNARY_OP(USign, x > T(0) ? T(1) : (x < T(0) ? T(-1) : x))
JG_UNARY_OP(UAddScalar, x + p)
JG_UNARY_OP(UMulScalar, x * p)
JG_UNARY_OP(UDivScalar, x / p)
JG_UNARY_OP(URdivScalar, p / x)
JG_UNARY_OP(ULeakyRelu, x > T(0) ? x : p * x)
JG_UNARY_OP(UElu, x > T(0) ? x : p * jg_expm1(x))
JG_UNARY_OP(UGtScalar, (double)x > pd ? T(1) : T(0))

// Math.pow differs from C pow in two corners: a NaN exponent always gives NaN, and
// |x| == 1 with an infinite exponent gives NaN (C gives 1).
struct UPow {
    template <typename T> __device__ __forceinline__ static T f(T x, T p, double) {
        if (p == T(0)) return T(1);
        if (jg_isnan(p)) return p;
        if (jg_abs(x) == T(1) && jg_abs(p) == T(1) / T(0)) return jg_nan<T>();
        return jg_pow(x, p);
    }
};

template <typename T, typename Op>
__device__ __forceinline__ void unary_impl(long long n, const T* in, Lay li, T* out, Lay lo,
                                           double param, int contiguous) {
    T p = (T)param;
    if (contiguous) {
        const T* a = in + li.off;
        T* o = out + lo.off;
        long long start = 0;
        if (jg_aligned16(a) && jg_aligned16(o)) {
            const int V = Pack<T>::N;
            long long nv = n / V;
            JG_GRID_STRIDE(i, nv) {
                Pack<T> x = reinterpret_cast<const Pack<T>*>(a)[i];
#pragma unroll
                for (int j = 0; j < V; ++j) x.v[j] = Op::f(x.v[j], p, param);
                reinterpret_cast<Pack<T>*>(o)[i] = x;
            }
            start = nv * V;
        }
        JG_GRID_STRIDE(i, n - start) {
            o[start + i] = Op::f(a[start + i], p, param);
        }
    } else {
        JG_GRID_STRIDE(i, n) {
            out[jg_at(lo, i)] = Op::f(in[jg_at(li, i)], p, param);
        }
    }
}

#define JG_UNARY_KERNELS(STEM, OP) \
    extern "C" __global__ void STEM##_f32(long long n, const float* in, Lay li, float* out, Lay lo, double p, int contiguous) { \
        unary_impl<float, OP>(n, in, li, out, lo, p, contiguous); } \
    extern "C" __global__ void STEM##_f64(long long n, const double* in, Lay li, double* out, Lay lo, double p, int contiguous) { \
        unary_impl<double, OP>(n, in, li, out, lo, p, contiguous); }

JG_UNARY_KERNELS(neg, UNeg)
JG_UNARY_KERNELS(exp, UExp)
JG_UNARY_KERNELS(log, ULog)
JG_UNARY_KERNELS(sqrt, USqrt)
JG_UNARY_KERNELS(square, USquare)
JG_UNARY_KERNELS(abs, UAbs)
JG_UNARY_KERNELS(reciprocal, UReciprocal)
JG_UNARY_KERNELS(relu, URelu)
JG_UNARY_KERNELS(sigmoid, USigmoid)
JG_UNARY_KERNELS(tanh, UTanh)
JG_UNARY_KERNELS(softplus, USoftplus)
JG_UNARY_KERNELS(sign, USign)
JG_UNARY_KERNELS(add_scalar, UAddScalar)
JG_UNARY_KERNELS(mul_scalar, UMulScalar)
JG_UNARY_KERNELS(div_scalar, UDivScalar)
JG_UNARY_KERNELS(rdiv_scalar, URdivScalar)
JG_UNARY_KERNELS(pow, UPow)
JG_UNARY_KERNELS(leaky_relu, ULeakyRelu)
JG_UNARY_KERNELS(elu, UElu)
JG_UNARY_KERNELS(gt_scalar, UGtScalar)

// ---------------------------------------------------------------- binary op functors
// I32 add/sub/mul wrap like Java int arithmetic (unsigned arithmetic, no signed-overflow UB).
template <typename T> __device__ __forceinline__ T jg_wadd(T a, T b) { return a + b; }
template <typename T> __device__ __forceinline__ T jg_wsub(T a, T b) { return a - b; }
template <typename T> __device__ __forceinline__ T jg_wmul(T a, T b) { return a * b; }
template <> __device__ __forceinline__ int jg_wadd<int>(int a, int b) { return (int)((unsigned)a + (unsigned)b); }
template <> __device__ __forceinline__ int jg_wsub<int>(int a, int b) { return (int)((unsigned)a - (unsigned)b); }
template <> __device__ __forceinline__ int jg_wmul<int>(int a, int b) { return (int)((unsigned)a * (unsigned)b); }

#define JG_BINARY_OP(NAME, EXPR) \
    struct NAME { template <typename T> __device__ __forceinline__ static T f(T a, T b) { return (EXPR); } };

JG_BINARY_OP(BAdd, jg_wadd(a, b))
JG_BINARY_OP(BSub, jg_wsub(a, b))
JG_BINARY_OP(BMul, jg_wmul(a, b))
JG_BINARY_OP(BDiv, a / b)
JG_BINARY_OP(BMaximum, jg_max(a, b))
JG_BINARY_OP(BMinimum, jg_min(a, b))
JG_BINARY_OP(BGt, a > b ? T(1) : T(0))
JG_BINARY_OP(BEq, a == b ? T(1) : T(0))
// Fused backward helpers: a = the saved forward output y, b = the upstream gradient g.
// One pass instead of the 2-3 kernels the composed VJP would launch.
JG_BINARY_OP(BSigmoidBackward, b * a * (T(1) - a))
JG_BINARY_OP(BTanhBackward, b * (T(1) - a * a))
JG_BINARY_OP(BReluBackward, a > T(0) ? b : T(0))

// Row-vector path of a rank-2 broadcast (a bias added to every row, a per-row value subtracted): an
// operand walks each row contiguously (inner stride 1, 16-byte aligned rows) or repeats one value per
// row (inner stride 0). Saves the per-element index split and reads 16 bytes at a time.
template <typename T>
__device__ __forceinline__ bool jg_rowvec_ok(const T* p, const Lay& L) {
    if (L.stride[1] == 0) return true;
    return L.stride[1] == 1 && jg_aligned16(p + L.off) && L.stride[0] % Pack<T>::N == 0;
}

template <typename T>
__device__ __forceinline__ Pack<T> jg_rowvec_load(const T* p, const Lay& L, long long r, long long c) {
    if (L.stride[1] == 0) {
        Pack<T> v;
        T x = p[L.off + r * L.stride[0]];
#pragma unroll
        for (int j = 0; j < Pack<T>::N; ++j) v.v[j] = x;
        return v;
    }
    return *reinterpret_cast<const Pack<T>*>(p + L.off + r * L.stride[0] + c);
}

template <typename T, typename Op>
__device__ __forceinline__ void binary_impl(long long n, const T* a, Lay la, const T* b, Lay lb,
                                            T* out, Lay lo, int contiguous) {
    if (contiguous) {
        const T* x = a + la.off;
        const T* y = b + lb.off;
        T* o = out + lo.off;
        long long start = 0;
        if (jg_aligned16(x) && jg_aligned16(y) && jg_aligned16(o)) {
            const int V = Pack<T>::N;
            long long nv = n / V;
            JG_GRID_STRIDE(i, nv) {
                Pack<T> u = reinterpret_cast<const Pack<T>*>(x)[i];
                Pack<T> w = reinterpret_cast<const Pack<T>*>(y)[i];
#pragma unroll
                for (int j = 0; j < V; ++j) u.v[j] = Op::f(u.v[j], w.v[j]);
                reinterpret_cast<Pack<T>*>(o)[i] = u;
            }
            start = nv * V;
        }
        JG_GRID_STRIDE(i, n - start) {
            o[start + i] = Op::f(x[start + i], y[start + i]);
        }
    } else if (lo.rank == 2 && lo.stride[1] == 1 && lo.shape[1] % Pack<T>::N == 0 && jg_rowvec_ok(out, lo)
               && jg_rowvec_ok(a, la) && jg_rowvec_ok(b, lb)) {
        const int V = Pack<T>::N;
        long long cols = lo.shape[1];
        JG_GRID_STRIDE(pi, n / V) {
            long long e = pi * V;
            long long r = e / cols;
            long long c = e - r * cols;
            Pack<T> x = jg_rowvec_load(a, la, r, c);
            Pack<T> y = jg_rowvec_load(b, lb, r, c);
#pragma unroll
            for (int j = 0; j < V; ++j) x.v[j] = Op::f(x.v[j], y.v[j]);
            *reinterpret_cast<Pack<T>*>(out + lo.off + r * lo.stride[0] + c) = x;
        }
    } else {
        JG_GRID_STRIDE(i, n) {
            long long ia, ib, io;
            jg_at3(la, lb, lo, i, ia, ib, io);
            out[io] = Op::f(a[ia], b[ib]);
        }
    }
}

#define JG_BINARY_KERNEL(STEM, SUFFIX, T, OP) \
    extern "C" __global__ void STEM##_##SUFFIX(long long n, const T* a, Lay la, const T* b, Lay lb, \
                                               T* out, Lay lo, int contiguous) { \
        binary_impl<T, OP>(n, a, la, b, lb, out, lo, contiguous); }
#define JG_BINARY_FLOAT(STEM, OP) JG_BINARY_KERNEL(STEM, f32, float, OP) JG_BINARY_KERNEL(STEM, f64, double, OP)
#define JG_BINARY_ALL(STEM, OP) JG_BINARY_FLOAT(STEM, OP) JG_BINARY_KERNEL(STEM, i32, int, OP)

JG_BINARY_ALL(add, BAdd)
JG_BINARY_ALL(sub, BSub)
JG_BINARY_ALL(mul, BMul)
JG_BINARY_FLOAT(div, BDiv)
JG_BINARY_ALL(maximum, BMaximum)
JG_BINARY_ALL(minimum, BMinimum)
JG_BINARY_ALL(gt, BGt)
JG_BINARY_ALL(eq, BEq)
JG_BINARY_FLOAT(sigmoid_backward, BSigmoidBackward)
JG_BINARY_FLOAT(tanh_backward, BTanhBackward)
JG_BINARY_FLOAT(relu_backward, BReluBackward)

// ---------------------------------------------------------------- y += x * alpha (optimizer updates)
// In place, one pass: the product rounded to T, then the sum, each with an explicit round-to-nearest
// intrinsic so the compiler cannot contract them into an fma: bit for bit what mul_scalar into a
// temporary followed by add computes (Backend.addScaledInPlace's default).
__device__ __forceinline__ float jg_mul_rn(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double jg_mul_rn(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ float jg_add_rn(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double jg_add_rn(double a, double b) { return __dadd_rn(a, b); }

template <typename T>
__device__ __forceinline__ void add_scaled_impl(long long n, T* y, Lay ly, const T* x, Lay lx, double alpha, int contiguous) {
    T a = (T)alpha;
    if (contiguous) {
        T* yo = y + ly.off;
        const T* xo = x + lx.off;
        long long start = 0;
        if (jg_aligned16(yo) && jg_aligned16(xo)) {
            const int V = Pack<T>::N;
            long long nv = n / V;
            JG_GRID_STRIDE(i, nv) {
                Pack<T> u = reinterpret_cast<const Pack<T>*>(yo)[i];
                Pack<T> w = reinterpret_cast<const Pack<T>*>(xo)[i];
#pragma unroll
                for (int j = 0; j < V; ++j) u.v[j] = jg_add_rn(u.v[j], jg_mul_rn(w.v[j], a));
                reinterpret_cast<Pack<T>*>(yo)[i] = u;
            }
            start = nv * V;
        }
        JG_GRID_STRIDE(i, n - start) {
            yo[start + i] = jg_add_rn(yo[start + i], jg_mul_rn(xo[start + i], a));
        }
    } else {
        JG_GRID_STRIDE(i, n) {
            long long iy = jg_at(ly, i);
            y[iy] = jg_add_rn(y[iy], jg_mul_rn(x[jg_at(lx, i)], a));
        }
    }
}

extern "C" __global__ void add_scaled_f32(long long n, float* y, Lay ly, const float* x, Lay lx, double alpha, int contiguous) {
    add_scaled_impl<float>(n, y, ly, x, lx, alpha, contiguous);
}
extern "C" __global__ void add_scaled_f64(long long n, double* y, Lay ly, const double* x, Lay lx, double alpha, int contiguous) {
    add_scaled_impl<double>(n, y, ly, x, lx, alpha, contiguous);
}
