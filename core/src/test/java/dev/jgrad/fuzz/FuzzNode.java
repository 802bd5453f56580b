package dev.jgrad.fuzz;

/**
 * One node of a fuzz graph: an op applied to earlier nodes {@code in} (indices), with its parameters,
 * and the output shape the generator expects.
 *
 * <p>A {@link FuzzOp#LEAF} has no inputs; its values come from {@code seed} and are stored densely in
 * the storage shape {@code dims}; the node's value is that storage {@code permute(axes)} (a
 * non-contiguous view when {@code axes} is not the identity), of logical shape {@code shape}.
 *
 * @param p     the op's double parameter (scalar, exponent, slope; keepDim as 1/0 for reductions)
 * @param axes  dims of the op (or a permutation), null when unused
 * @param dims  a target shape (reshape, broadcastTo; a leaf's storage shape), null when unused
 */
record FuzzNode(FuzzOp op, int[] in, double p, int[] axes, long[] dims, long[] shape, long seed) {

    static FuzzNode op(FuzzOp op, int[] in, double p, int[] axes, long[] dims, long[] shape) {
        return new FuzzNode(op, in, p, axes, dims, shape, 0);
    }

    static FuzzNode leaf(long[] storageShape, int[] viewOrder, long[] shape, long seed) {
        return new FuzzNode(FuzzOp.LEAF, new int[0], 0, viewOrder, storageShape, shape, seed);
    }

    long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    boolean isLeaf() {
        return op == FuzzOp.LEAF;
    }

    /** Whether a leaf is viewed through a non-identity permutation (a non-contiguous input). */
    boolean permuted() {
        if (axes == null) {
            return false;
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != i) {
                return true;
            }
        }
        return false;
    }

    FuzzNode withInputs(int[] newIn) {
        return new FuzzNode(op, newIn, p, axes, dims, shape, seed);
    }

    FuzzNode withSeed(long newSeed) {
        return new FuzzNode(op, in, p, axes, dims, shape, newSeed);
    }
}
