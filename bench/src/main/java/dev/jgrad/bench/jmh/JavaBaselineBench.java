package dev.jgrad.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bandwidth yardstick for the elementwise GB/s, single-threaded on float arrays:
 * {@code copy} ({@code System.arraycopy}) and {@code add} (a plain {@code c[i] = a[i] + b[i]} loop, which C2
 * vectorises) write into a preallocated array; {@code addAlloc} allocates the result per call like a tensor
 * op does (the JVM zeroes it first: one more pass over memory). Issue 7 compares jgrad's 16M-float add to these.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JavaBaselineBench {
    @Param({"copy", "add", "addAlloc"})
    public String kernel;

    @Param({"1024", "65536", "1048576", "16777216"})
    public int elements;

    private float[] a;
    private float[] b;
    private float[] out;

    @Setup
    public void setup() {
        a = new float[elements];
        b = new float[elements];
        for (int i = 0; i < elements; i++) {
            a[i] = i * 0.5f;
            b[i] = 1 - i * 0.25f;
        }
        out = new float[elements];
    }

    @Benchmark
    public float[] run() {
        float[] c = "addAlloc".equals(kernel) ? new float[elements] : out;
        if ("copy".equals(kernel)) {
            System.arraycopy(a, 0, c, 0, elements);
        } else {
            for (int i = 0; i < elements; i++) {
                c[i] = a[i] + b[i];
            }
        }
        return c;
    }
}
