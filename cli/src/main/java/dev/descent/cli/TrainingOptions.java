package dev.descent.cli;

import dev.descent.cli.experiment.Activation;
import dev.descent.cli.experiment.DataSpec;
import dev.descent.cli.experiment.ModelSpec;
import dev.descent.cli.experiment.Normalization;
import dev.descent.train.data.Datasets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The data, the model and the budget: shared by {@code train}, {@code compare} and {@code sweep}. */
public final class TrainingOptions {

    @Option(names = {"-d", "--data"}, paramLabel = "DATA", defaultValue = "digits",
            description = "digits (built in), fashion-mnist, or a CSV file with the label in the last column "
                    + "(default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the Fashion-MNIST files are (default: /usr/share/datasets/fashion-mnist).")
    Path dataDir = Datasets.FASHION_MNIST_DIR;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Train on at most N examples (default: all).")
    int limit;

    @Option(names = "--hidden", split = ",", paramLabel = "SIZES",
            description = "Hidden layer sizes, e.g. 128,64 (default: 64).")
    int[] hidden = {64};

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "relu, tanh, sigmoid, gelu, leaky-relu, silu or elu (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout probability after each hidden layer (default: none).")
    double dropout;

    @Option(names = "--batch-norm", description = "Batch normalization before each activation.")
    boolean batchNorm;

    @Option(names = "--layer-norm", description = "Layer normalization before each activation.")
    boolean layerNorm;

    @Option(names = "--l1", paramLabel = "LAMBDA", defaultValue = "0", description = "L1 penalty on the weights.")
    double l1;

    @Option(names = "--l2", paramLabel = "LAMBDA", defaultValue = "0", description = "L2 penalty on the weights.")
    double l2;

    @Option(names = {"-e", "--epochs"}, paramLabel = "N", description = "Passes over the training set (default: train and compare 20, sweep 10).")
    Integer epochs;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "32",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the split, the weights, the shuffling and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the processors).")
    Integer threads;

    /** Checks the numbers, sets the threads and loads the data. */
    public DataSpec.Data load() {
        Args.threads(threads);
        if (limit < 0) {
            throw new BadInputException("--limit must be ≥ 0, got " + limit);
        }
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be ≥ 1, got " + batchSize);
        }
        return DataSpec.load(data, dataDir, limit, seed);
    }

    public ModelSpec model() {
        if (batchNorm && layerNorm) {
            throw new BadInputException("--batch-norm and --layer-norm both given: choose one");
        }
        Normalization normalization = batchNorm ? Normalization.BATCH
                : layerNorm ? Normalization.LAYER : Normalization.NONE;
        return new ModelSpec(hidden, Activation.byName(activation), dropout, normalization, l1, l2);
    }

    /** The epochs given, or the command's default. */
    public int epochs(int fallback) {
        int e = epochs != null ? epochs : fallback;
        if (e < 1 || e > 100_000) {
            throw new BadInputException("--epochs must be between 1 and 100000, got " + e);
        }
        return e;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }
}
