package dev.jgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed PTX is what the committed CUDA C compiles to, and every GPU generation we support
 * can assemble it. Hash checks need nothing; regeneration and ptxas need the CUDA toolkit on PATH
 * and are skipped, with the reason, where it is absent.
 */
class KernelPtxTest {
    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Path SOURCES = MODULE_DIR.resolve("src/main/cuda");
    private static final Path COMMITTED = MODULE_DIR.resolve("src/main/resources/dev/jgrad/kernels");
    private static final String HEADER = "// jgrad-source-sha256: ";

    @Test
    void everySourceHasAPtxWhoseHeaderIsItsHash() throws Exception {
        List<Path> sources = cudaSources();
        assertEquals(KernelSources.Module.values().length, sources.size(),
                "one .cu per KernelSources.Module, found " + sources);
        for (KernelSources.Module m : KernelSources.Module.values()) {
            Path cu = SOURCES.resolve(m.fileName() + ".cu");
            assertTrue(Files.exists(cu), "source of " + m + " at " + cu);
            String firstLine = m.ptxText().lines().findFirst().orElse("");
            assertEquals(HEADER + sha256(cu), firstLine,
                    m.fileName() + ".ptx is stale: run kernels/build-ptx.sh and commit the PTX");
        }
    }

    @Test
    void everyModuleDeclaresPtx80AndDefinesKernels() {
        for (KernelSources.Module m : KernelSources.Module.values()) {
            String ptx = m.ptxText();
            assertTrue(ptx.contains("\n.version 8.0\n"), m + " must be lowered to PTX ISA 8.0");
            assertTrue(ptx.contains("\n.target sm_75\n"), m + " must target compute_75");
            assertFalse(m.entryNames().isEmpty(), m + " defines no kernels");
        }
        byte[] z = KernelSources.Module.MISC.ptx();
        assertEquals(0, z[z.length - 1], "module bytes are NUL-terminated for cuModuleLoadData");
    }

    @Test
    void regeneratingThePtxGivesTheCommittedFiles(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("nvcc"), "nvcc is not on PATH: PTX regeneration not checked");
        run(List.of("bash", MODULE_DIR.resolve("build-ptx.sh").toString(), tmp.toString()));
        for (KernelSources.Module m : KernelSources.Module.values()) {
            String regenerated = Files.readString(tmp.resolve(m.fileName() + ".ptx"), StandardCharsets.US_ASCII);
            assertEquals(m.ptxText(), regenerated,
                    m.fileName() + ".ptx differs from what build-ptx.sh produces: rebuild and commit it");
            for (int arch : KernelSources.CUBIN_ARCHS) {
                byte[] built = Files.readAllBytes(tmp.resolve(m.fileName() + ".sm_" + arch + ".cubin"));
                assertArrayEquals(built, m.cubin(arch / 10, arch % 10).orElseThrow(),
                        m.fileName() + ".sm_" + arch + ".cubin differs from what build-ptx.sh produces: rebuild and commit it");
            }
        }
    }

    @Test
    void cubinsAreElfMachineCodeForTheirGenerationOnly() {
        for (KernelSources.Module m : KernelSources.Module.values()) {
            byte[] sm90 = m.cubin(9, 0).orElseThrow(() -> new AssertionError(m + ": no cubin for sm_90"));
            assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(sm90, 4), m + " sm_90 cubin is an ELF image");
            byte[] sm80 = m.cubin(8, 0).orElseThrow(() -> new AssertionError(m + ": no cubin for sm_80"));
            assertArrayEquals(sm80, m.cubin(8, 9).orElseThrow(), "an sm_89 GPU (same major, higher minor) runs the sm_80 code");
            assertFalse(java.util.Arrays.equals(sm80, sm90), m + ": distinct machine code per generation");
            assertTrue(m.cubin(7, 5).isEmpty(), "no Turing cubin: the driver JITs the PTX");
            assertTrue(m.cubin(10, 0).isEmpty(), "a newer major generation cannot run sm_90 code: PTX");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sm_75", "sm_80", "sm_90"})
    void ptxasAssemblesEveryModule(String arch, @TempDir Path tmp) throws Exception {
        assumeTrue(onPath("ptxas"), "ptxas is not on PATH: PTX not assembled");
        for (KernelSources.Module m : KernelSources.Module.values()) {
            Path ptx = COMMITTED.resolve(m.fileName() + ".ptx");
            run(List.of("ptxas", "-arch=" + arch, ptx.toString(), "-o", tmp.resolve(m.fileName() + ".cubin").toString()));
        }
    }

    private static List<Path> cudaSources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    }

    private static boolean onPath(String tool) {
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

    private static void run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), "command failed: " + command + "\n" + output);
    }
}
