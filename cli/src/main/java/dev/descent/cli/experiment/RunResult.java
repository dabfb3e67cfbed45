package dev.descent.cli.experiment;

import dev.descent.nn.Module;
import dev.descent.train.EpochLogs;
import dev.descent.train.History;
import dev.descent.train.metrics.ConfusionMatrix;

/**
 * What a run produced: its per-epoch history, the rate of every step, the final test metrics, the wall time and the
 * trained model.
 *
 * @param spec     the run
 * @param history  loss, accuracy, val_loss, val_accuracy and learning_rate per epoch
 * @param steps    the learning rate and momentum of every optimizer step
 * @param restored the (1-based) epoch whose weights early stopping restored, or 0
 * @param testLoss test-set loss of the final model
 * @param testAcc  test-set accuracy of the final model
 * @param seconds  wall time of the training
 * @param model    the trained network
 * @param testConfusion the final model's confusion matrix on the test set (null for regression data)
 */
public record RunResult(RunSpec spec, History history, StepRates steps, int restored, double testLoss,
                        double testAcc, double seconds, Module model, ConfusionMatrix testConfusion) {

    /** The metric over epochs, e.g. {@link EpochLogs#VAL_LOSS}. */
    public double[] curve(String metric) {
        return history.metric(metric);
    }

    /** The last epoch's value of a metric. */
    public double last(String metric) {
        double[] c = curve(metric);
        return c[c.length - 1];
    }

    /** The 1-based epoch with the lowest validation loss. */
    public int bestEpoch() {
        double[] v = curve(EpochLogs.VAL_LOSS);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Epoch numbers 1..n, for the x axis. */
    public double[] epochs() {
        double[] x = new double[history.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
