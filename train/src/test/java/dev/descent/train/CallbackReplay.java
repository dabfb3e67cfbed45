package dev.descent.train;

import dev.descent.core.Rng;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.WeightInit;
import dev.descent.optim.Adam;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Stream;

/**
 * Drives callbacks through a fit without training: each epoch the model's every weight is set to the epoch number
 * (so the weights a callback restores say which epoch they are from) and the monitored metric takes a scripted value.
 * Lets a test replay long metric sequences through real callbacks in microseconds.
 */
public final class CallbackReplay {
    private CallbackReplay() {
    }

    /**
     * What the run did.
     *
     * @param epochsRun     epochs before training stopped or the values ran out
     * @param finalWeights  the epoch whose weights the model holds after {@code onTrainEnd}
     * @param run           the run, for its learning rate and stop reason
     */
    public record Result(int epochsRun, int finalWeights, Training run) {
    }

    /** Replays {@code values} of {@code metric} through {@code callbacks}, starting at learning rate {@code lr}. */
    public static Result replay(String metric, double[] values, double lr, List<Callback> callbacks) {
        Module model = new Linear(1, 1, true, WeightInit.PYTORCH_DEFAULT, new Rng(1));
        Training run = new Training(model, new Adam(model.parameters(), Adam.defaults().withLr(lr)), values.length, 1,
                new History(), Stream.of(EpochLogs.LOSS, metric, EpochLogs.LEARNING_RATE).distinct().toList(),
                new PrintStream(OutputStream.nullOutputStream()));
        callbacks.forEach(c -> c.onTrainBegin(run));
        int epochs = 0;
        for (int epoch = 0; epoch < values.length && !run.isStopping(); epoch++) {
            run.setEpoch(epoch);
            int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(run, e));
            model.stateDict().values().forEach(t -> t.fill(e));
            EpochLogs logs = new EpochLogs(epoch).put(EpochLogs.LOSS, 0).put(metric, values[epoch])
                    .put(EpochLogs.LEARNING_RATE, run.learningRate());
            callbacks.forEach(c -> c.onEpochEnd(run, logs));
            epochs++;
        }
        callbacks.forEach(c -> c.onTrainEnd(run));
        return new Result(epochs, (int) model.stateDict().values().iterator().next().get(0, 0), run);
    }
}
