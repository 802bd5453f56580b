package dev.jgrad.demo;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.TensorScope;
import dev.jgrad.bench.TwoLayerNet;

/**
 * The README's main job: trains the lectures' 2-layer net with autograd on the best available device
 * and prints the loss falling. {@code --device cpu|cuda|auto}, {@code --steps N}. {@code trace [dir]} instead
 * writes the lectures' backprop graphs (tables and pictures) into dir.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("trace")) {
            TraceCommand.run(java.nio.file.Path.of(args.length > 1 ? args[1] : "trace-out"));
            return;
        }
        Device device = null;
        int steps = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> {
                    String d = args[++i];
                    device = d.equals("auto") ? null : Device.parse(d);
                }
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --device cpu|cuda|auto, --steps N)");
            }
        }
        Device d = device != null ? device : Device.defaultDevice();
        try (Scope s = Device.with(d)) {
            System.out.println("jgrad demo on " + d + ": the lecture's 2-layer net (N=64, D_in=1000, H=100, D_out=10),"
                    + " sigmoid hidden layer, summed squared error, SGD lr=1e-4, " + steps + " steps");
            TwoLayerNet net = TwoLayerNet.lecture(0, DType.F32);
            long start = System.nanoTime();
            double first = Double.NaN;
            double last = Double.NaN;
            for (int t = 0; t < steps; t++) {
                try (TensorScope scope = TensorScope.open()) {
                    last = net.step(1e-4);
                }
                if (t == 0) {
                    first = last;
                }
                if (t % (steps / 10 == 0 ? 1 : steps / 10) == 0 || t == steps - 1) {
                    System.out.printf("step %5d  loss %14.4f%n", t, last);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("loss %.2f -> %.2f in %d steps, %.2f s (%.0f steps/s)%n", first, last, steps, seconds,
                    steps / seconds);
        }
    }
}
