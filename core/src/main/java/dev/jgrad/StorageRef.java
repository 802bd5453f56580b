package dev.jgrad;

import dev.jgrad.spi.Backend;
import dev.jgrad.spi.Storage;

/**
 * A storage shared by a tensor and its views: freed when the last one is closed. Also carries the
 * version counter that in-place writes bump, so backward can tell a saved tensor was overwritten.
 */
final class StorageRef {
    final Storage storage;
    final Backend backend;
    private int refs;
    private volatile int version;

    StorageRef(Backend backend, Storage storage) {
        this.backend = backend;
        this.storage = storage;
    }

    synchronized void retain() {
        if (refs < 0) {
            throw new IllegalStateException("storage already freed");
        }
        refs++;
    }

    /** Drops one reference; the last one frees the storage ({@code explicitly}: by close(), else by the Cleaner). */
    synchronized void release(boolean explicitly) {
        if (refs <= 0) {
            return;
        }
        if (--refs == 0) {
            refs = -1;
            if (explicitly) {
                storage.free();
            } else {
                storage.abandon();
            }
        }
    }

    int version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }
}
