package dev.jgrad.bench.jmh;

import dev.jgrad.BackendUnavailableException;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;

/**
 * Turns the benchmarks' {@code backend}/{@code dtype} parameters into jgrad devices and dtypes. A backend that
 * cannot be used here (cuda without a GPU) fails the benchmark's setup with a message saying why and how to
 * leave it out; {@code Runner} never asks for it in the first place.
 */
final class BenchDevices {
    private BenchDevices() {
    }

    static Device device(String backend) {
        Device d = Device.parse(backend);
        if (!Device.isAvailable(d)) {
            throw new IllegalStateException("jgrad backend '" + backend + "' is not available on this machine ("
                    + reason(d) + "); skip it with -p backend=cpu");
        }
        return d;
    }

    static DType dtype(String name) {
        return DType.valueOf(name);
    }

    private static String reason(Device d) {
        try (Scope s = Device.with(d); Tensor t = Tensor.zeros(DType.F32, 1)) {
            return "tensor creation unexpectedly worked";
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }
}
