package dev.jgrad.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** This machine as the report names it: the CPU model from /proc/cpuinfo and the core count. */
public final class Machine {
    private Machine() {
    }

    /** E.g. {@code "Intel(R) Xeon(R) Processor, 2 cores"}. */
    public static String describe() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** A file-name form of {@link #describe()}: {@code "intel-xeon-processor-2c"}. */
    public static String slug() {
        return slug(cpuModel(), Runtime.getRuntime().availableProcessors());
    }

    /** The slug of a given CPU model and core count. */
    public static String slug(String model, int cores) {
        String s = model.toLowerCase(Locale.ROOT).replaceAll("\\((r|tm|c)\\)", "").replaceAll("\\bcpu\\b", "")
                .replaceAll("@.*", "").replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return (s.isEmpty() ? "unknown-cpu" : s) + "-" + cores + "c";
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall back to the architecture below
        }
        return System.getProperty("os.arch", "unknown-cpu");
    }

    /** The 1-, 5- and 15-minute load averages, or "n/a" off Linux. */
    public static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
