package dev.jgrad.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX modules shipped in this jar, one per kernel family, as classpath resources
 * {@code /dev/jgrad/kernels/<file>.ptx}. Each was built from {@code src/main/cuda/<file>.cu} by
 * {@code kernels/build-ptx.sh}; its first line records the source's SHA-256. Beside each PTX,
 * {@code <file>.sm_80.cubin} and {@code <file>.sm_90.cubin}: the same PTX assembled by ptxas, which
 * a driver loads without JIT-compiling it.
 *
 * <pre>{@code
 * byte[] ptx = KernelSources.Module.REDUCE.ptx();        // NUL-terminated, ready for cuModuleLoadData
 * Set<String> names = KernelSources.Module.REDUCE.entryNames();   // "sum_f32", "argmax_f64", ...
 * Optional<byte[]> sass = KernelSources.Module.REDUCE.cubin(8, 6);  // the sm_80 cubin runs on an sm_86 GPU
 * }</pre>
 */
public final class KernelSources {
    /** The compute capabilities shipped as cubins, newest first (each major.minor as major·10 + minor). */
    public static final List<Integer> CUBIN_ARCHS = List.of(90, 80);
    private static final Pattern ENTRY = Pattern.compile("^\\.visible \\.entry ([A-Za-z0-9_]+)\\(", Pattern.MULTILINE);

    private KernelSources() {
    }

    /** The kernel families, named like their source files. */
    public enum Module {
        /** unary/binary ops and fused backward helpers */
        ELEMENTWISE("elementwise"),
        /** sum/max/min along dims, argmax */
        REDUCE("reduce"),
        /** softmax, log-softmax, fused softmax cross-entropy */
        SOFTMAX("softmax"),
        /** fill, copy, cast, one-hot */
        MISC("misc"),
        /** Philox4x32-10 uniform and normal fill */
        RANDOM("random");

        private final String fileName;

        Module(String fileName) {
            this.fileName = fileName;
        }

        /** Base name of the .cu source and .ptx resource. */
        public String fileName() {
            return fileName;
        }

        /** Classpath location of the PTX. */
        public String resourcePath() {
            return "/dev/jgrad/kernels/" + fileName + ".ptx";
        }

        /** The PTX text. */
        public String ptxText() {
            try (InputStream in = KernelSources.class.getResourceAsStream(resourcePath())) {
                if (in == null) {
                    throw new IllegalStateException("PTX resource " + resourcePath() + " is missing from jgrad-kernels");
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("reading PTX resource " + resourcePath(), e);
            }
        }

        /** Classpath location of the cubin for compute capability {@code arch} (major·10 + minor). */
        public String cubinPath(int arch) {
            return "/dev/jgrad/kernels/" + fileName + ".sm_" + arch + ".cubin";
        }

        /**
         * Machine code that runs on a GPU of compute capability {@code major.minor}: the shipped cubin
         * of the same major generation with the highest minor not above it; empty when none fits
         * (then the PTX is JIT-compiled by the driver).
         */
        public Optional<byte[]> cubin(int major, int minor) {
            for (int arch : CUBIN_ARCHS) {
                if (arch / 10 == major && arch % 10 <= minor) {
                    return Optional.of(read(cubinPath(arch)));
                }
            }
            return Optional.empty();
        }

        private static byte[] read(String path) {
            try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("kernel resource " + path + " is missing from jgrad-kernels");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading kernel resource " + path, e);
            }
        }

        /** The PTX as NUL-terminated bytes, the form the CUDA driver's module loader expects. */
        public byte[] ptx() {
            byte[] text = ptxText().getBytes(StandardCharsets.US_ASCII);
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            return z;
        }

        /** Names of the kernels ({@code .entry}) the module defines, in file order. */
        public Set<String> entryNames() {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = ENTRY.matcher(ptxText());
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }
}
