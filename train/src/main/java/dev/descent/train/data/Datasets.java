package dev.descent.train.data;

import dev.descent.core.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Ready-made datasets.
 *
 * <ul>
 *   <li>{@link #digits()} — built in, no download: the UCI "Optical Recognition of Handwritten Digits" test set
 *       (E. Alpaydin and C. Kaynak, 1998; UCI Machine Learning Repository, licensed CC BY 4.0), as distributed with
 *       scikit-learn: 1,797 images of 8×8 pixels with values 0..16, ten classes.</li>
 *   <li>{@link #fashionMnist(Path)} — Zalando Research's Fashion-MNIST (MIT licence), read from its four gzipped IDX
 *       files; Debian's {@code dataset-fashion-mnist} package installs them in {@link #FASHION_MNIST_DIR}.</li>
 * </ul>
 */
public final class Datasets {
    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** How to get Fashion-MNIST onto a Debian or Ubuntu machine. */
    public static final String FASHION_MNIST_INSTALL_HINT =
            "install it as root with `apt-get update && apt-get install -y dataset-fashion-mnist`";

    private static final String DIGITS_RESOURCE = "digits.csv.gz";
    private static final String[] FASHION_FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

    private Datasets() {
    }

    /**
     * The built-in handwritten digits: features {@code [1797, 64]} (8×8 pixels row by row, values 0..16, not
     * scaled — fit a {@link MinMaxScaler} or {@link Standardizer} on the training split), labels 0..9.
     */
    public static Dataset digits() {
        try (InputStream in = Datasets.class.getResourceAsStream(DIGITS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in resource " + DIGITS_RESOURCE
                        + " is missing from the descent-train jar");
            }
            return CsvReader.classification().header(false).classCount(10).read(in, Path.of(DIGITS_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + DIGITS_RESOURCE, e);
        }
    }

    /** Whether the four Fashion-MNIST files are in {@code dir}. */
    public static boolean hasFashionMnist(Path dir) {
        for (String f : FASHION_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    /** Fashion-MNIST from {@link #FASHION_MNIST_DIR}. */
    public static DatasetSplit fashionMnist() throws IOException {
        return fashionMnist(FASHION_MNIST_DIR);
    }

    /**
     * Fashion-MNIST from the four IDX files in {@code dir}: 60,000 training and 10,000 test images, each flattened
     * to 784 features and divided by 255 (so in [0, 1], as the PyTorch baseline does), ten classes. The validation
     * part is empty; cut one from the training part with {@link DatasetSplit#of} if you need it.
     *
     * @throws NoSuchFileException    if a file is missing (the message says how to install the package)
     * @throws MalformedDataException if a file is damaged, or images and labels disagree in count
     */
    public static DatasetSplit fashionMnist(Path dir) throws IOException {
        for (String f : FASHION_FILES) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, "Fashion-MNIST file not found; "
                        + FASHION_MNIST_INSTALL_HINT);
            }
        }
        Dataset train = scaledImages(idx(dir.resolve(FASHION_FILES[0]), dir.resolve(FASHION_FILES[1]), 10));
        Dataset test = scaledImages(idx(dir.resolve(FASHION_FILES[2]), dir.resolve(FASHION_FILES[3]), 10));
        return new DatasetSplit(train, train.rows(0, 0), test);
    }

    /**
     * An image set in MNIST's IDX format: features {@code [N, rows, columns]} with the raw pixel values 0..255,
     * labels in {@code [0, classCount)}.
     *
     * @throws MalformedDataException if a file is damaged, a label is out of range, or the counts differ
     */
    public static Dataset idx(Path images, Path labels, int classCount) throws IOException {
        Tensor x = IdxReader.readImages(images);
        Tensor y = IdxReader.readLabels(labels, classCount);
        if (x.dim(0) != y.dim(0)) {
            throw new MalformedDataException(labels, "byte offset 4", y.dim(0) + " labels for the " + x.dim(0)
                    + " images of " + images);
        }
        return Dataset.classification(x, y, classCount);
    }

    private static Dataset scaledImages(Dataset raw) {
        float[] a = raw.features().array();
        for (int i = 0; i < a.length; i++) {
            a[i] /= 255f;
        }
        return raw.flatten();
    }
}
