package dev.jgrad.spi;

/** Default implementations of the composite SPI operations, built from primitives only. */
final class CompositeOps {
    private CompositeOps() {
    }

    static void softmax(Backend be, View in, int dim, View out, boolean log) {
        long[] reducedShape = in.shape();
        reducedShape[dim] = 1;
        long[] shape = in.shape();
        long reducedNumel = Layout.numelOf(reducedShape);
        Storage maxS = be.allocate(in.dtype(), reducedNumel);
        Storage sumS = be.allocate(in.dtype(), reducedNumel);
        try {
            View max = new View(maxS, Layout.contiguous(reducedShape));
            View sum = new View(sumS, Layout.contiguous(reducedShape));
            be.reduce(ReduceOp.MAX, in, new int[] {dim}, max);
            View maxB = new View(maxS, max.layout().broadcastTo(shape));
            be.binary(BinaryOp.SUB, in, maxB, out);                 // out = x - max
            Storage expS = log ? be.allocate(in.dtype(), out.numel()) : null;
            try {
                View exps = log ? new View(expS, Layout.contiguous(shape)) : out;
                be.unary(UnaryOp.EXP, 0, out, exps);                // exps = e^(x - max)
                be.reduce(ReduceOp.SUM, exps, new int[] {dim}, sum);
                View sumB = new View(sumS, sum.layout().broadcastTo(shape));
                if (log) {
                    be.unary(UnaryOp.LOG, 0, sum, sum);
                    be.binary(BinaryOp.SUB, out, sumB, out);         // (x - max) - log Σ
                } else {
                    be.binary(BinaryOp.DIV, out, sumB, out);
                }
            } finally {
                if (expS != null) {
                    expS.free();
                }
            }
        } finally {
            maxS.free();
            sumS.free();
        }
    }

    static void addScaled(Backend be, View y, double alpha, View x) {
        Storage t = be.allocate(x.dtype(), x.numel());
        try {
            View scaled = new View(t, Layout.contiguous(x.shape()));
            be.unary(UnaryOp.MUL_SCALAR, alpha, x, scaled);
            be.binary(BinaryOp.ADD, y, scaled, y);
        } finally {
            t.free();
        }
    }
}
