package dev.jgrad;

import dev.jgrad.spi.Layout;
import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.View;
import java.util.Arrays;

/** Reductions along dims (sum, mean, max, min, argmax) and the broadcast-undoing sumTo: forward with VJP. */
final class ReduceOps {
    private ReduceOps() {
    }

    /** Sorted, distinct, normalised dims. */
    static int[] normalizeDims(String name, Tensor x, int[] dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            d[i] = Checks.dim(name, x, dims[i]);
        }
        Arrays.sort(d);
        for (int i = 1; i < d.length; i++) {
            if (d[i] == d[i - 1]) {
                throw new IllegalArgumentException(name + ": dim " + d[i] + " repeated in " + Arrays.toString(dims)
                        + " for " + x.describe());
            }
        }
        return d;
    }

    static long[] keepShape(long[] shape, int[] dims) {
        long[] k = shape.clone();
        for (int d : dims) {
            k[d] = 1;
        }
        return k;
    }

    static long[] dropShape(long[] shape, int[] dims) {
        long[] out = new long[shape.length - dims.length];
        int j = 0;
        for (int i = 0, di = 0; i < shape.length; i++) {
            if (di < dims.length && dims[di] == i) {
                di++;
            } else {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    /** The backend reduction into a fresh tensor shaped with or without the reduced dims. */
    private static Tensor reduceRaw(String name, ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        x.checkOpen(name);
        Checks.floating(name, x);
        long[] keep = keepShape(x.shape(), dims);
        Tensor out = Tensor.empty(x.backend(), x.dtype(), keepDim ? keep : dropShape(x.shape(), dims));
        x.backend().reduce(op, x.view(), dims, new View(out.storage.storage, Layout.contiguous(keep)));
        return out;
    }

    static Tensor sumAll(Tensor x) {
        int[] all = new int[x.rank()];
        Arrays.setAll(all, i -> i);
        return sum(x, all, false);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        int[] d = normalizeDims("sum", x, dims);
        Tensor y = reduceRaw("sum", ReduceOp.SUM, x, d, keepDim);
        long[] xShape = x.shape();
        long[] keep = keepShape(xShape, d);
        // every input element contributed once: the gradient is the upstream broadcast back
        return Graph.record("sum", y, Graph.of(x), Graph.of(),
                (g, n) -> new Tensor[] {g.reshape(keep).broadcastTo(xShape)});
    }

    static Tensor meanAll(Tensor x) {
        return sumAll(x).div((double) x.numel());
    }

    static Tensor mean(Tensor x, int dim, boolean keepDim) {
        int d = Checks.dim("mean", x, dim);
        return sum(x, new int[] {d}, keepDim).div((double) x.shape()[d]);
    }

    static Tensor max(Tensor x, int dim, boolean keepDim) {
        int d = Checks.dim("max", x, dim);
        if (x.shape()[d] == 0) {
            throw new IllegalArgumentException("max: cannot reduce the empty dim " + dim + " of " + x.describe());
        }
        Tensor y = reduceRaw("max", ReduceOp.MAX, x, new int[] {d}, keepDim);
        long[] keep = keepShape(x.shape(), new int[] {d});
        // the "router": the whole upstream gradient goes to the first maximal element
        return Graph.record("max", y, Graph.of(x), Graph.of(x), (g, n) -> {
            Tensor winner = firstMaxMask(x, d);
            return new Tensor[] {g.reshape(keep).mul(winner)};
        });
    }

    static Tensor min(Tensor x, int dim, boolean keepDim) {
        // min(x) = −max(−x): the first minimal element gets the gradient
        return max(x.neg(), dim, keepDim).neg();
    }

    /** 1 at the first maximum along {@code dim}, 0 elsewhere (same shape and dtype as x). */
    private static Tensor firstMaxMask(Tensor x, int dim) {
        long[] keep = keepShape(x.shape(), new int[] {dim});
        Tensor idx = Tensor.empty(x.backend(), DType.I32, keep);
        x.backend().argmax(x.view(), dim, idx.view());
        Tensor mask = Tensor.empty(x.backend(), x.dtype(), x.shape());
        x.backend().oneHot(idx.view(), dim, mask.view());
        idx.close();
        return mask;
    }

    static Tensor argmax(Tensor x, int dim) {
        int d = Checks.dim("argmax", x, dim);
        x.checkOpen("argmax");
        Checks.floating("argmax", x);
        if (x.shape()[d] == 0) {
            throw new IllegalArgumentException("argmax: cannot reduce the empty dim " + dim + " of " + x.describe());
        }
        long[] keep = keepShape(x.shape(), new int[] {d});
        Tensor out = Tensor.empty(x.backend(), DType.I32, dropShape(x.shape(), new int[] {d}));
        x.backend().argmax(x.view(), d, new View(out.storage.storage, Layout.contiguous(keep)));
        return out;
    }

    static Tensor oneHot(Tensor ids, long numClasses, DType dtype) {
        ids.checkOpen("oneHot");
        Checks.dtype("oneHot", ids, DType.I32);
        if (!dtype.isFloating() || numClasses < 0) {
            throw new IllegalArgumentException("oneHot: needs numClasses >= 0 and a floating dtype, got "
                    + numClasses + " and " + dtype + " for ids " + ids.describe());
        }
        long[] shape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        shape[ids.rank()] = numClasses;
        long[] idShape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        idShape[ids.rank()] = 1;
        long[] idStrides = Arrays.copyOf(ids.layout.strides(), ids.rank() + 1);
        Layout idLayout = new Layout(idShape, idStrides, ids.layout.offset());
        Tensor out = Tensor.empty(ids.backend(), dtype, shape);
        ids.backend().oneHot(new View(ids.storage.storage, idLayout), ids.rank(), out.view());
        return out;
    }

    /** Sums {@code g} over the dims that broadcasting expanded, giving {@code shape}: the VJP of broadcasting. */
    static Tensor sumTo(Tensor g, long[] shape) {
        long[] gShape = g.shape();
        if (Arrays.equals(gShape, shape)) {
            return g;
        }
        int lead = gShape.length - shape.length;
        int[] dims = new int[gShape.length];
        int count = 0;
        for (int i = 0; i < gShape.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gShape[i] != 1)) {
                dims[count++] = i;
            }
        }
        Tensor summed = count == 0 ? g : sum(g, Arrays.copyOf(dims, count), true);
        return summed.reshape(shape);
    }
}
