package dev.jgrad.cpu.simd;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.View;
import java.util.SplittableRandom;

/** Small helpers for comparing the SIMD and scalar kernel paths. */
final class PathFixtures {
    private PathFixtures() {
    }

    /** A SIMD backend, or null when this JVM lacks the Vector API module. */
    static CpuBackend simd(int threads) {
        CpuBackend be = new CpuBackend(threads, true);
        return be.usesVectorApi() ? be : null;
    }

    static CpuBackend scalar(int threads) {
        return new CpuBackend(threads, false);
    }

    /** {@code n} uniform values in [-1, 1), reproducible from the seed. */
    static double[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    static Storage storage(CpuBackend be, DType dt, double[] v) {
        Storage s = be.allocate(dt, v.length);
        if (dt == DType.F32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
                v[i] = f[i];      // the caller's reference sees the rounded values
            }
            be.upload(f, s);
        } else {
            be.upload(v.clone(), s);
        }
        return s;
    }

    static double[] read(CpuBackend be, View v) {
        Object a = be.download(v);
        if (a instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return ((double[]) a).clone();
    }

    static View empty(CpuBackend be, DType dt, long... shape) {
        return new View(be.allocate(dt, Layout.numelOf(shape)), Layout.contiguous(shape));
    }
}
