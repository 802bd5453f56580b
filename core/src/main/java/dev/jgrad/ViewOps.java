package dev.jgrad;

import dev.jgrad.spi.Backend;
import dev.jgrad.spi.Layout;
import java.util.Arrays;

/** Shape, dtype and device changes: views where the layout allows (no copies), with their VJPs. */
final class ViewOps {
    private ViewOps() {
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        x.checkOpen("transpose");
        int d0 = Checks.dim("transpose", x, dim0);
        int d1 = Checks.dim("transpose", x, dim1);
        Tensor y = x.withLayout(x.layout.transpose(d0, d1));
        return Graph.record("transpose", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.transpose(d0, d1)});
    }

    static Tensor permute(Tensor x, int[] order) {
        x.checkOpen("permute");
        int r = x.rank();
        if (order.length != r) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " dims, " + x.describe() + " has " + r);
        }
        int[] norm = new int[r];
        int[] inverse = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            norm[i] = Checks.dim("permute", x, order[i]);
            if (seen[norm[i]]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " repeats a dim");
            }
            seen[norm[i]] = true;
            inverse[norm[i]] = i;
        }
        Tensor y = x.withLayout(x.layout.permute(norm));
        return Graph.record("permute", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor reshape(Tensor x, long[] requested) {
        x.checkOpen("reshape");
        long[] shape = inferShape(x, requested);
        long[] original = x.shape();
        Layout view = x.layout.reshape(shape);
        Tensor y = view != null ? x.withLayout(view) : copyDense(x).withLayoutAndClose(Layout.contiguous(shape));
        return Graph.record("reshape", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.reshape(original)});
    }

    private static long[] inferShape(Tensor x, long[] requested) {
        long[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && infer < 0) {
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: bad shape " + Arrays.toString(requested) + " for "
                        + x.describe() + " (only one -1 allowed, no other negative sizes)");
            } else {
                known = Math.multiplyExact(known, shape[i]);
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(requested)
                        + " for " + x.describe() + " (" + x.numel() + " elements)");
            }
            shape[infer] = x.numel() / known;
        }
        if (Layout.numelOf(shape) != x.numel()) {
            throw new IllegalArgumentException("reshape: shape " + Arrays.toString(requested) + " has "
                    + Layout.numelOf(shape) + " elements but " + x.describe() + " has " + x.numel());
        }
        return shape;
    }

    static Tensor broadcastTo(Tensor x, long[] shape) {
        x.checkOpen("broadcastTo");
        Checks.shapeValues("broadcastTo", shape);
        Layout l = x.layout.broadcastTo(shape);
        if (l == null) {
            throw new IllegalArgumentException("broadcastTo: " + x.describe() + " does not broadcast to "
                    + Arrays.toString(shape));
        }
        long[] original = x.shape();
        Tensor y = x.withLayout(l);
        return Graph.record("broadcastTo", y, Graph.of(x), Graph.of(),
                (g, n) -> new Tensor[] {ReduceOps.sumTo(g, original)});
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        x.checkOpen("unsqueeze");
        int r = x.rank();
        int d = dim < 0 ? dim + r + 1 : dim;
        if (d < 0 || d > r) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " out of range for " + x.describe()
                    + " (valid " + (-r - 1) + ".." + r + ")");
        }
        long[] shape = new long[r + 1];
        long[] strides = new long[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < r ? x.layout.stride(d) * x.layout.dim(d) : 1;
            } else {
                shape[i] = x.layout.dim(j);
                strides[i] = x.layout.stride(j);
                j++;
            }
        }
        Tensor y = x.withLayout(new Layout(shape, strides, x.layout.offset()));
        return Graph.record("unsqueeze", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.squeeze(d)});
    }

    /** Removes {@code dim} when its size is 1; otherwise returns the tensor unchanged (as PyTorch does). */
    static Tensor squeeze(Tensor x, int dim) {
        x.checkOpen("squeeze");
        int d = Checks.dim("squeeze", x, dim);
        if (x.layout.dim(d) != 1) {
            return x;
        }
        long[] shape = new long[x.rank() - 1];
        long[] strides = new long[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != d) {
                shape[j] = x.layout.dim(i);
                strides[j] = x.layout.stride(i);
                j++;
            }
        }
        Tensor y = x.withLayout(new Layout(shape, strides, x.layout.offset()));
        return Graph.record("squeeze", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.unsqueeze(d)});
    }

    static Tensor contiguous(Tensor x) {
        x.checkOpen("contiguous");
        if (x.isContiguous()) {
            return x;
        }
        Tensor y = copyDense(x);
        return Graph.record("contiguous", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g});
    }

    /** A dense copy with no graph. */
    static Tensor copyDense(Tensor x) {
        Tensor y = Tensor.empty(x.backend(), x.dtype(), x.shape());
        x.backend().copy(x.view(), y.view());
        return y;
    }

    static Tensor cast(Tensor x, DType dtype) {
        x.checkOpen("to");
        DType from = x.dtype();
        if (from == dtype) {
            return x;
        }
        Tensor y = Tensor.empty(x.backend(), dtype, x.shape());
        x.backend().cast(x.view(), y.view());
        if (!from.isFloating() || !dtype.isFloating()) {
            return y;
        }
        return Graph.record("to(" + dtype + ")", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.to(from)});
    }

    static Tensor toDevice(Tensor x, Device device) {
        x.checkOpen("to");
        Device from = x.device();
        if (from.equals(device)) {
            return x;
        }
        Backend target = Backends.of(device);
        Object host = x.backend().download(x.view());
        Tensor y = Tensor.empty(target, x.dtype(), x.shape());
        target.upload(host, y.storage.storage);
        if (!x.dtype().isFloating()) {
            return y;
        }
        return Graph.record("to(" + device + ")", y, Graph.of(x), Graph.of(), (g, n) -> new Tensor[] {g.to(from)});
    }
}
