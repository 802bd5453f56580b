// Host-side run of the generator in kernels/src/main/cuda/random.cu (the very same functions the
// kernels call), so PhiloxHostParityTest can compare them with Philox.java without a GPU.
// Prints, for each seed and index, the four words and the bits of uniform F64/F32 and normal F64/F32.
#include "random.cu"
#include <cstdio>
#include <cstring>

static unsigned long long bits(double d) { unsigned long long b; std::memcpy(&b, &d, 8); return b; }
static unsigned int fbits(float f) { unsigned int b; std::memcpy(&b, &f, 4); return b; }

int main() {
    const unsigned long long seeds[] = {0ull, 1ull, 42ull, 0xFFFFFFFFFFFFFFFFull, 0x0123456789ABCDEFull};
    const unsigned long long extra[] = {0xFFFFFFFFull, 0x100000000ull, 0x10000000007ull};
    for (unsigned long long seed : seeds) {
        for (unsigned long long i = 0; i < 2000 + 3; ++i) {
            unsigned long long index = i < 2000 ? i : extra[i - 2000];
            unsigned int w[4];
            philox_block(seed, index, w);
            double u = uniform53(w[0], w[1]);
            float uf = (float)((double)(w[0] >> 8) * 0x1.0p-24);
            double nd = philox_normal(w);
            std::printf("%llu %llu %u %u %u %u %llx %x %llx %x\n", seed, index, w[0], w[1], w[2], w[3],
                        bits(u), fbits(uf), bits(nd), fbits((float)nd));
        }
    }
    return 0;
}
