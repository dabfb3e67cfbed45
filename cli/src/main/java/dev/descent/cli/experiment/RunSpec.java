package dev.descent.cli.experiment;

import dev.descent.cli.optimizer.Hyper;
import dev.descent.cli.optimizer.OptimizerKind;

/**
 * One training run: a model, an optimizer with its rate, overrides and schedule, and the budget.
 *
 * @param label     how tables and legends name the run
 * @param model     the network
 * @param optimizer which optimizer
 * @param lr        its initial learning rate
 * @param hyper     its other hyper-parameters (nulls keep the defaults)
 * @param schedule  the learning-rate schedule
 * @param regimen   clipping, label smoothing, class weights, plateau cuts, early stopping
 * @param epochs    passes over the training set
 * @param batchSize examples per step
 * @param seed      seeds the weights, the shuffling and dropout
 */
public record RunSpec(String label, ModelSpec model, OptimizerKind optimizer, double lr, Hyper hyper,
                      ScheduleSpec schedule, Regimen regimen, int epochs, int batchSize, long seed) {

    public RunSpec {
        if (epochs < 1 || epochs > 100_000) {
            throw new IllegalArgumentException("epochs must be between 1 and 100000, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        }
    }

    public RunSpec withLabel(String l) {
        return new RunSpec(l, model, optimizer, lr, hyper, schedule, regimen, epochs, batchSize, seed);
    }

    public RunSpec withBatchSize(int b) {
        return new RunSpec(label, model, optimizer, lr, hyper, schedule, regimen, epochs, b, seed);
    }

    /** The same run with another optimizer, rate, hyper-parameters and schedule. */
    public RunSpec with(OptimizerKind kind, double rate, Hyper h, ScheduleSpec s) {
        return new RunSpec(label, model, kind, rate, h, s, regimen, epochs, batchSize, seed);
    }

    public RunSpec withLr(double rate) {
        return new RunSpec(label, model, optimizer, rate, hyper, schedule, regimen, epochs, batchSize, seed);
    }
}
