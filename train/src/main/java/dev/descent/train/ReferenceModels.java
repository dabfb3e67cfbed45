package dev.descent.train;

import dev.descent.core.Rng;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;

/** Models that tests, benchmarks and examples share, so that each figure is about the same network. */
public final class ReferenceModels {
    private ReferenceModels() {
    }

    /**
     * The Fashion-MNIST reference MLP, twin of the PyTorch baseline ({@code torch_mlp_fmnist.py}):
     * <pre>
     * Linear(784, 256) → BatchNorm1d(256) → ReLU → Dropout(0.2) → Linear(256, 128) → ReLU → Linear(128, 10)
     * </pre>
     * with PyTorch's default initialization, trained with cross-entropy and Adam at 1e-3 in batches of 128. Weights
     * and dropout masks are drawn from generators split from {@code seed}.
     */
    public static Sequential fashionMnistMlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(784, 256, true, WeightInit.PYTORCH_DEFAULT, rng.split()),
                new BatchNorm1d(256), new ReLU(), new Dropout(0.2, rng.split()),
                new Linear(256, 128, true, WeightInit.PYTORCH_DEFAULT, rng.split()), new ReLU(),
                new Linear(128, 10, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
    }
}
