package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.kernels.KernelSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchGeometryTest {
    @Test
    void elementwiseCoversSmallInputsAndCapsLargeOnes() {
        assertEquals(new LaunchGeometry(1, 256, LaunchGeometry.BLOCK_PER_OUTPUT), LaunchGeometry.elementwise(1, 4224));
        assertEquals(new LaunchGeometry(1, 256, LaunchGeometry.BLOCK_PER_OUTPUT), LaunchGeometry.elementwise(0, 4224));
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
        assertEquals(new LaunchGeometry(1, 128, LaunchGeometry.BLOCK_PER_OUTPUT), oneBig);
    }

    @Test
    void sumsOverOuterDimsUseColumnsWithWarpsSplittingTheReducedElements() {
        // a bias gradient: 4096 adjacent outputs, 4096 rows each: 128 blocks of 32 outputs, 16 warps
        assertEquals(new LaunchGeometry(128, 512, LaunchGeometry.COLUMNS),
                LaunchGeometry.columnsOrReduction(4096, 4096, true, 4224));
        // 100 rows: warps get >= 16 rows each, so 4 warps (25 rows each); 10 groups of 32 outputs
        assertEquals(new LaunchGeometry(10, 128, LaunchGeometry.COLUMNS),
                LaunchGeometry.columnsOrReduction(300, 100, true, 4224));
        // fewer than a warp of outputs, short reductions and non-adjacent outputs keep the other modes
        assertEquals(LaunchGeometry.reduction(10, 4096, true, 4224), LaunchGeometry.columnsOrReduction(10, 4096, true, 4224));
        assertEquals(LaunchGeometry.reduction(5000, 8, true, 4224), LaunchGeometry.columnsOrReduction(5000, 8, true, 4224));
        assertEquals(LaunchGeometry.reduction(8192, 8192, false, 4224),
                LaunchGeometry.columnsOrReduction(8192, 8192, false, 4224));
        assertEquals(4224, LaunchGeometry.columnsOrReduction(1L << 30, 64, true, 4224).gridX(), "grid-stride beyond the cap");
    }

    @Test
    void geometryIsAFunctionOfSizesOnly() {
        assertEquals(LaunchGeometry.reduction(77, 5000, false, 4224), LaunchGeometry.reduction(77, 5000, false, 4224));
        assertEquals(new LaunchGeometry(64, 64, LaunchGeometry.BLOCK_PER_OUTPUT), LaunchGeometry.rows(64, 40, 4224));
    }

    /**
     * A block of B threads needs B × (registers a thread, rounded up to 8) of an SM's 64K registers, or the
     * launch fails with CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (seen on the H100 with 1024-thread column
     * reductions). ptxas -v reports each kernel's registers; needs ptxas on PATH (CI has it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void everyKernelFitsTheLargestBlockItIsLaunchedWith(String arch, @TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(PhiloxHostParityTest.onPath("ptxas"), "ptxas is not on PATH: register counts not checked");
        Pattern entry = Pattern.compile("Compiling entry function '([A-Za-z0-9_]+)'");
        Pattern regs = Pattern.compile("Used (\\d+) registers");
        int checked = 0;
        for (KernelSources.Module m : KernelSources.Module.values()) {
            Path ptx = tmp.resolve(m.fileName() + ".ptx");
            Files.writeString(ptx, m.ptxText(), StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder("ptxas", "-v", "-arch=" + arch, ptx.toString(), "-o",
                    tmp.resolve(m.fileName() + ".cubin").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "ptxas failed on " + m + ":\n" + out);
            int block = LaunchGeometry.largestBlock(m);
            String kernel = null;
            for (String line : out.split("\n")) {
                Matcher e = entry.matcher(line);
                if (e.find()) {
                    kernel = e.group(1);
                }
                Matcher r = regs.matcher(line);
                if (r.find() && kernel != null) {
                    int perThread = (Integer.parseInt(r.group(1)) + 7) / 8 * 8;
                    assertTrue(perThread * block <= 65536, kernel + " (" + arch + ") uses " + r.group(1)
                            + " registers a thread: a block of " + block + " needs " + perThread * block + " of 65536");
                    checked++;
                    kernel = null;
                }
            }
        }
        assertTrue(checked > 100, "register counts found for " + checked + " kernels");
    }
}
