package dev.jgrad.demo;

import dev.jgrad.Device;
import dev.jgrad.Scope;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's main job ({@code mvn -B -q -Pdemo package}): trains four small networks on the best
 * available device and prints a summary table, then writes the spiral's decision boundary and loss
 * curves as PNGs.
 * <ol>
 *   <li>the lectures' 2-layer net (N=64, D_in=1000, H=100, D_out=10) for 2000 steps;</li>
 *   <li>a 2-layer ReLU MLP on the 3-arm spiral to ≥ 97% training accuracy;</li>
 *   <li>XOR learned by a 2-8-1 net;</li>
 *   <li>the zero-initialisation lesson: the same sigmoid net from random and from all-zero weights.</li>
 * </ol>
 * Arguments: {@code [--device cpu|cuda|cuda:N|auto] [--out DIR] [--steps N]} (through Maven:
 * {@code -Ddemo.args="--device cpu --out /tmp/pics"}). The PNGs go to {@code demo-out/} under the working
 * directory unless {@code --out} says otherwise (through Maven that is {@code bench/demo-out/}).
 * {@code trace [dir]} instead writes the lectures' backprop graphs (tables and pictures) into dir.
 */
public final class Demo {
    static final int BOUNDARY_PIXELS = 480;

    private Demo() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("trace")) {
            TraceCommand.run(Path.of(args.length > 1 ? args[1] : "trace-out"));
            return;
        }
        Png.headless();
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Device device = options.device() != null ? options.device() : Device.defaultDevice();
        if (!Device.isAvailable(device)) {
            System.err.println("Demo: device " + device + " is not available here (CUDA needs the jgrad-cuda"
                    + " backend on the class path and a GPU); try --device cpu");
            System.exit(2);
            return;
        }
        run(options, device, Progress.forStdout(), System.out);
    }

    /** Runs the four tasks on {@code device}, prints their results and writes the pictures. */
    static List<TaskResult> run(DemoOptions options, Device device, Progress progress, PrintStream out) {
        List<TaskResult> results = new ArrayList<>();
        String where = device.toString();
        try (Scope s = Device.with(device)) {
            out.printf(Locale.ROOT, "jgrad demo on %s (%d CPU cores visible to Java)%n%n", where,
                    Runtime.getRuntime().availableProcessors());

            out.println("(a) the lectures' 2-layer net: N=64, D_in=1000, H=100, D_out=10, sigmoid hidden layer,"
                    + " summed squared error, lr 1e-4");
            TrainingLog lecture = DemoTasks.lecture(options.lectureSteps(), progress);
            out.printf(Locale.ROOT, "    loss %.1f -> %.2f%n%n", lecture.loss()[0], lecture.finalLoss());
            results.add(new TaskResult("(a) lecture 2-layer net", where, lecture, Double.NaN));

            out.println("(b) spiral (3 classes x 100 points): 2 -> 100 ReLU -> 3, softmax cross-entropy + L2,"
                    + " full-batch SGD lr 0.5 momentum 0.9");
            DemoTasks.Spiral spiral = DemoTasks.spiral(progress);
            double spiralAccuracy = spiral.accuracy();
            out.printf(Locale.ROOT, "    training accuracy %.2f%%%n%n", 100 * spiralAccuracy);
            results.add(new TaskResult("(b) spiral MLP", where, spiral.log(), spiralAccuracy));

            out.println("(c) XOR: 2 -> 8 tanh -> 1, binary cross-entropy on the logit, SGD lr 0.5 momentum 0.9");
            DemoTasks.Xor xor = DemoTasks.xor(progress);
            out.print(xor.net().table().indent(4));
            out.println();
            results.add(new TaskResult("(c) XOR 2-8-1", where, xor.log(), xor.net().accuracy()));

            out.println("(d) zero initialisation: spiral, 2 -> 100 sigmoid -> 3, mini-batches of 30, SGD lr 0.5"
                    + " momentum 0.9, random vs all-zero start");
            DemoTasks.ZeroInit lesson = DemoTasks.zeroInit(progress);
            double randomAccuracy = lesson.random().accuracy();
            double zeroAccuracy = lesson.zero().accuracy();
            out.printf(Locale.ROOT, "    random init: accuracy %6.2f%%, max difference between hidden units %s%n",
                    100 * randomAccuracy, spread(lesson.random().net()));
            out.printf(Locale.ROOT, "    zero init:   accuracy %6.2f%%, max difference between hidden units %s"
                    + " (largest weight %.4f: the weights moved, in lockstep)%n", 100 * zeroAccuracy,
                    spread(lesson.zero().net()), lesson.zero().net().largestWeight());
            out.println("    -> all 100 hidden units of the zero net get the same gradient and stay copies of each"
                    + " other: it is a 1-unit net.");
            out.println();
            results.add(new TaskResult("(d) sigmoid, random init", where, lesson.random().log(), randomAccuracy));
            results.add(new TaskResult("(d) sigmoid, zero init", where, lesson.zero().log(), zeroAccuracy));

            out.print(SummaryTable.format(results));
            out.println();
            writePictures(options.out(), spiral, lesson, out);
        }
        return results;
    }

    private static String spread(SpiralNet net) {
        double spread = net.hiddenUnitSpread();
        return spread == 0 ? "0 (exactly)" : String.format(Locale.ROOT, "%.4g", spread);
    }

    private static void writePictures(Path dir, DemoTasks.Spiral spiral, DemoTasks.ZeroInit lesson, PrintStream out) {
        float[] xy = spiral.data().inputs().toFloatArray();
        int[] labels = spiral.data().targets().toIntArray();
        Path boundary = dir.resolve("spiral-boundary.png");
        DecisionBoundaryPng.write(boundary, spiral.net(), xy, labels, BOUNDARY_PIXELS, String.format(Locale.ROOT,
                "2-100-3 ReLU MLP, training accuracy %.1f%%", 100 * spiral.accuracy()));
        Path zeroBoundary = dir.resolve("spiral-boundary-zero-init.png");
        DecisionBoundaryPng.write(zeroBoundary, lesson.zero().net(), xy, labels, BOUNDARY_PIXELS,
                String.format(Locale.ROOT, "sigmoid net from zero weights, accuracy %.1f%%",
                        100 * lesson.zero().accuracy()));
        Path curves = dir.resolve("spiral-loss.png");
        LossCurvePng.write(curves, "spiral: training loss (cross-entropy + L2)", List.of(
                spiral.log().withLabel("(b) ReLU MLP, full batch"),
                lesson.random().log().withLabel("(d) sigmoid, random init, batches of 30"),
                lesson.zero().log().withLabel("(d) sigmoid, zero init, batches of 30")), 720, 440);
        out.println("wrote " + boundary.toAbsolutePath());
        out.println("wrote " + zeroBoundary.toAbsolutePath());
        out.println("wrote " + curves.toAbsolutePath());
    }
}
