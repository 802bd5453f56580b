package dev.jgrad.spi;

import dev.jgrad.DType;

/** A storage seen through a layout: what every SPI operation reads and writes. */
public record View(Storage storage, Layout layout) {
    public DType dtype() {
        return storage.dtype();
    }

    public long[] shape() {
        return layout.shape();
    }

    public long numel() {
        return layout.numel();
    }

    public int rank() {
        return layout.rank();
    }
}
