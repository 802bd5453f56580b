package dev.jgrad.cpu;

import dev.jgrad.spi.Philox;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.View;

/**
 * {@link Philox} numbers, element i from counter i (its row-major position in {@code out}). Counter-based,
 * so chunks can be generated in parallel in any order with identical results.
 */
final class RandomFill {
    private static final double TWO_POW_M24 = 0x1.0p-24;

    private RandomFill() {
    }

    static void fill(CpuThreads threads, RandomKind kind, long seed, View out) {
        Object dst = ((CpuStorage) out.storage()).array();
        Elementwise.Kernel kernel = (arrays, offs, linear, n) -> {
            int[] w = new int[4];
            int o = offs[0];
            if (arrays[0] instanceof float[] f) {
                for (int i = 0; i < n; i++) {
                    Philox.block(seed, linear + i, w);
                    f[o + i] = kind == RandomKind.UNIFORM
                            ? (float) ((w[0] >>> 8) * TWO_POW_M24)
                            : (float) Philox.normalFromWords(w);
                }
            } else if (arrays[0] instanceof double[] d) {
                for (int i = 0; i < n; i++) {
                    Philox.block(seed, linear + i, w);
                    d[o + i] = kind == RandomKind.UNIFORM ? Philox.uniform53(w[0], w[1]) : Philox.normalFromWords(w);
                }
            } else {
                throw new IllegalArgumentException("cpu random: " + kind + " needs F32 or F64, got " + out.dtype());
            }
        };
        Elementwise.run(threads, kernel, new Object[] {dst}, out.layout());
    }
}
