package dev.jgrad.nn;

/**
 * Derives independent seeds from one user seed, so that e.g. a layer's weight and bias (or the k
 * pieces of a maxout) do not draw the same counter-based random stream.
 */
final class Seeds {
    private Seeds() {
    }

    /** A seed for sub-stream {@code stream} of {@code seed} (SplitMix64 finaliser: well mixed, cheap). */
    static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
