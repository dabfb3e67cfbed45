package dev.descent.cli.experiment;

import dev.descent.autograd.Variable;
import dev.descent.cli.optimizer.Optimizers;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.Regularization;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizer;
import dev.descent.train.Evaluation;
import dev.descent.train.Callback;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.callbacks.EarlyStopping;
import dev.descent.train.metrics.ConfusionMatrix;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Runs one {@link RunSpec} with train's {@link Trainer}: build, fit, evaluate on the test set. */
public final class Experiment {

    private Experiment() {
    }

    /**
     * Trains {@code spec} on {@code data}. With a non-null {@code progress}, the trainer prints there (a progress
     * bar on a terminal, a line per epoch otherwise, and the plateau cuts and early stop); with null it is silent.
     */
    public static RunResult run(RunSpec spec, DataSpec.Data data, PrintStream progress) {
        Trainer trainer = trainer(spec, data);
        Optimizer<?> optimizer = trainer.optimizer();
        Regimen regimen = spec.regimen();
        if (progress != null) {
            trainer.verbosity(Trainer.Verbosity.AUTO).output(progress);
        }
        ScheduleSpec schedule = spec.schedule();
        if (!schedule.isConstant()) {
            int perEpoch = trainer.stepsPerEpoch(data.train());
            ScheduleSpec.Pace pace = new ScheduleSpec.Pace((long) spec.epochs() * perEpoch, perEpoch, spec.lr(),
                    hasMomentum(optimizer));
            trainer.schedule(schedule.schedule(pace), schedule.perIteration() ? Trainer.ScheduleUnit.ITERATION
                    : Trainer.ScheduleUnit.EPOCH);
        }
        StepRates steps = new StepRates();
        List<Callback> callbacks = new ArrayList<>(List.of(steps));
        if (regimen.plateau() != null) {
            callbacks.add(regimen.plateau().callback(progress != null));
        }
        EarlyStopping stop = regimen.earlyStop() == null ? null : regimen.earlyStop().callback();
        if (stop != null) {
            callbacks.add(stop);
        }
        trainer.callbacks(callbacks.toArray(Callback[]::new));
        long start = System.nanoTime();
        History history = trainer.fit(data.train(), data.validation(), spec.epochs());
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation test = trainer.evaluate(data.test());
        ConfusionMatrix confusion = data.test().isClassification() ? ConfusionMatrix.of(trainer, data.test()) : null;
        return new RunResult(spec, history, steps, stop == null ? 0 : stop.bestEpoch() + 1, test.loss(),
                test.accuracy(), seconds, trainer.model(), confusion);
    }

    /**
     * The silent trainer of {@code spec} on {@code data}, before any schedule or callback: the model built from the
     * seed, the optimizer at the spec's rate, the loss with its smoothing, class weights and penalty, the batch size,
     * the shuffling seed and the gradient clipping.
     */
    public static Trainer trainer(RunSpec spec, DataSpec.Data data) {
        Module model = spec.model().build(data.features(), data.classes(), new Rng(spec.seed()));
        Optimizer<?> optimizer = Optimizers.create(spec.optimizer(), model.parameters(), spec.lr(), spec.hyper());
        Regimen regimen = spec.regimen();
        Loss loss = regularized(regimen.loss(data.train()), spec.model().regularization(), model);
        Trainer trainer = new Trainer(model, loss, optimizer).batchSize(spec.batchSize()).seed(spec.seed())
                .verbosity(Trainer.Verbosity.SILENT);
        if (regimen.clips()) {
            trainer.clipGradNorm(regimen.clipNorm());
        }
        return trainer;
    }

    /** Whether the optimizer has a momentum above 0 or a β₁ for onecycle and cyclic to cycle. */
    private static boolean hasMomentum(Optimizer<?> optimizer) {
        OptionalDouble m = optimizer.groups().get(0).options().cycledMomentum();
        return m.isPresent() && m.getAsDouble() > 0;
    }

    /**
     * The data loss plus the L1/L2 penalty on the weights, as Keras adds a layer's regularization losses: the loss
     * the optimizer minimizes and the one reported are the same.
     */
    public static Loss regularized(Loss data, Regularization penalty, Module model) {
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
