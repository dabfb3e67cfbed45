package dev.descent.examples;

import dev.descent.core.Rng;
import dev.descent.nn.Linear;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.Evaluation;
import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import dev.descent.train.data.Datasets;
import dev.descent.train.data.Standardizer;

import java.util.function.Function;

/**
 * Example 3, the driver — {@link SignSgd} (the custom optimizer, in its own file) trains the same network as plain
 * SGD, through the same {@link Trainer}, with a step schedule: an optimizer you write plugs into everything the
 * built-in ones do.
 */
public final class CustomOptimizer {

    public static void main(String[] args) {
        DatasetSplit split = DatasetSplit.of(Datasets.digits(), 0.2, 0.2, 42, true);
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset train = scaler.transform(split.train()), validation = scaler.transform(split.validation()),
                test = scaler.transform(split.test());

        train("sgd (lr 0.05)     ", model -> new Sgd(model.parameters(), Sgd.defaults().withLr(0.05)), train,
                validation, test);
        train("signum (lr 0.002)", model -> new SignSgd(model.parameters(), 0.002, 0.9), train, validation, test);
    }

    private static void train(String name, Function<Sequential, Optimizer<?>> optimizer, Dataset train,
                              Dataset validation, Dataset test) {
        Rng rng = new Rng(7); // the same initial weights for both optimizers
        Sequential model = new Sequential(
                new Linear(64, 64, true, WeightInit.PYTORCH_DEFAULT, rng.split()),
                new ReLU(),
                new Linear(64, 10, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
        Trainer trainer = new Trainer(model, new CrossEntropyLoss(), optimizer.apply(model))
                .batchSize(32).seed(7)
                .schedule(new StepLr(5, 0.5), Trainer.ScheduleUnit.EPOCH) // halve the rate every 5 epochs
                .verbosity(Trainer.Verbosity.SILENT);
        trainer.fit(train, validation, 15);
        Evaluation result = trainer.evaluate(test);
        System.out.printf("%s  test loss %.4f  test accuracy %.2f%%%n", name, result.loss(), 100 * result.accuracy());
    }

    private CustomOptimizer() {
    }
}
