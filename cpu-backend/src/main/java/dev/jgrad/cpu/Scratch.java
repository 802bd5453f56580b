package dev.jgrad.cpu;

/**
 * Per-thread scratch blocks for strided operands: a strided run is gathered into one of these, the
 * contiguous kernel runs on it, and outputs are scattered back. Slot {@code k} belongs to operand {@code k}.
 */
final class Scratch {
    /** Elements per scratch block: small enough for L1, long enough to amortise the per-run overhead. */
    static final int BLOCK = 1024;
    static final int SLOTS = 3;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] floats = new float[SLOTS][];
    private final double[][] doubles = new double[SLOTS][];
    private final int[][] ints = new int[SLOTS][];

    static Scratch get() {
        return LOCAL.get();
    }

    /** A block of the same element type as {@code like}. */
    Object like(Object like, int slot) {
        if (like instanceof float[]) {
            if (floats[slot] == null) {
                floats[slot] = new float[BLOCK];
            }
            return floats[slot];
        } else if (like instanceof double[]) {
            return doubles(slot);
        } else {
            if (ints[slot] == null) {
                ints[slot] = new int[BLOCK];
            }
            return ints[slot];
        }
    }

    double[] doubles(int slot) {
        if (doubles[slot] == null) {
            doubles[slot] = new double[BLOCK];
        }
        return doubles[slot];
    }
}
