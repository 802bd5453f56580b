package dev.jgrad.nn;

import dev.jgrad.Device;
import dev.jgrad.Tensor;

import java.util.List;
import java.util.function.UnaryOperator;

/** A parameter-free module wrapping one tensor function; what {@link Activation}'s factories return. */
final class StatelessModule extends AbstractModule {
    private final String name;
    private final UnaryOperator<Tensor> f;

    StatelessModule(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    @Override
    public Tensor forward(Tensor x) {
        return f.apply(x);
    }

    @Override
    public List<Tensor> parameters() {
        return List.of();
    }

    @Override
    public Module to(Device d) {
        return this;   // nothing to move
    }

    @Override
    public String toString() {
        return name;
    }
}
