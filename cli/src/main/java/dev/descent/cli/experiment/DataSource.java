package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.cli.io.Fingerprint;
import dev.descent.core.Tensor;
import dev.descent.train.data.CsvReader;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the examples come from — {@code digits} (built in), {@code fashion-mnist} (from a directory, Debian's by
 * default) or a CSV file (label in the last column) — and how they are cut into training, validation and test sets:
 * stratified and seeded, 60 / 20 / 20 % for the digits and CSV files; Fashion-MNIST keeps its own 10,000 test images
 * and gives a sixth of its 60,000 training images to validation (stratified, seeded).
 *
 * <p>The split is a function of the data and the seed only, so {@code descent evaluate} finds a run's test set again
 * from the name and seed {@code descent train} recorded. Every set is raw here (features flattened to vectors);
 * {@link DataSpec} standardizes them.
 *
 * @param kind which source
 * @param path the CSV file, or Fashion-MNIST's directory; null for the digits
 */
public record DataSource(Kind kind, Path path) {

    private static final double VALIDATION = 0.2;
    private static final double TEST = 0.2;
    private static final double FASHION_VALIDATION = 1.0 / 6;
    private static final String[] FASHION_MNIST_CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    /** The kinds of source, by the name {@code --data} and a run's record use. */
    public enum Kind {
        DIGITS("digits"), FASHION_MNIST("fashion-mnist"), CSV("csv");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** E.g. {@code "fashion-mnist"}. */
        public String id() {
            return id;
        }

        /** The kind whose {@link #id()} is {@code id}, or null. */
        public static Kind byId(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    public DataSource {
        if (kind == null || (kind == Kind.DIGITS) != (path == null)) {
            throw new IllegalArgumentException("a data source needs a kind, and a path unless it is the digits: "
                    + kind + " " + path);
        }
    }

    /**
     * The source {@code --data name} means: {@code digits}, {@code fashion-mnist} (from {@code fashionDir}) or a
     * readable CSV file (its absolute path is kept).
     *
     * @throws BadInputException if Fashion-MNIST is not in {@code fashionDir} or the file cannot be read
     */
    public static DataSource of(String name, Path fashionDir) {
        return switch (name) {
            case "digits" -> new DataSource(Kind.DIGITS, null);
            case "fashion-mnist" -> {
                if (!Datasets.hasFashionMnist(fashionDir)) {
                    throw new BadInputException("Fashion-MNIST not found in " + fashionDir + "; "
                            + Datasets.FASHION_MNIST_INSTALL_HINT + ", or pass --data-dir");
                }
                yield new DataSource(Kind.FASHION_MNIST, fashionDir.toAbsolutePath().normalize());
            }
            default -> {
                Path file = Path.of(name);
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw new BadInputException("cannot read data file '" + name
                            + "' (use digits, fashion-mnist, or a readable CSV file)");
                }
                yield new DataSource(Kind.CSV, file.toAbsolutePath().normalize());
            }
        };
    }

    /** What {@code --data} takes to name this source again: digits, fashion-mnist or the file. */
    public String cliName() {
        return kind == Kind.CSV ? path.toString() : kind.id();
    }

    /** E.g. {@code digits (built in, 1,797 8×8 images)}. */
    public String label() {
        return switch (kind) {
            case DIGITS -> "digits (built in, 1,797 8×8 images)";
            case FASHION_MNIST -> "Fashion-MNIST (" + path + ")";
            case CSV -> path.getFileName().toString();
        };
    }

    /** The names of the classes, by index, or null when the data does not name them (a CSV file's numeric labels). */
    public String[] classNames() {
        return switch (kind) {
            case DIGITS -> new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
            case FASHION_MNIST -> FASHION_MNIST_CLASSES.clone();
            case CSV -> null;
        };
    }

    /** Whether {@code other} reads the same examples (Fashion-MNIST is the same wherever its files are). */
    public boolean sameData(DataSource other) {
        return kind == other.kind && (kind != Kind.CSV || path.equals(other.path));
    }

    /**
     * The training, validation and test sets cut with {@code seed}, raw and flattened.
     *
     * @param classes the class count the labels must fit, or 0 for one more than the largest label
     */
    public DatasetSplit split(long seed, int classes) {
        return switch (kind) {
            case FASHION_MNIST -> {
                DatasetSplit given = fashionMnist();
                DatasetSplit trainVal = DatasetSplit.trainTest(given.train(), FASHION_VALIDATION, seed, true);
                yield new DatasetSplit(trainVal.train(), trainVal.test(), given.test());
            }
            default -> DatasetSplit.of(read(classes), VALIDATION, TEST, seed, true);
        };
    }

    /**
     * Every example, raw and flattened, in the order of the source (Fashion-MNIST: its training images, then its
     * test images).
     *
     * @param classes the class count the labels must fit, or 0 for one more than the largest label
     */
    public Dataset all(int classes) {
        if (kind != Kind.FASHION_MNIST) {
            return read(classes).flatten();
        }
        DatasetSplit given = fashionMnist();
        Dataset train = given.train(), test = given.test();
        return Dataset.classification(Tensor.concat(0, train.features(), test.features()),
                Tensor.concat(0, train.targets(), test.targets()), train.classCount());
    }

    private Dataset read(int classes) {
        try {
            if (kind == Kind.DIGITS) {
                return Datasets.digits();
            }
            CsvReader reader = CsvReader.classification();
            return (classes > 0 ? reader.classCount(classes) : reader).read(path);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private DatasetSplit fashionMnist() {
        try {
            return Datasets.fashionMnist(path);
        } catch (IOException e) {
            throw new BadInputException("cannot read Fashion-MNIST from " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of the CSV file, or null for the other sources (which do not change): what a run records so that
     * {@code descent evaluate} can tell when the file has changed since.
     */
    public String fingerprint() {
        return kind == Kind.CSV ? Fingerprint.sha256(path) : null;
    }
}
