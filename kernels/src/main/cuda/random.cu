// Philox4x32-10 random fill, bit for bit the numbers of dev.jgrad.spi.Philox (read that class for the
// definition). This file is compiled with -fmad=false: log and cos2pi below are the same sequences of
// correctly rounded +, −, ×, ÷ and sqrt as the Java code, in the same order, and an FMA contraction
// would change the last bit. Keep every expression in the same evaluation order as Philox.java.
#include "jgrad.cuh"

// The generator is also compiled for the host by a GPU-free test (cuda-backend's PhiloxHostParityTest),
// which checks these exact lines against Philox.java; hence __host__ __device__ and host fallbacks.
#define JG_HD __host__ __device__ __forceinline__
#ifdef __CUDA_ARCH__
#define JG_MULHI(a, b) __umulhi(a, b)
#define JG_D2LL(x) __double_as_longlong(x)
#define JG_LL2D(x) __longlong_as_double(x)
#else
#include <cstring>
static inline unsigned int JG_MULHI(unsigned int a, unsigned int b) { return (unsigned int)(((unsigned long long)a * b) >> 32); }
static inline long long JG_D2LL(double x) { long long r; std::memcpy(&r, &x, 8); return r; }
static inline double JG_LL2D(long long x) { double r; std::memcpy(&r, &x, 8); return r; }
#endif

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

JG_HD void philox_block(unsigned long long seed, unsigned long long index, unsigned int w[4]) {
    unsigned int c0 = (unsigned int)index, c1 = (unsigned int)(index >> 32), c2 = 0u, c3 = 0u;
    unsigned int k0 = (unsigned int)seed, k1 = (unsigned int)(seed >> 32);
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        unsigned int hi0 = JG_MULHI(PHILOX_M0, c0), lo0 = PHILOX_M0 * c0;
        unsigned int hi1 = JG_MULHI(PHILOX_M1, c2), lo1 = PHILOX_M1 * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    w[0] = c0; w[1] = c1; w[2] = c2; w[3] = c3;
}

JG_HD double uniform53(unsigned int a, unsigned int b) {
    return ((double)(a >> 5) * 67108864.0 + (double)(b >> 6)) * 0x1.0p-53;
}

// Philox.log: x in [2^-53, 1].
JG_HD double philox_log(double x) {
    const double LN2 = 0.6931471805599453;
    const double SQRT2 = 1.4142135623730951;
    long long bits = JG_D2LL(x);
    int e = (int)((bits >> 52) & 0x7FF) - 1023;
    double m = JG_LL2D((bits & 0xFFFFFFFFFFFFFll) | 0x3FF0000000000000ll);
    if (m > SQRT2) {
        m = m * 0.5;
        e = e + 1;
    }
    double s = (m - 1.0) / (m + 1.0);
    double s2 = s * s;
    double p = 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return (double)e * LN2 + 2.0 * s * p;
}

// Philox.cos2pi: u in [0, 1).
JG_HD double philox_cos2pi(double u) {
    const double TWO_PI = 6.283185307179586;
    int k = (int)floor(u * 4.0 + 0.5);
    double r = u - (double)k * 0.25;
    double x = r * TWO_PI;
    double x2 = x * x;
    double c = 1.0 / 20922789888000.0;
    c = c * x2 - 1.0 / 87178291200.0;
    c = c * x2 + 1.0 / 479001600.0;
    c = c * x2 - 1.0 / 3628800.0;
    c = c * x2 + 1.0 / 40320.0;
    c = c * x2 - 1.0 / 720.0;
    c = c * x2 + 1.0 / 24.0;
    c = c * x2 - 1.0 / 2.0;
    c = c * x2 + 1.0;
    double s = 1.0 / 355687428096000.0;
    s = s * x2 - 1.0 / 1307674368000.0;
    s = s * x2 + 1.0 / 6227020800.0;
    s = s * x2 - 1.0 / 39916800.0;
    s = s * x2 + 1.0 / 362880.0;
    s = s * x2 - 1.0 / 5040.0;
    s = s * x2 + 1.0 / 120.0;
    s = s * x2 - 1.0 / 6.0;
    s = s * x2 + 1.0;
    s = s * x;
    switch (k & 3) {
        case 0: return c;
        case 1: return -s;
        case 2: return -c;
        default: return s;
    }
}

JG_HD double philox_normal(const unsigned int w[4]) {
    double u1 = uniform53(w[0], w[1]);
    double u2 = uniform53(w[2], w[3]);
    return sqrt(-2.0 * philox_log(1.0 - u1)) * philox_cos2pi(u2);
}

// `out` is dense (the host applies the view's offset); element i comes from counter i.
extern "C" __global__ void random_uniform_f32(long long n, float* out, unsigned long long seed) {
    JG_GRID_STRIDE(i, n) {
        unsigned int w[4];
        philox_block(seed, (unsigned long long)i, w);
        out[i] = (float)((double)(w[0] >> 8) * 0x1.0p-24);
    }
}
extern "C" __global__ void random_uniform_f64(long long n, double* out, unsigned long long seed) {
    JG_GRID_STRIDE(i, n) {
        unsigned int w[4];
        philox_block(seed, (unsigned long long)i, w);
        out[i] = uniform53(w[0], w[1]);
    }
}
extern "C" __global__ void random_normal_f32(long long n, float* out, unsigned long long seed) {
    JG_GRID_STRIDE(i, n) {
        unsigned int w[4];
        philox_block(seed, (unsigned long long)i, w);
        out[i] = (float)philox_normal(w);
    }
}
extern "C" __global__ void random_normal_f64(long long n, double* out, unsigned long long seed) {
    JG_GRID_STRIDE(i, n) {
        unsigned int w[4];
        philox_block(seed, (unsigned long long)i, w);
        out[i] = philox_normal(w);
    }
}
