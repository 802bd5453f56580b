package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A non-CPU backend against the CPU reference on the same inputs: random numbers bit for bit,
 * op results and gradients within tolerance. Skipped (with the reason) when the backend under
 * test is the CPU itself or the CPU backend is not on the classpath.
 */
public abstract class CrossBackendConformance extends BackendTestBase {

    @BeforeEach
    void needsASecondDevice() {
        org.junit.jupiter.api.Assumptions.assumeFalse(device().isCpu(), "the backend under test is the CPU reference itself");
        org.junit.jupiter.api.Assumptions.assumeTrue(Device.isAvailable(Device.cpu()), "the CPU backend is not on the classpath");
    }

    @Test
    @SuppressWarnings("try")
    void randomNumbersMatchBitForBit() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor normalHere = Tensor.randn(99, dt, 1000);
            Tensor uniformHere = Tensor.rand(5, dt, 1000);
            Tensor normalCpu;
            Tensor uniformCpu;
            try (dev.jgrad.Scope s = Device.with(Device.cpu())) {
                normalCpu = Tensor.randn(99, dt, 1000);
                uniformCpu = Tensor.rand(5, dt, 1000);
            }
            assertArrayEquals(normalCpu.toDoubleArray(), normalHere.toDoubleArray(), 0.0, "randn " + dt);
            assertArrayEquals(uniformCpu.toDoubleArray(), uniformHere.toDoubleArray(), 0.0, "rand " + dt);
        }
    }

    /** Runs {@code f} on this device and on the CPU with the same inputs and compares. */
    private void compare(String what, DType dt, Function<Tensor[], Tensor> f, double rtol, long[]... shapes) {
        Tensor[] here = new Tensor[shapes.length];
        Tensor[] cpu = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            here[i] = Tensor.randn(100 + i, dt, shapes[i]).requiresGrad(true);
            cpu[i] = here[i].detach().to(Device.cpu()).requiresGrad(true);
        }
        Tensor yHere = f.apply(here);
        Tensor yCpu = f.apply(cpu);
        assertCloseScaledTo(what, yCpu.toDoubleArray(), yHere, rtol);
        yHere.sum().backward();
        yCpu.sum().backward();
        for (int i = 0; i < shapes.length; i++) {
            assertCloseScaledTo(what + " grad " + i, cpu[i].grad().toDoubleArray(), here[i].grad(), rtol);
        }
    }

    private static void assertCloseScaledTo(String what, double[] expected, Tensor actual, double rtol) {
        try {
            assertCloseScaled(expected, actual, rtol);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
    }

    @Test
    void opsAndGradientsMatchTheCpu() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            double r = dt == DType.F32 ? 1e-5 : 1e-12;
            compare("matmul", dt, t -> t[0].matmul(t[1]), r, new long[] {67, 130}, new long[] {130, 71});
            compare("matmulT", dt, t -> t[0].transpose().matmul(t[1]), r, new long[] {130, 67}, new long[] {130, 71});
            compare("batched", dt, t -> t[0].matmul(t[1]), r, new long[] {3, 1, 20, 30}, new long[] {4, 30, 10});
            compare("elementwise", dt, t -> t[0].mul(t[1]).add(t[0].exp()).sigmoid().tanh().softplus(), r,
                    new long[] {300, 70}, new long[] {70});
            compare("softmax", dt, t -> t[0].softmax(1).add(t[0].logSoftmax(0)), r, new long[] {64, 1000});
            compare("reductions", dt, t -> t[0].sum(0, false).add(t[0].mean(0, false)).add(t[0].max(0, false)), r,
                    new long[] {513, 129});
        }
    }
}
