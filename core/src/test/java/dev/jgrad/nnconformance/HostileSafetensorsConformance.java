package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameters;
import dev.jgrad.nn.Sequential;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Parameters.load} and {@code loadTensors} against 1,000 damaged or hostile variants of a valid
 * safetensors file ({@link HostileSafetensorsFiles}): each must end in an {@link IllegalArgumentException}
 * or {@link UncheckedIOException} (never an Error, a NegativeArraySize/IndexOutOfBounds/NumberFormat
 * exception, or a hang) and leave the module's parameters bitwise unchanged; a variant that is still a
 * valid file must load exactly what {@code loadTensors} reads from it.
 */
public abstract class HostileSafetensorsConformance extends NnTestBase {
    static final int MUTANTS = 1000;

    @TempDir
    Path dir;

    private static Sequential net(long seed) {
        return new Sequential(new Linear(3, 4, seed), Activation.relu(), new Linear(4, 2, seed + 1));
    }

    private static List<int[]> bits(Module m) {
        List<int[]> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            out.add(floatBits(p));
        }
        return out;
    }

    private static int[] floatBits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    /** The valid file's parts, read back the way the format defines them. */
    private static HostileSafetensorsFiles parts(Module source, byte[] saved) {
        long headerLength = ByteBuffer.wrap(saved).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        byte[] body = java.util.Arrays.copyOfRange(saved, (int) (8 + headerLength), saved.length);
        List<HostileSafetensorsFiles.Entry> entries = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, Tensor> e : source.namedParameters().entrySet()) {
            long bytes = e.getValue().numel() * 4;
            entries.add(new HostileSafetensorsFiles.Entry(e.getKey(), "F32", e.getValue().shape(), at, at + bytes));
            at += bytes;
        }
        return new HostileSafetensorsFiles(entries, body);
    }

    @Test
    void aThousandMutatedFilesOnlyThrowClearExceptionsAndNeverLoadPartially() {
        Device d = device();
        // preemptive: a parser stuck in a loop fails the test instead of hanging the build
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (Scope s = Device.with(d)) {
                fuzzLoad();
            }
        });
    }

    @Test
    void unreadablePathsThrowUncheckedIOExceptionAndLeaveTheModuleAlone() {
        Sequential target = net(100);
        List<int[]> before = bits(target);
        for (Path p : List.of(dir.resolve("missing.safetensors"), dir)) {
            assertThrows(UncheckedIOException.class, () -> Parameters.load(target, p), p.toString());
            assertThrows(UncheckedIOException.class, () -> Parameters.loadTensors(p), p.toString());
        }
        assertTrue(equal(before, bits(target)), "parameters changed");
    }

    /**
     * A length prefix claiming a 160 MB header (in a sparse file of that size) must be refused before the
     * header is read: today the reader allocates the claimed length, then twice that again to decode it,
     * so a 600 MB file is an OutOfMemoryError under -Xmx1g and a 2 GB one under the default heap of a
     * 24 GB machine. The reference safetensors reader caps headers at 100 MB (real ones are kilobytes).
     */
    @Test
    void aHugeClaimedHeaderIsRefusedWithoutAllocatingIt() throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "skipped: this JVM cannot count the bytes a thread allocates");
        Path file = dir.resolve("huge-header.safetensors");
        long size = 160L << 20;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);   // sparse: no disk space used
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(size - 8).array());
        }
        Sequential target = net(100);
        List<int[]> before = bits(target);
        long thread = Thread.currentThread().getId();
        long start = threads.getThreadAllocatedBytes(thread);
        Throwable load = attempt(() -> Parameters.load(target, file));
        Throwable read = attempt(() -> Parameters.loadTensors(file));
        long allocated = threads.getThreadAllocatedBytes(thread) - start;
        assertTrue(load instanceof IllegalArgumentException, "load threw " + load);
        assertTrue(read instanceof IllegalArgumentException, "loadTensors threw " + read);
        assertTrue(equal(before, bits(target)), "parameters changed");
        assertTrue(allocated < (32L << 20), "rejecting a file that claims a " + (size - 8) + "-byte header allocated "
                + (allocated >> 20) + " MiB: a hostile length prefix can exhaust the heap");
    }

    private void fuzzLoad() throws IOException {
        Sequential source = net(1);
        Path validPath = dir.resolve("valid.safetensors");
        Parameters.save(source, validPath);
        byte[] saved = Files.readAllBytes(validPath);
        HostileSafetensorsFiles files = parts(source, saved);
        assertArrayEquals(saved, files.valid(), "the test rebuilds Parameters.save's layout from its parts");
        List<int[]> sourceBits = bits(source);

        Sequential target = net(100);
        List<int[]> targetBits = bits(target);
        Path file = dir.resolve("mutant.safetensors");
        Map<String, Integer> loadOutcomes = new TreeMap<>();
        Map<String, Integer> loadTensorsOutcomes = new TreeMap<>();
        Map<String, Integer> kinds = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            HostileSafetensorsFiles.Mutant m = files.mutant(i);
            kinds.merge(m.kind(), 1, Integer::sum);
            Files.write(file, m.bytes());
            String what = "mutant " + i + " (" + m.kind() + ", " + m.bytes().length + " bytes)";

            Throwable loadFailure = attempt(() -> Parameters.load(target, file));
            loadOutcomes.merge(name(loadFailure), 1, Integer::sum);
            Throwable readFailure = attempt(() -> Parameters.loadTensors(file).values().forEach(Tensor::close));
            loadTensorsOutcomes.merge(name(readFailure), 1, Integer::sum);

            for (Throwable t : new Throwable[] {loadFailure, readFailure}) {
                if (t != null && !(t instanceof IllegalArgumentException) && !(t instanceof UncheckedIOException)) {
                    problems.add(what + ": threw " + t);
                }
            }
            if (loadFailure != null) {
                if (!equal(targetBits, bits(target))) {
                    problems.add(what + ": failed with " + loadFailure + " but changed the module's parameters");
                }
                continue;
            }
            if (m.mustFail()) {
                problems.add(what + ": was accepted");
            } else if (readFailure != null) {
                problems.add(what + ": load accepted it but loadTensors threw " + readFailure);
            } else if (!matchesFile(target, file)) {
                problems.add(what + ": loaded values differ from what loadTensors reads");
            } else if (m.kind().contains("(valid)") && !equal(sourceBits, bits(target))) {
                problems.add(what + ": the same tensors in another order loaded other values");
            }
            Parameters.load(target, validPath);   // a known state again: the saved source's values
            targetBits = bits(target);
            assertTrue(equal(sourceBits, targetBits), "reloading the valid file restores the source's values");
        }

        StringBuilder report = new StringBuilder("hostile safetensors on " + device() + ": " + MUTANTS
                + " mutated files tried, " + kinds.size() + " kinds of damage, " + problems.size() + " problems\n");
        report.append("  Parameters.load outcomes: ").append(loadOutcomes).append('\n');
        report.append("  Parameters.loadTensors outcomes: ").append(loadTensorsOutcomes).append('\n');
        report.append("  per kind: ").append(kinds).append('\n');
        problems.stream().limit(20).forEach(p -> report.append("  PROBLEM ").append(p).append('\n'));
        System.out.print(report);
        assertTrue(problems.isEmpty(), report.toString());
        assertEquals(files.kinds(), kinds.size(), "every kind of damage was tried");
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the action threw (Errors included), or null. */
    private static Throwable attempt(Action a) {
        try {
            a.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static String name(Throwable t) {
        return t == null ? "loaded" : t.getClass().getSimpleName();
    }

    private static boolean equal(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesFile(Module m, Path file) {
        Map<String, Tensor> read = Parameters.loadTensors(file);
        try {
            for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
                if (!java.util.Arrays.equals(floatBits(p.getValue()), floatBits(read.get(p.getKey())))) {
                    return false;
                }
            }
            return true;
        } finally {
            read.values().forEach(Tensor::close);
        }
    }
}
