package dev.jgrad.demo;

import dev.jgrad.Device;
import java.nio.file.Path;

/**
 * The demo's command line: {@code [--device cpu|cuda|cuda:N|auto] [--out DIR] [--steps N]}.
 *
 * <pre>{@code
 * DemoOptions o = DemoOptions.parse("--device", "cpu", "--out", "/tmp/pics");
 * o.device();        // Device.cpu(); null means "auto" (Device.defaultDevice())
 * }</pre>
 *
 * @param device       the device to train on, or null to take {@link Device#defaultDevice()}
 * @param out          folder for the PNGs
 * @param lectureSteps steps of the lecture's 2-layer net (the issue asks for 2000)
 */
record DemoOptions(Device device, Path out, int lectureSteps) {
    static final String USAGE = "usage: Demo [--device cpu|cuda|cuda:N|auto] [--out DIR] [--steps N]"
            + "  |  Demo trace [DIR]";

    static DemoOptions defaults() {
        return new DemoOptions(null, Path.of("demo-out"), 2000);
    }

    /** Parses the arguments; throws IllegalArgumentException naming the bad one and the usage. */
    static DemoOptions parse(String... args) {
        Device device = null;
        Path out = defaults().out();
        int steps = defaults().lectureSteps();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--device" -> {
                    String d = value(args, i++);
                    device = d.equalsIgnoreCase("auto") ? null : Device.parse(d);
                }
                case "--out" -> out = Path.of(value(args, i++));
                case "--steps" -> {
                    String n = value(args, i++);
                    try {
                        steps = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Demo: --steps needs a whole number, got '" + n + "'. "
                                + USAGE);
                    }
                    if (steps < 1) {
                        throw new IllegalArgumentException("Demo: --steps must be >= 1, got " + steps + ". " + USAGE);
                    }
                }
                default -> throw new IllegalArgumentException("Demo: unknown argument '" + arg + "'. " + USAGE);
            }
        }
        return new DemoOptions(device, out, steps);
    }

    private static String value(String[] args, int flagIndex) {
        if (flagIndex + 1 >= args.length) {
            throw new IllegalArgumentException("Demo: " + args[flagIndex] + " needs a value. " + USAGE);
        }
        return args[flagIndex + 1];
    }
}
