package dev.jgrad.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * Device addresses as plain longs. jgrad keeps addresses as {@code long} (the allocator's currency,
 * offsets are arithmetic); JCuda wants {@link CUdeviceptr} objects. This subclass reads back the
 * address the driver wrote, and {@link #at} makes a pointer object for any address.
 */
final class DevicePointer extends CUdeviceptr {
    /** The address this pointer holds (after cuMemAlloc filled it in). */
    long address() {
        return getNativePointer() + getByteOffset();
    }

    /** A pointer object for {@code address} (a null pointer offset by the address: JCuda adds the two). */
    static CUdeviceptr at(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }
}
