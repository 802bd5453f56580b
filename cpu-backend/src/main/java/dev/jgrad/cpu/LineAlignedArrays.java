package dev.jgrad.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Scratch arrays in which the packed GEMM knows where the 64-byte cache lines begin, so that its 64-byte vector
 * loads and stores each touch one line instead of two.
 *
 * <p>Why: Java does not say where an array's elements lie, and by chance they rarely start on a line. The packed
 * GEMM streams 64-byte vectors of packed B and of its C tile; straddling loads cost it measurably (1024³ F32 on
 * 2 cores, paired calls in one JVM: 4–5% of the call's time, 350–411 of 500 pairs in three runs; the same build
 * with the offsets set to 0: even).
 *
 * <p>How: HotSpot's G1 collector (the default) puts every humongous object, one of at least half a heap region,
 * at the start of a region, a multiple of 1 MiB; so its elements start one array header (16 bytes in the default
 * layout) past a line boundary. {@link #newFloatArray} and {@link #newDoubleArray} make their arrays that big where
 * this adds at most {@link #MAX_PAD_BYTES}, and {@link #lineStart} gives the first index on a line boundary for an
 * array of that length. Anywhere else (another collector, another object layout, a smaller array) lineStart is 0,
 * which costs speed, never results: callers only shift where their data starts. The price is memory: with this
 * machine's 4 MiB regions, a thread that runs the packed GEMM keeps its packed B and C tile at 2 MiB or more each.
 *
 * <pre>{@code float[] panel = LineAlignedArrays.newFloatArray(n + LineAlignedArrays.MAX_SHIFT);
 * int base = LineAlignedArrays.lineStart(panel);   // panel[base], panel[base + 16], ... begin cache lines}</pre>
 */
final class LineAlignedArrays {
    /** Cache line bytes. */
    static final int LINE = 64;
    /** More than any lineStart, in elements: what a caller adds to the length it needs. */
    static final int MAX_SHIFT = LINE / Float.BYTES;
    /** An array is padded up to the humongous size only when that adds at most this many bytes. */
    static final long MAX_PAD_BYTES = 4L << 20;
    /** Bytes from which an object is humongous, or 0 where that placement is not known (no G1). */
    static final long HUMONGOUS_BYTES;
    /** Offset of element 0 in a float[] or double[] (the same in the default layout), or −1 where not known. */
    static final int ARRAY_BASE;

    static {
        long[] known = {0, -1};
        try {
            known = HotSpotLayout.read();
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot, or jdk.management not in the module graph: nothing is known, lineStart stays 0
        }
        HUMONGOUS_BYTES = known[1] < 0 ? 0 : known[0];
        ARRAY_BASE = (int) known[1];
    }

    private LineAlignedArrays() {
    }

    /** Reads the VM's options (a class of its own, so a missing jdk.management fails only here). */
    private static final class HotSpotLayout {
        /** {humongous bytes or 0, array base offset or −1}. */
        static long[] read() {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long region = flag(vm, "UseG1GC") ? Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue()) : 0;
            // the default layout: 8-byte mark word, 4-byte compressed class pointer, 4-byte length; JDK 24+'s
            // compact object headers (an option that does not exist before) lay arrays out otherwise
            boolean defaultLayout = flag(vm, "UseCompressedClassPointers") && !flag(vm, "UseCompactObjectHeaders");
            return new long[] {region / 2, defaultLayout ? 16 : -1};
        }

        private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
            try {
                return Boolean.parseBoolean(vm.getVMOption(name).getValue());
            } catch (IllegalArgumentException noSuchOption) {
                return false;
            }
        }
    }

    /** A float array of at least {@code n} elements, padded to the humongous size where that is cheap. */
    static float[] newFloatArray(int n) {
        return new float[paddedLength(n, Float.BYTES, ARRAY_BASE, HUMONGOUS_BYTES)];
    }

    /** A double array of at least {@code n} elements, padded to the humongous size where that is cheap. */
    static double[] newDoubleArray(int n) {
        return new double[paddedLength(n, Double.BYTES, ARRAY_BASE, HUMONGOUS_BYTES)];
    }

    /** The first index of {@code a} on a cache-line boundary, if known; else 0. */
    static int lineStart(float[] a) {
        return lineStart(a.length, Float.BYTES, ARRAY_BASE, HUMONGOUS_BYTES);
    }

    /** The first index of {@code a} on a cache-line boundary, if known; else 0. */
    static int lineStart(double[] a) {
        return lineStart(a.length, Double.BYTES, ARRAY_BASE, HUMONGOUS_BYTES);
    }

    /** {@code n}, or the length that makes the array humongous if that adds at most {@link #MAX_PAD_BYTES}. */
    static int paddedLength(int n, int elementBytes, int base, long humongousBytes) {
        long bytes = base + (long) n * elementBytes;
        if (humongousBytes == 0 || bytes >= humongousBytes || humongousBytes - bytes > MAX_PAD_BYTES) {
            return n;
        }
        return (int) ((humongousBytes - base + elementBytes - 1) / elementBytes);
    }

    /** lineStart for an array of {@code length} elements under the given layout (0 if not humongous or unknown). */
    static int lineStart(int length, int elementBytes, int base, long humongousBytes) {
        if (humongousBytes == 0 || base + (long) length * elementBytes < humongousBytes) {
            return 0;
        }
        return (LINE - base % LINE) % LINE / elementBytes;
    }
}
