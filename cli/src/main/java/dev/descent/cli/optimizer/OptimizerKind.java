package dev.descent.cli.optimizer;

import dev.descent.cli.BadInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The optimizers the command line can build, in the order a course teaches them, each with the learning rate a
 * small MLP trains well with and the family that picks its rate on a 2-D surface.
 */
public enum OptimizerKind {
    SGD("sgd", "plain stochastic gradient descent", 0.1, Family.PLAIN),
    MOMENTUM("momentum", "SGD with (heavy-ball) momentum 0.9", 0.05, Family.PLAIN),
    NESTEROV("nesterov", "SGD with Nesterov momentum 0.9", 0.05, Family.PLAIN),
    ADAGRAD("adagrad", "AdaGrad: per-coordinate rates from the sum of squared gradients", 0.05, Family.ADAPTIVE),
    ADADELTA("adadelta", "AdaDelta: RMS of past updates over RMS of gradients", 1.0, Family.UNIT),
    RMSPROP("rmsprop", "RMSprop: per-coordinate rates from a moving average of squared gradients", 1e-3,
            Family.RMS),
    ADAM("adam", "Adam: momentum and RMSprop with bias correction", 1e-3, Family.ADAPTIVE),
    ADAMW("adamw", "AdamW: Adam with decoupled weight decay (0.01)", 1e-3, Family.ADAPTIVE),
    ADAMAX("adamax", "Adamax: Adam with the infinity norm", 2e-3, Family.ADAPTIVE),
    NADAM("nadam", "NAdam: Adam with Nesterov momentum", 2e-3, Family.ADAPTIVE),
    RADAM("radam", "RAdam: Adam with a rectified warm-up of the adaptive rate", 1e-3, Family.ADAPTIVE);

    /** How a 2-D surface picks the learning rate (see {@link dev.descent.cli.surface.Surface}). */
    public enum Family {
        /** Steps are lr·gradient: the surface's SGD rate. */
        PLAIN,
        /** Steps are about lr long whatever the gradient's scale: the surface's adaptive rate. */
        ADAPTIVE,
        /**
         * RMSprop's first step is √(1/(1−α)) = 10 times its learning rate (the average of g² starts at 0 and holds
         * only (1−α)·g² after one step), so it gets a tenth of the surface's adaptive rate.
         */
        RMS,
        /** AdaDelta has no learning rate in the paper; PyTorch's lr = 1 leaves it as the paper has it. */
        UNIT
    }

    private final String cliName;
    private final String description;
    private final double trainingLr;
    private final Family family;

    OptimizerKind(String cliName, String description, double trainingLr, Family family) {
        this.cliName = cliName;
        this.description = description;
        this.trainingLr = trainingLr;
        this.family = family;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** The default learning rate for training a network. */
    public double trainingLr() {
        return trainingLr;
    }

    public Family family() {
        return family;
    }

    /** The kind called {@code name} (case-insensitive), or a {@link BadInputException} listing the known ones. */
    public static OptimizerKind byName(String name) {
        for (OptimizerKind k : values()) {
            if (k.cliName.equalsIgnoreCase(name.strip())) {
                return k;
            }
        }
        throw new BadInputException("unknown optimizer '" + name + "'; known: " + names());
    }

    /** All names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(OptimizerKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
