package dev.jgrad.cpu;

/**
 * An odometer over an {@link IterSpace}: walks runs along the innermost dim and carries into outer dims,
 * updating every operand's storage offset incrementally (no division per element; one division per
 * dim only in {@link #seek}).
 */
final class StridedIndexer {
    private final long[] shape;
    private final long[][] strides;
    private final long[] base;
    private final long[] counter;
    /** Current storage offset of each operand. */
    final long[] pos;
    private final int last;

    StridedIndexer(IterSpace space) {
        this.shape = space.shape;
        this.strides = space.strides;
        this.base = space.offsets;
        this.counter = new long[shape.length];
        this.pos = new long[base.length];
        this.last = shape.length - 1;
        seek(0);
    }

    /** Moves to row-major position {@code linear}. */
    void seek(long linear) {
        for (int k = 0; k < pos.length; k++) {
            pos[k] = base[k];
        }
        for (int d = last; d >= 0; d--) {
            long c = linear % shape[d];
            linear /= shape[d];
            counter[d] = c;
            for (int k = 0; k < pos.length; k++) {
                pos[k] += c * strides[k][d];
            }
        }
    }

    /** Elements left in the current innermost run, capped at {@code max}. */
    int run(long max) {
        return (int) Math.min(Math.min(shape[last] - counter[last], max), Integer.MAX_VALUE);
    }

    /** Advances {@code n} elements, which must not pass the end of the current run. */
    void advance(int n) {
        counter[last] += n;
        for (int k = 0; k < pos.length; k++) {
            pos[k] += n * strides[k][last];
        }
        if (counter[last] < shape[last]) {
            return;
        }
        for (int d = last; d >= 0; d--) {
            if (d < last) {
                counter[d]++;
                for (int k = 0; k < pos.length; k++) {
                    pos[k] += strides[k][d];
                }
            }
            if (counter[d] < shape[d]) {
                return;
            }
            counter[d] = 0;
            for (int k = 0; k < pos.length; k++) {
                pos[k] -= shape[d] * strides[k][d];
            }
        }
    }

    int intPos(int operand) {
        return (int) pos[operand];
    }
}
