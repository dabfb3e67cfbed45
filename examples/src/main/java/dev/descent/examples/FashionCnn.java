package dev.descent.examples;

import dev.descent.core.Rng;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Flatten;
import dev.descent.nn.Linear;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.nn.Window2d;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.train.Evaluation;
import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;

import java.io.IOException;

/**
 * Example 3 — a small convolutional network on Fashion-MNIST: two blocks of 3×3 convolution, ReLU and 2×2 max
 * pooling, then one linear layer, trained with {@link Trainer} and Adam for two epochs (about 88 % test accuracy).
 *
 * <pre>
 *   [N, 1, 28, 28] → Conv2d(1, 16, 3, padding 1) → ReLU → MaxPool2d(2) → [N, 16, 14, 14]
 *                  → Conv2d(16, 32, 3, padding 1) → ReLU → MaxPool2d(2) → [N, 32, 7, 7]
 *                  → Flatten → Linear(1568, 10)
 * </pre>
 *
 * <p>The dataset is read from {@link Datasets#FASHION_MNIST_DIR} (Debian's {@code dataset-fashion-mnist} package),
 * or from the directory given as the first argument; without it the example says how to get it and stops. Its
 * images come flattened to 784 pixels in [0, 1]; a convolution wants them as 1 × 28 × 28 images. Optional second
 * argument: the number of epochs (2). {@code bench/peers/fashion_cnn_torch.py} trains the same network in PyTorch.
 */
public final class FashionCnn {

    public static void main(String[] args) throws IOException {
        java.nio.file.Path dir = args.length > 0 ? java.nio.file.Path.of(args[0]) : Datasets.FASHION_MNIST_DIR;
        if (!Datasets.hasFashionMnist(dir)) {
            System.out.println("Fashion-MNIST is not in " + dir + "; " + Datasets.FASHION_MNIST_INSTALL_HINT
                    + ", or pass the directory holding its four .gz files as the first argument.");
            return;
        }
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        DatasetSplit data = Datasets.fashionMnist(dir);
        Dataset train = asImages(data.train()), test = asImages(data.test());

        Rng rng = new Rng(42);
        Sequential model = new Sequential(
                conv(1, 16, rng), new ReLU(), new MaxPool2d(2),
                conv(16, 32, rng), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(32 * 7 * 7, 10, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
        System.out.print(model.summary(64, 1, 28, 28));

        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), Adam.defaults()))
                .batchSize(64)
                .seed(42)
                .verbosity(Trainer.Verbosity.EPOCH_LINES);
        trainer.fit(train, null, epochs); // each epoch's line gives its training time

        long start = System.nanoTime();
        Evaluation result = trainer.evaluate(test);
        System.out.printf("test loss %.4f, test accuracy %.2f%% (%.1f s to evaluate)%n", result.loss(),
                100 * result.accuracy(), (System.nanoTime() - start) / 1e9);
    }

    /** A 3×3 convolution with one ring of zero padding, so the image keeps its size. */
    private static Conv2d conv(int in, int out, Rng rng) {
        return new Conv2d(in, out, Window2d.square(3).padding(1), 1, true, WeightInit.PYTORCH_DEFAULT, rng.split());
    }

    /** {@code [N, 784]} pixels as {@code [N, 1, 28, 28]} images (a view, nothing copied). */
    private static Dataset asImages(Dataset flat) {
        return flat.withFeatures(flat.features().reshape(flat.size(), 1, 28, 28));
    }

    private FashionCnn() {
    }
}
