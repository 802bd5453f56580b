package dev.jgrad.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.cpu.CpuBackendProvider;
import org.junit.jupiter.api.Test;

/**
 * Which kernels run: the build runs the tests once with {@code --add-modules jdk.incubator.vector} (SIMD) and
 * once without (scalar), setting {@code jgrad.cpu.expectVectorApi} accordingly; this checks each run is on
 * the path it claims to test.
 */
class KernelPathTest {
    static boolean vectorModuleReadable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Test
    void eachSurefireRunIsOnTheExpectedPath() {
        String expected = System.getProperty("jgrad.cpu.expectVectorApi");
        assumeTrue(expected != null, "run outside Maven: no expected path");
        boolean simd = Boolean.parseBoolean(expected);
        assertEquals(simd, vectorModuleReadable(), "jdk.incubator.vector readable");
        assertEquals(simd, new CpuBackend(2).usesVectorApi(), new CpuBackend(2).toString());
        CpuBackend fromProvider = (CpuBackend) new CpuBackendProvider().open(0);
        assertEquals(simd, fromProvider.usesVectorApi(), fromProvider.kernelsDescription());
    }

    @Test
    void scalarCanAlwaysBeForcedAndSimdNeedsTheModule() {
        assertFalse(new CpuBackend(1, false).usesVectorApi());
        assertEquals(vectorModuleReadable(), new CpuBackend(1, true).usesVectorApi());
    }
}
