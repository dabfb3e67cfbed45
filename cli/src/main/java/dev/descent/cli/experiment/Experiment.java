package dev.descent.cli.experiment;

import dev.descent.autograd.Variable;
import dev.descent.cli.optimizer.Optimizers;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.Regularization;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizer;
import dev.descent.train.Evaluation;
import dev.descent.train.History;
import dev.descent.train.Trainer;

import java.io.PrintStream;

/** Runs one {@link RunSpec} with train's {@link Trainer}: build, fit, evaluate on the test set. */
public final class Experiment {

    private Experiment() {
    }

    /**
     * Trains {@code spec} on {@code data}. With a non-null {@code progress}, the trainer prints there (a progress
     * bar on a terminal, a line per epoch otherwise); with null it is silent.
     */
    public static RunResult run(RunSpec spec, DataSpec.Data data, PrintStream progress) {
        Module model = spec.model().build(data.features(), data.classes(), new Rng(spec.seed()));
        Optimizer<?> optimizer = Optimizers.create(spec.optimizer(), model.parameters(), spec.lr(), spec.hyper());
        Loss loss = regularized(new CrossEntropyLoss(), spec.model().regularization(), model);
        Trainer trainer = new Trainer(model, loss, optimizer).batchSize(spec.batchSize()).seed(spec.seed())
                .schedule(spec.schedule().make().apply(spec.epochs()), Trainer.ScheduleUnit.EPOCH)
                .verbosity(progress == null ? Trainer.Verbosity.SILENT : Trainer.Verbosity.AUTO);
        if (progress != null) {
            trainer.output(progress);
        }
        long start = System.nanoTime();
        History history = trainer.fit(data.train(), data.validation(), spec.epochs());
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation test = trainer.evaluate(data.test());
        return new RunResult(spec, history, test.loss(), test.accuracy(), seconds, model);
    }

    /**
     * The data loss plus the L1/L2 penalty on the weights, as Keras adds a layer's regularization losses: the loss
     * the optimizer minimizes and the one reported are the same.
     */
    static Loss regularized(Loss data, Regularization penalty, Module model) {
        if (penalty == null) {
            return data;
        }
        return new Loss() {
            @Override
            public Variable forward(Variable prediction, Tensor target) {
                return penalty.addTo(data.forward(prediction, target), model);
            }

            @Override
            public String toString() {
                return data + " + " + penalty;
            }
        };
    }
}
