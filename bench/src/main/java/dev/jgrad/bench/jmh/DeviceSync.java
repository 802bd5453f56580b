package dev.jgrad.bench.jmh;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;

/**
 * Makes a measured method wait for the device: GPU ops are queued asynchronously, so without this a
 * benchmark would time the enqueueing, not the work. jgrad has no public {@code synchronize()} yet, so we
 * read a one-element probe tensor: a host read waits for everything queued before it on the device's
 * stream (DESIGN.md: one stream per device, host reads synchronize). On the CPU it does nothing.
 */
final class DeviceSync {
    private final Tensor probe;

    private DeviceSync(Tensor probe) {
        this.probe = probe;
    }

    static DeviceSync on(Device d) {
        if ("cpu".equals(d.type())) {
            return new DeviceSync(null);
        }
        try (Scope s = Device.with(d)) {
            return new DeviceSync(TensorScope.persist(Tensor.zeros(DType.F32, 1)));
        }
    }

    /** Returns once all work queued so far on the device has finished. */
    void await() {
        if (probe != null) {
            probe.item();
        }
    }

    void close() {
        if (probe != null) {
            probe.close();
        }
    }
}
