package dev.jgrad.cpu;

import dev.jgrad.spi.Layout;

/**
 * A reduction's index space split in two: the kept dims (walked jointly by output and input) and the
 * reduced dims (walked by the input only, relative to the kept element's input offset).
 * Operand 0 of {@link #kept} is the output, operand 1 the input.
 */
final class ReducedSplit {
    final IterSpace kept;
    final IterSpace reduced;

    private ReducedSplit(IterSpace kept, IterSpace reduced) {
        this.kept = kept;
        this.reduced = reduced;
    }

    /** {@code out} has {@code in}'s rank with size 1 (or any stride) at each reduced dim. */
    static ReducedSplit of(Layout in, boolean[] isReduced, Layout out) {
        int rank = in.rank();
        int nRed = 0;
        for (boolean b : isReduced) {
            nRed += b ? 1 : 0;
        }
        long[] keptShape = new long[rank - nRed];
        long[] keptOut = new long[rank - nRed];
        long[] keptIn = new long[rank - nRed];
        long[] redShape = new long[nRed];
        long[] redIn = new long[nRed];
        int k = 0;
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (isReduced[d]) {
                redShape[r] = in.dim(d);
                redIn[r++] = in.stride(d);
            } else {
                keptShape[k] = in.dim(d);
                keptOut[k] = out.stride(d);
                keptIn[k++] = in.stride(d);
            }
        }
        IterSpace kept = IterSpace.of(keptShape, new long[][] {keptOut, keptIn}, new long[] {out.offset(), in.offset()});
        IterSpace reduced = IterSpace.of(redShape, new long[][] {redIn}, new long[] {0});
        return new ReducedSplit(kept, reduced);
    }

    static boolean[] mask(int rank, int... dims) {
        boolean[] m = new boolean[rank];
        for (int d : dims) {
            m[d] = true;
        }
        return m;
    }
}
