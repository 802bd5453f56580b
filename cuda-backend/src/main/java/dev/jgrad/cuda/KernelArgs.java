package dev.jgrad.cuda;

import dev.jgrad.spi.Layout;
import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * The {@code kernelParams} array of cuLaunchKernel: one host pointer per kernel parameter, each to
 * that parameter's bytes. Layouts go by value as the {@code Lay} struct ({@link KernelLayout#pack}).
 */
final class KernelArgs {
    private final List<NativePointerObject> params = new ArrayList<>();

    /** A device address (a {@code T*} parameter). */
    KernelArgs ptr(long address) {
        params.add(Pointer.to(new long[] {address}));
        return this;
    }

    /** A {@code long long} or {@code unsigned long long}. */
    KernelArgs i64(long v) {
        params.add(Pointer.to(new long[] {v}));
        return this;
    }

    KernelArgs i32(int v) {
        params.add(Pointer.to(new int[] {v}));
        return this;
    }

    KernelArgs f64(double v) {
        params.add(Pointer.to(new double[] {v}));
        return this;
    }

    KernelArgs flag(boolean v) {
        return i32(v ? 1 : 0);
    }

    KernelArgs lay(Layout l) {
        params.add(Pointer.to(KernelLayout.pack(l)));
        return this;
    }

    Pointer toPointer() {
        return Pointer.to(params.toArray(new NativePointerObject[0]));
    }
}
