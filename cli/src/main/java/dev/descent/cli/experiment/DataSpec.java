package dev.descent.cli.experiment;

import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Standardizer;

import java.nio.file.Path;

/**
 * The data of a run: a {@link DataSource} split into training, validation and test sets (stratified, seeded) and
 * standardized with the training set's statistics.
 */
public final class DataSpec {

    private DataSpec() {
    }

    /**
     * Loads, splits and standardizes {@code name}.
     *
     * @param name        digits, fashion-mnist or a CSV path
     * @param fashionDir  where the Fashion-MNIST files are
     * @param limit       keep at most this many training examples (0: all) — small budgets and overfitting demos
     * @param seed        the split's seed
     */
    public static Data load(String name, Path fashionDir, int limit, long seed) {
        DataSource source = DataSource.of(name, fashionDir);
        DatasetSplit split = source.split(seed, 0);
        Dataset train = split.train().flatten();
        if (limit > 0 && limit < train.size()) {
            train = train.rows(0, limit);
        }
        Standardizer scaler = float32Statistics(Standardizer.fit(train));
        return new Data(source, seed, limit, scaler, scaler.transform(train),
                scaler.transform(split.validation().flatten()), scaler.transform(split.test().flatten()));
    }

    /**
     * The standardizer with its mean and standard deviation rounded to float32: these are what a run saves (as
     * float32 tensors, which PyTorch and NumPy read), so the run must apply exactly them, to its training data as to
     * any data after it. A σ below float32's smallest subnormal keeps that smallest value rather than becoming 0.
     */
    static Standardizer float32Statistics(Standardizer fitted) {
        double[] mean = fitted.mean(), std = fitted.std();
        for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) mean[j];
            std[j] = Math.max((float) std[j], Float.MIN_VALUE);
        }
        return Standardizer.of(mean, std);
    }

    /**
     * The three standardized sets, and how they were made.
     *
     * @param source where the examples come from
     * @param seed   the split's seed
     * @param limit  the cap on training examples (0: none)
     * @param scaler the standardization fitted on the training set and applied to all three
     */
    public record Data(DataSource source, long seed, int limit, Standardizer scaler, Dataset train,
                       Dataset validation, Dataset test) {
        public String label() {
            return source.label();
        }

        public int features() {
            return train.featureCount();
        }

        public int classes() {
            return train.classCount();
        }

        /** The names of the classes, or null when the data has none. */
        public String[] classNames() {
            return source.classNames();
        }

        public String describe() {
            return String.format("%s: %d train, %d validation, %d test examples, %d features, %d classes", label(),
                    train.size(), validation.size(), test.size(), features(), classes());
        }
    }
}
