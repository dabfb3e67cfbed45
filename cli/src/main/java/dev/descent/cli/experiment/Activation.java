package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.nn.ELU;
import dev.descent.nn.GELU;
import dev.descent.nn.LeakyReLU;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.SiLU;
import dev.descent.nn.Sigmoid;
import dev.descent.nn.Tanh;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The hidden layers' activation function, by its command-line name. */
public enum Activation {
    RELU("relu", ReLU::new),
    TANH("tanh", Tanh::new),
    SIGMOID("sigmoid", Sigmoid::new),
    GELU("gelu", GELU::new),
    LEAKY_RELU("leaky-relu", LeakyReLU::new),
    SILU("silu", SiLU::new),
    ELU("elu", ELU::new);

    private final String cliName;
    private final Supplier<Module> factory;

    Activation(String cliName, Supplier<Module> factory) {
        this.cliName = cliName;
        this.factory = factory;
    }

    public Module create() {
        return factory.get();
    }

    public String cliName() {
        return cliName;
    }

    public static Activation byName(String name) {
        for (Activation a : values()) {
            if (a.cliName.equalsIgnoreCase(name.strip())) {
                return a;
            }
        }
        throw new BadInputException("unknown activation '" + name + "'; known: "
                + Arrays.stream(values()).map(Activation::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
