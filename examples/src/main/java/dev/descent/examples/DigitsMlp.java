package dev.descent.examples;

import dev.descent.core.Rng;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Adam;
import dev.descent.train.Callback;
import dev.descent.train.EpochLogs;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.Training;
import dev.descent.train.callbacks.EarlyStopping;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.Standardizer;

/**
 * Example 2 — an MLP on the built-in handwritten digits with {@link Trainer} and callbacks: Keras's
 * {@code model.fit}, in Java.
 *
 * <p>What {@code TinyNetwork} did by hand, the library does here: {@code Linear}, {@code BatchNorm1d}, {@code ReLU}
 * and {@code Dropout} layers in a {@code Sequential}, the cross-entropy loss, {@code Adam}, minibatches shuffled
 * each epoch, validation after every epoch, early stopping that restores the best weights, and a callback of our
 * own that prints the learning rate's effect.
 */
public final class DigitsMlp {

    public static void main(String[] args) {
        // 1,797 8×8 images, ten classes; 60% training, 20% validation, 20% test, stratified and seeded.
        DatasetSplit split = DatasetSplit.of(Datasets.digits(), 0.2, 0.2, 42, true);
        // Standardize every pixel with the training set's mean and deviation (never the test set's).
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), validation = scaler.transform(split.validation()),
                test = scaler.transform(split.test());

        Rng rng = new Rng(42);
        Sequential model = new Sequential(
                new Linear(64, 128, true, WeightInit.PYTORCH_DEFAULT, rng.split()),
                new BatchNorm1d(128),
                new ReLU(),
                new Dropout(0.2, rng.split()),
                new Linear(128, 10, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
        Adam adam = new Adam(model.parameters(), Adam.defaults().withLr(3e-3));

        // A callback is any object with the hooks it needs; this one reports the best validation accuracy so far.
        Callback bestSoFar = new Callback() {
            private double best;

            @Override
            public void onEpochEnd(Training training, EpochLogs logs) {
                if (logs.get(EpochLogs.VAL_ACCURACY) > best) {
                    best = logs.get(EpochLogs.VAL_ACCURACY);
                    System.out.printf("  new best validation accuracy %.2f%%%n", 100 * best);
                }
            }
        };

        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), adam)
                .batchSize(32)
                .seed(42)
                .verbosity(Trainer.Verbosity.EPOCH_LINES)
                .callbacks(new EarlyStopping(EpochLogs.VAL_LOSS).patience(5).restoreBestWeights(true), bestSoFar);
        History history = trainer.fit(train, validation, 50);

        Evaluation result = trainer.evaluate(test);
        System.out.printf("%nstopped after %d epochs; test loss %.4f, test accuracy %.2f%%%n", history.size(),
                result.loss(), 100 * result.accuracy());
    }

    private DigitsMlp() {
    }
}
