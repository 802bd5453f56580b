package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchGeometryTest {
    @Test
    void elementwiseCoversSmallInputsAndCapsLargeOnes() {
        assertEquals(new LaunchGeometry(1, 256, false), LaunchGeometry.elementwise(1, 4224));
        assertEquals(new LaunchGeometry(1, 256, false), LaunchGeometry.elementwise(0, 4224));
        assertEquals(4, LaunchGeometry.elementwise(1000, 4224).gridX());
        assertEquals(4224, LaunchGeometry.elementwise(1L << 40, 4224).gridX(), "grid-stride beyond the cap");
        assertEquals(132 * 32, LaunchGeometry.maxBlocksFor(132));
        assertEquals(32, LaunchGeometry.maxBlocksFor(0));
    }

    @Test
    void blockSizesArePowersOfTwoWarpMultiples() {
        assertEquals(32, LaunchGeometry.warpMultiple(1));
        assertEquals(32, LaunchGeometry.warpMultiple(32));
        assertEquals(64, LaunchGeometry.warpMultiple(33));
        assertEquals(256, LaunchGeometry.warpMultiple(1L << 33));
    }

    @Test
    void reductionsPickPerThreadForShortOrOuterReductions() {
        LaunchGeometry shortRows = LaunchGeometry.reduction(100_000, 10, false, 4224);
        assertTrue(shortRows.perThread());
        assertEquals(256, shortRows.blockX());
        assertEquals(391, shortRows.gridX());

        LaunchGeometry columns = LaunchGeometry.reduction(8192, 8192, true, 4224);
        assertTrue(columns.perThread(), "sum over rows of a row-major matrix reads coalesced per thread");

        LaunchGeometry rows = LaunchGeometry.reduction(8192, 8192, false, 4224);
        assertFalse(rows.perThread());
        assertEquals(256, rows.blockX());
        assertEquals(4224, rows.gridX());

        LaunchGeometry oneBig = LaunchGeometry.reduction(1, 100, false, 4224);
        assertEquals(new LaunchGeometry(1, 128, false), oneBig);
    }

    @Test
    void geometryIsAFunctionOfSizesOnly() {
        assertEquals(LaunchGeometry.reduction(77, 5000, false, 4224), LaunchGeometry.reduction(77, 5000, false, 4224));
        assertEquals(new LaunchGeometry(64, 64, false), LaunchGeometry.rows(64, 40, 4224));
    }
}
