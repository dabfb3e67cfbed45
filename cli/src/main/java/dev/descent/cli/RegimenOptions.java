package dev.descent.cli;

import dev.descent.cli.experiment.ClassWeightsSpec;
import dev.descent.cli.experiment.EarlyStopSpec;
import dev.descent.cli.experiment.Regimen;
import picocli.CommandLine.Option;

/**
 * The loss's smoothing and weights, gradient clipping and early stopping: shared by {@code train}, {@code compare}
 * and {@code sweep}. The plateau cut, which competes with {@code --schedule}, is in {@link OptimizerOptions}.
 */
public final class RegimenOptions {

    @Option(names = "--clip-norm", paramLabel = "MAX",
            description = "Clip the gradients to a total 2-norm of at most MAX before each step (PyTorch's "
                    + "clip_grad_norm_; default: off).")
    Double clipNorm;

    @Option(names = "--label-smoothing", paramLabel = "EPS", defaultValue = "0",
            description = "Label smoothing ε of the cross-entropy: targets (1 − ε)·one-hot + ε/classes "
                    + "(default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--class-weights", paramLabel = "WEIGHTS",
            description = "A weight per class in the cross-entropy: W1,W2,... or balanced, n/(classes·n_c) from "
                    + "the training set (default: all 1).")
    String classWeights;

    @Option(names = "--early-stop", paramLabel = "PATIENCE[:MIN_DELTA]",
            description = "Stop once val_loss has not fallen (by more than MIN_DELTA, default 0) for PATIENCE "
                    + "epochs, and restore the weights of the best epoch (Keras's EarlyStopping; default: off).")
    String earlyStop;

    /** The settings, checked by {@link Regimen}. */
    public Regimen regimen() {
        return new Regimen(clipNorm == null ? Double.NaN : clipNorm, labelSmoothing,
                classWeights == null ? null : ClassWeightsSpec.parse(classWeights), null,
                earlyStop == null ? null : EarlyStopSpec.parse(earlyStop));
    }
}
