package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.train.data.CsvReader;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.Standardizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the examples come from: {@code digits} (built in), {@code fashion-mnist} (from a directory, Debian's by
 * default), or a CSV file (label in the last column). The data is split into training, validation and test sets
 * (stratified, seeded; Fashion-MNIST keeps its own test set) and standardized with the training set's statistics.
 */
public final class DataSpec {

    private DataSpec() {
    }

    /**
     * Loads and splits {@code name}.
     *
     * @param name        digits, fashion-mnist or a CSV path
     * @param fashionDir  where the Fashion-MNIST files are
     * @param limit       keep at most this many training examples (0: all) — small budgets and overfitting demos
     * @param seed        the split's seed
     */
    public static Data load(String name, Path fashionDir, int limit, long seed) {
        DatasetSplit split;
        String label;
        try {
            switch (name) {
                case "digits" -> {
                    split = DatasetSplit.of(Datasets.digits(), 0.2, 0.2, seed, true);
                    label = "digits (built in, 1,797 8×8 images)";
                }
                case "fashion-mnist" -> {
                    if (!Datasets.hasFashionMnist(fashionDir)) {
                        throw new BadInputException("Fashion-MNIST not found in " + fashionDir + "; "
                                + Datasets.FASHION_MNIST_INSTALL_HINT + ", or pass --data-dir");
                    }
                    DatasetSplit given = Datasets.fashionMnist(fashionDir);
                    DatasetSplit trainVal = DatasetSplit.trainTest(given.train(), 1.0 / 6, seed, true);
                    split = new DatasetSplit(trainVal.train(), trainVal.test(), given.test());
                    label = "Fashion-MNIST (" + fashionDir + ")";
                }
                default -> {
                    Path file = Path.of(name);
                    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                        throw new BadInputException("cannot read data file '" + name
                                + "' (use digits, fashion-mnist, or a readable CSV file)");
                    }
                    split = DatasetSplit.of(CsvReader.classification().read(file), 0.2, 0.2, seed, true);
                    label = file.getFileName().toString();
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + name + ": " + e.getMessage(), e);
        }
        Dataset train = split.train().flatten();
        if (limit > 0 && limit < train.size()) {
            train = train.rows(0, limit);
        }
        Standardizer scaler = Standardizer.fit(train);
        return new Data(label, scaler.transform(train), scaler.transform(split.validation().flatten()),
                scaler.transform(split.test().flatten()));
    }

    /** The three standardized sets. */
    public record Data(String label, Dataset train, Dataset validation, Dataset test) {
        public int features() {
            return train.featureCount();
        }

        public int classes() {
            return train.classCount();
        }

        public String describe() {
            return String.format("%s: %d train, %d validation, %d test examples, %d features, %d classes", label,
                    train.size(), validation.size(), test.size(), features(), classes());
        }
    }
}
