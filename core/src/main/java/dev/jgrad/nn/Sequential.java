package dev.jgrad.nn;

import dev.jgrad.Device;
import dev.jgrad.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies its layers one after the other, like {@code torch.nn.Sequential}; parameters are named by
 * layer index: {@code "0.weight", "0.bias", "2.weight", ...}.
 *
 * <pre>{@code
 * Sequential net = new Sequential(new Linear(2, 100, 1), Activation.relu(), new Linear(100, 3, 2));
 * Tensor scores = net.forward(x);
 * }</pre>
 */
public class Sequential extends AbstractModule {
    private final List<Module> layers;

    public Sequential(Module... layers) {
        this.layers = new ArrayList<>(layers.length);
        for (int i = 0; i < layers.length; i++) {
            this.layers.add(Objects.requireNonNull(layers[i], "Sequential: layer " + i + " is null"));
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module layer : layers) {
            h = layer.forward(h);
        }
        return h;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    /** The layers, unmodifiable. */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (Module layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Tensor> e : layers.get(i).namedParameters().entrySet()) {
                named.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    @Override
    public Sequential to(Device d) {
        for (Module layer : layers) {
            layer.to(d);
        }
        return this;
    }

    @Override
    public Sequential train(boolean mode) {
        super.train(mode);
        for (Module layer : layers) {
            layer.train(mode);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) {
            sb.append("\n  (").append(i).append("): ").append(layers.get(i));
        }
        return sb.append(layers.isEmpty() ? ")" : "\n)").toString();
    }
}
