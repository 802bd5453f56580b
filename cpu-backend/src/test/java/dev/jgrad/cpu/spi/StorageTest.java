package dev.jgrad.cpu.spi;

import static dev.jgrad.cpu.spi.SpiFixtures.BE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.cpu.CpuBackendProvider;
import dev.jgrad.spi.BackendProvider;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.View;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Provider registration, storage lifetime, upload / download. */
class StorageTest {
    @Test
    void providerIsRegisteredAndAlwaysAvailable() {
        BackendProvider found = null;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.deviceType().equals("cpu")) {
                found = p;
            }
        }
        assertTrue(found instanceof CpuBackendProvider, "cpu provider found by ServiceLoader");
        assertNull(found.unavailableReason());
        assertEquals(1, found.deviceCount());
        assertEquals("cpu", BE.name());
        assertEquals(Device.cpu(), BE.device());
        BE.synchronize();
    }

    @Test
    void tooLargeAllocationNamesTheSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BE.allocate(DType.F32, 3_000_000_000L));
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void freedStorageCannotBeUsed() {
        Storage s = BE.allocate(DType.F64, 4);
        View v = new View(s, Layout.contiguous(4));
        BE.fill(v, 1);
        s.free();
        assertThrows(IllegalStateException.class, () -> BE.download(v));
        assertThrows(IllegalStateException.class, () -> BE.fill(v, 2));
        assertThrows(IllegalStateException.class, () -> BE.upload(new double[4], s));
    }

    @Test
    void downloadReturnsRowMajorCopyOfAnyView() {
        Storage s = BE.allocate(DType.I32, 6);
        BE.upload(new int[] {1, 2, 3, 4, 5, 6}, s);
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6},
                (int[]) BE.download(new View(s, Layout.contiguous(2, 3).transpose(0, 1))));
        assertArrayEquals(new int[] {2, 3, 2, 3},
                (int[]) BE.download(new View(s, new Layout(new long[] {2, 2}, new long[] {0, 1}, 1))));
        assertArrayEquals(new int[] {5}, (int[]) BE.download(new View(s, new Layout(new long[0], new long[0], 4))));
        int[] copy = (int[]) BE.download(new View(s, Layout.contiguous(6)));
        copy[0] = 100;    // a copy: the storage is unchanged
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, (int[]) BE.download(new View(s, Layout.contiguous(6))));
    }

    @Test
    void uploadRejectsWrongTypeOrLength() {
        Storage s = BE.allocate(DType.F32, 3);
        assertThrows(IllegalArgumentException.class, () -> BE.upload(new double[3], s));
        assertThrows(IllegalArgumentException.class, () -> BE.upload(new float[4], s));
    }
}
