package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.kernels.KernelSources.Module;
import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.UnaryOp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kernel the backend may launch exists in the committed PTX: a typo would otherwise only show on a GPU. */
class KernelRefTest {
    @Test
    void namesFollowStemUnderscoreDtype() {
        assertEquals("sigmoid_f32", KernelRef.unary(UnaryOp.SIGMOID, DType.F32).name());
        assertEquals("add_i32", KernelRef.binary(BinaryOp.ADD, DType.I32).name());
        assertEquals("random_normal_f64", KernelRef.random(RandomKind.NORMAL, DType.F64).name());
        assertEquals("cast_f64_i32", KernelRef.cast(DType.F64, DType.I32).name());
    }

    @Test
    void everyRequestedKernelIsAnEntryOfItsModule() {
        Map<Module, Set<String>> entries = new EnumMap<>(Module.class);
        for (Module m : Module.values()) {
            entries.put(m, m.entryNames());
        }
        List<String> missing = new ArrayList<>();
        for (KernelRef k : KernelRef.allRequested()) {
            if (!entries.get(k.module()).contains(k.name())) {
                missing.add(k.module().fileName() + ".ptx: " + k.name());
            }
        }
        assertTrue(missing.isEmpty(), "missing kernels: " + missing);
        // 20 unary + add_scaled, softmax, log_softmax, onehot, 2 random, per float dtype; 8/8/7 binary, 3 reduce,
        // argmax, fill, copy and 2 casts per dtype
        assertEquals(2 * (20 + 4 + 2) + (8 + 8 + 7) + 3 * (3 + 1 + 1 + 1 + 2), KernelRef.allRequested().size());
        assertEquals(KernelRef.allRequested().size(), Set.copyOf(KernelRef.allRequested()).size(), "no duplicates");
    }
}
