package dev.jgrad.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX modules shipped in this jar, one per kernel family, as classpath resources
 * {@code /dev/jgrad/kernels/<file>.ptx}. Each was built from {@code src/main/cuda/<file>.cu} by
 * {@code kernels/build-ptx.sh}; its first line records the source's SHA-256.
 *
 * <pre>{@code
 * byte[] ptx = KernelSources.Module.REDUCE.ptx();        // NUL-terminated, ready for cuModuleLoadData
 * Set<String> names = KernelSources.Module.REDUCE.entryNames();   // "sum_f32", "argmax_f64", ...
 * }</pre>
 */
public final class KernelSources {
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
