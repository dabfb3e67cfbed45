package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another, as PyTorch's {@code nn.Sequential}: {@code y = fₖ(…f₂(f₁(x)))}. The layers are
 * children named {@code 0, 1, 2, …}, so their state is {@code 0.weight}, {@code 1.running_mean} and so on — the names
 * PyTorch gives the same stack.
 */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) {
            add(m);
        }
    }

    /** Appends a layer, named by its position; returns this. */
    public Sequential add(Module layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential: layer " + layers.size() + " is null");
        }
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        return layers.get(index);
    }

    /** The number of layers. */
    public int size() {
        return layers.size();
    }

    /** The layers, in order (unmodifiable). */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (Module m : layers) {
            x = m.forward(x);
        }
        return x;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape s = input;
        for (Module m : layers) {
            s = m.outputShape(s);
        }
        return s;
    }
}
