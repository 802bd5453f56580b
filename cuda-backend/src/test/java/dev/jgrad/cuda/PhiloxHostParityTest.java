package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.spi.Philox;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA Philox code (kernels/src/main/cuda/random.cu) compiled for the host gives bit for bit
 * the numbers of {@link Philox}: words, uniform F64/F32 and Box–Muller normal F64/F32, for 10,015
 * (seed, index) pairs including indices past 2^32. This checks the transcription (constants,
 * operation order) without a GPU; random.cu is compiled with -fmad=false for the device so the GPU
 * evaluates the same correctly rounded operations. Needs nvcc; skipped without it.
 */
class PhiloxHostParityTest {
    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @Test
    void hostBuildOfTheKernelSourceMatchesPhiloxJava(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("nvcc"), "nvcc is not on PATH: CUDA Philox transcription not checked");
        Path exe = tmp.resolve("philox_host_check");
        run(List.of("nvcc", "-std=c++17", "-fmad=false", "-Xcompiler", "-ffp-contract=off",
                "-I", MODULE_DIR.resolve("../kernels/src/main/cuda").normalize().toString(),
                MODULE_DIR.resolve("src/test/cuda/philox_host_check.cu").toString(), "-o", exe.toString()), tmp);
        String out = run(List.of(exe.toString()), tmp);
        int[] w = new int[4];
        int checked = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ");
            long seed = Long.parseUnsignedLong(f[0]);
            long index = Long.parseUnsignedLong(f[1]);
            Philox.block(seed, index, w);
            String at = "seed " + seed + " index " + index;
            for (int j = 0; j < 4; j++) {
                assertEquals(Integer.toUnsignedString(w[j]), f[2 + j], "word " + j + " at " + at);
            }
            assertEquals(Double.doubleToRawLongBits(Philox.uniformF64(seed, index)), Long.parseUnsignedLong(f[6], 16), "uniform F64 at " + at);
            assertEquals(Float.floatToRawIntBits(Philox.uniformF32(seed, index)), Integer.parseUnsignedInt(f[7], 16), "uniform F32 at " + at);
            double normal = Philox.normal(seed, index);
            assertEquals(Double.doubleToRawLongBits(normal), Long.parseUnsignedLong(f[8], 16), "normal F64 at " + at);
            assertEquals(Float.floatToRawIntBits((float) normal), Integer.parseUnsignedInt(f[9], 16), "normal F32 at " + at);
            checked++;
        }
        assertEquals(5 * 2003, checked);
    }

    /** Whether {@code tool} is an executable on PATH (the toolkit checks of this module's tests skip without it). */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), "failed: " + command + "\n" + output);
        return output;
    }
}
