package dev.jgrad.cuda;

import dev.jgrad.DType;
import dev.jgrad.kernels.KernelSources.Module;
import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A kernel the backend launches: its PTX module and its name, derived from the op's kernel stem and
 * the dtype ({@code add_f32}, {@code sum_i32}). {@link #allRequested()} lists every one, so a GPU-free
 * test can check each exists in the committed PTX.
 */
record KernelRef(Module module, String name) {
    static final List<DType> FLOATING = List.of(DType.F32, DType.F64);

    static KernelRef unary(UnaryOp op, DType t) {
        return new KernelRef(Module.ELEMENTWISE, op.kernelStem() + "_" + t.kernelSuffix());
    }

    static KernelRef binary(BinaryOp op, DType t) {
        return new KernelRef(Module.ELEMENTWISE, op.kernelStem() + "_" + t.kernelSuffix());
    }

    static KernelRef addScaled(DType t) {
        return new KernelRef(Module.ELEMENTWISE, "add_scaled_" + t.kernelSuffix());
    }

    static KernelRef reduce(ReduceOp op, DType t) {
        return new KernelRef(Module.REDUCE, op.kernelStem() + "_" + t.kernelSuffix());
    }

    static KernelRef argmax(DType t) {
        return new KernelRef(Module.REDUCE, "argmax_" + t.kernelSuffix());
    }

    static KernelRef softmax(boolean log, DType t) {
        return new KernelRef(Module.SOFTMAX, (log ? "log_softmax_" : "softmax_") + t.kernelSuffix());
    }

    static KernelRef fill(DType t) {
        return new KernelRef(Module.MISC, "fill_" + t.kernelSuffix());
    }

    static KernelRef copy(DType t) {
        return new KernelRef(Module.MISC, "copy_" + t.kernelSuffix());
    }

    static KernelRef cast(DType from, DType to) {
        return new KernelRef(Module.MISC, "cast_" + from.kernelSuffix() + "_" + to.kernelSuffix());
    }

    static KernelRef oneHot(DType t) {
        return new KernelRef(Module.MISC, "onehot_" + t.kernelSuffix());
    }

    static KernelRef random(RandomKind kind, DType t) {
        return new KernelRef(Module.RANDOM, "random_" + kind.name().toLowerCase(Locale.ROOT) + "_" + t.kernelSuffix());
    }

    /** Every kernel {@link CudaBackend} may launch. */
    static List<KernelRef> allRequested() {
        List<KernelRef> all = new ArrayList<>();
        for (DType t : FLOATING) {
            for (UnaryOp op : UnaryOp.values()) {
                all.add(unary(op, t));
            }
            all.add(addScaled(t));
            all.add(softmax(false, t));
            all.add(softmax(true, t));
            all.add(oneHot(t));
            for (RandomKind k : RandomKind.values()) {
                all.add(random(k, t));
            }
        }
        for (DType t : DType.values()) {
            for (BinaryOp op : BinaryOp.values()) {
                if (t.isFloating() || op.supportsInt()) {
                    all.add(binary(op, t));
                }
            }
            for (ReduceOp op : ReduceOp.values()) {
                all.add(reduce(op, t));
            }
            all.add(argmax(t));
            all.add(fill(t));
            all.add(copy(t));
            for (DType to : DType.values()) {
                if (to != t) {
                    all.add(cast(t, to));
                }
            }
        }
        return all;
    }
}
