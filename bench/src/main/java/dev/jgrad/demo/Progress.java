package dev.jgrad.demo;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Shows a training run's progress: on a terminal a bar redrawn in place with {@code \r}
 * ({@code spiral [#####.....] 1000/2000  loss 0.3121  5400 steps/s}); otherwise (a pipe, a log file,
 * Maven's output) one plain line per tenth of the run, so logs stay readable.
 *
 * <pre>{@code
 * Progress p = Progress.forStdout();
 * p.start("spiral", 2000);
 * p.update(100, 0.93);     // after 100 steps
 * p.finish(2000, 0.21);
 * }</pre>
 */
final class Progress {
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;   // redraw at most 10 times a second

    private final PrintStream out;
    private final boolean terminal;
    private String label;
    private int total;
    private long startNanos;
    private long lastDrawNanos;
    private int lastTenth;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bar on System.out when it is a terminal, plain lines otherwise. */
    static Progress forStdout() {
        return new Progress(System.out, stdoutIsTerminal());
    }

    /** Shows nothing (for tests). */
    static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /**
     * System.console() is null when stdout is redirected on JDK 17; from JDK 22 it may be non-null anyway,
     * and Console.isTerminal() (JDK 22+, looked up reflectively to stay on --release 17) says the truth.
     */
    static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    void start(String label, int total) {
        this.label = label;
        this.total = total;
        this.startNanos = System.nanoTime();
        this.lastDrawNanos = 0;
        this.lastTenth = 0;
    }

    /** {@code done} steps are finished; {@code loss} is the latest loss read. */
    void update(int done, double loss) {
        long now = System.nanoTime();
        if (terminal) {
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                out.print("\r" + bar(done, loss, now));
                out.flush();
            }
        } else {
            int tenth = (int) (10L * done / total);
            if (tenth > lastTenth && done < total) {
                lastTenth = tenth;
                out.println(line(done, loss, now));
            }
        }
    }

    /** The run is over: the final state, then a new line. */
    void finish(int done, double loss) {
        long now = System.nanoTime();
        out.println(terminal ? "\r" + bar(done, loss, now) : line(done, loss, now));
        out.flush();
    }

    /** ASCII only: a console whose charset is not UTF-8 would print other characters as '?'. */
    private String bar(int done, double loss, long now) {
        int filled = (int) ((long) BAR_WIDTH * done / total);
        return String.format(Locale.ROOT, "%-8s [%s%s] %6d/%d  loss %-10.5g %7.0f steps/s", label,
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done, total, loss, rate(done, now));
    }

    private String line(int done, double loss, long now) {
        return String.format(Locale.ROOT, "%-8s step %6d/%d  loss %-10.5g %7.0f steps/s", label, done, total, loss,
                rate(done, now));
    }

    private double rate(int done, long now) {
        double seconds = (now - startNanos) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }
}
