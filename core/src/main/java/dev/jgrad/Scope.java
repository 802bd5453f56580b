package dev.jgrad;

/**
 * A try-with-resources region whose {@link #close()} does not throw checked exceptions.
 *
 * <pre>{@code
 * try (Scope s = Autograd.noGrad()) {
 *     // no graph is recorded here
 * }
 * }</pre>
 */
public interface Scope extends AutoCloseable {
    @Override
    void close();
}
