package dev.descent.train;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.MinMaxScaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small, seeded models and data shared by the trainer's tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The built-in digits, split 70/15/15 (stratified, seed 1) and scaled to [0, 1] on the training part. */
    public static DatasetSplit digits() {
        DatasetSplit s = DatasetSplit.of(Datasets.digits(), 0.15, 0.15, 1, true);
        MinMaxScaler scaler = MinMaxScaler.fit(s.train());
        return new DatasetSplit(scaler.transform(s.train()), scaler.transform(s.validation()),
                scaler.transform(s.test()));
    }

    /** 64-32 (BatchNorm, ReLU, Dropout 0.2) - 10, every weight and mask drawn from {@code seed}. */
    public static Module mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(64, 32, true, WeightInit.PYTORCH_DEFAULT, rng.split()), new BatchNorm1d(32),
                new ReLU(), new Dropout(0.2, rng.split()),
                new Linear(32, 10, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
    }

    public static Adam adam(Module model, double lr) {
        return new Adam(model.parameters(), Adam.defaults().withLr(lr));
    }

    /** A trainer of {@link #mlp} with Adam at 1e-2, batch 64, seed 3, printing nothing. */
    public static Trainer trainer(Module model) {
        return new Trainer(model, new CrossEntropyLoss(), adam(model, 1e-2)).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT);
    }

    /** Deletes {@code dir} and everything below it (a property test's own temporary folder). */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Whether two models hold the same bits in every parameter and buffer. */
    public static boolean sameState(Module a, Module b) {
        var sa = a.stateDict();
        var sb = b.stateDict();
        if (!sa.keySet().equals(sb.keySet())) {
            return false;
        }
        for (String k : sa.keySet()) {
            if (!sa.get(k).sameBits(sb.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** N examples of D features whose class is which of the first C features is largest. */
    public static Dataset argmaxTask(int n, int d, int c, long seed) {
        Tensor x = Tensor.uniform(new Rng(seed), -1, 1, n, d);
        Tensor y = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (x.get(i, j) > x.get(i, best)) {
                    best = j;
                }
            }
            y.setFlat(i, best);
        }
        return Dataset.classification(x, y, c);
    }
}
