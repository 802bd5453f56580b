package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.BackendUnavailableException;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.spi.BackendProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Without a usable GPU (this CI machine: no driver at all) CUDA must be reported unavailable with
 * one clear sentence, and using it must throw BackendUnavailableException, never a linkage error.
 */
class CudaAvailabilityTest {
    private static String reason() {
        return new CudaBackendProvider().unavailableReason();
    }

    private static void assumeNoGpu() {
        assumeTrue(reason() != null, "a usable GPU is present: the unavailability checks do not apply");
    }

    @Test
    void providerIsFoundByServiceLoaderAndServesCuda() {
        boolean found = ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == CudaBackendProvider.class);
        assertTrue(found, "META-INF/services registers CudaBackendProvider");
        assertEquals("cuda", new CudaBackendProvider().deviceType());
    }

    @Test
    void probeNeverThrowsAndIsCached() {
        BackendProvider p = new CudaBackendProvider();
        String first = assertDoesNotThrow(p::unavailableReason);
        String second = assertDoesNotThrow(p::unavailableReason);
        assertSame(first, second, "the probe runs once per process");
        assertDoesNotThrow(p::deviceCount);
    }

    @Test
    void reasonIsOneClearSentence() {
        assumeNoGpu();
        String why = reason();
        assertTrue(why.startsWith("CUDA unavailable: "), why);
        assertFalse(why.contains("\n"), "one line: " + why);
        assertEquals(0, new CudaBackendProvider().deviceCount());
        if (!new java.io.File("/proc/driver/nvidia").exists()) {
            assertEquals("CUDA unavailable: libcuda.so.1 not found (no NVIDIA driver)", why);
        }
    }

    @Test
    void deviceIsUnavailableAndUsingItThrowsTheReason() {
        assumeNoGpu();
        assertFalse(Device.isAvailable(Device.cuda()));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> {
            try (Scope s = Device.with(Device.cuda())) {
                Tensor.ones(DType.F64, 2).close();
            }
        });
        assertTrue(e.getMessage().contains(reason()), e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> new CudaBackendProvider().open(0));
    }

    @Test
    void movingACpuTensorToCudaThrowsTheReason() {
        assumeNoGpu();
        assumeTrue(Device.isAvailable(Device.cpu()), "no cpu backend on the classpath yet");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> {
            try (Tensor t = Tensor.zeros(DType.F32, 3).to(Device.cpu())) {
                t.to(Device.cuda()).close();
            }
        });
        assertTrue(e.getMessage().contains(reason()), e.getMessage());
    }

    @Test
    void diagnosticsExplainsWithoutThrowing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertDoesNotThrow(() -> Diagnostics.print(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("JCuda:"), report);
        assertTrue(report.contains("usable:"), report);
        String why = reason();
        if (why != null) {
            assertTrue(report.contains("usable:          no. " + why), report);
        } else {
            assertTrue(report.contains("usable:          yes"), report);
        }
        assertNotNull(report);
    }
}
