package dev.descent.nn;

import java.util.List;
import java.util.Locale;

/** Activation layers by name, for configuration files and command lines. */
public final class Activations {
    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softplus", "silu",
            "elu");

    private Activations() {
    }

    /**
     * A new activation layer with PyTorch's default settings: {@code relu}, {@code leaky_relu} (slope 0.01),
     * {@code sigmoid}, {@code tanh}, {@code gelu} (exact), {@code softplus} (β = 1), {@code silu} (also {@code swish}) or {@code elu} (α = 1);
     * case-insensitive.
     *
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static Module byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> new ReLU();
            case "leaky_relu", "leakyrelu" -> new LeakyReLU();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "gelu" -> new GELU();
            case "softplus" -> new Softplus();
            case "silu", "swish" -> new SiLU();
            case "elu" -> new ELU();
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                    + NAMES);
        };
    }
}
