package dev.descent.train;

import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One run of {@link Trainer#fit}, as the callbacks see it: the model and optimizer being trained, where the run is,
 * and the levers a callback may pull — the learning rate, stopping, and saving a checkpoint.
 */
public final class Training {
    private final Module model;
    private final Optimizer<?> optimizer;
    private final int epochs;
    private final int batchesPerEpoch;
    private final History history;
    private final List<String> metricNames;
    private final PrintStream out;
    private final List<CheckpointRequest> checkpointRequests = new ArrayList<>();
    private int epoch;
    private long iteration;
    private String stopReason;

    /** A file to write once the current epoch is completely done. */
    record CheckpointRequest(Path path, boolean weightsOnly) {
    }

    Training(Module model, Optimizer<?> optimizer, int epochs, int batchesPerEpoch, History history,
             List<String> metricNames, PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.history = history;
        this.metricNames = List.copyOf(metricNames);
        this.out = out;
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** The optimizer updating it. */
    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The epoch count the run goes to (epochs are numbered 0 … epochs − 1). */
    public int epochs() {
        return epochs;
    }

    /** The current epoch, 0-based. */
    public int epoch() {
        return epoch;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** Batches per training epoch. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Optimizer steps taken in this run so far, counting those before a resumed checkpoint. */
    public long iteration() {
        return iteration;
    }

    void setIteration(long iteration) {
        this.iteration = iteration;
    }

    /** The metrics of the epochs finished so far. */
    public History history() {
        return history;
    }

    /** The metrics every epoch's logs will hold, e.g. {@code [loss, accuracy, val_loss, …]}. */
    public List<String> metricNames() {
        return metricNames;
    }

    /**
     * Checks that {@code metric} will be in the logs, for callbacks that monitor one.
     *
     * @throws IllegalArgumentException naming the metric and the ones available
     */
    public void requireMetric(String who, String metric) {
        if (!metricNames.contains(metric)) {
            throw new IllegalArgumentException(who + " monitors '" + metric + "', which this fit does not record; "
                    + "it records " + metricNames + (metric.startsWith("val_") ? " (give validation data for val_ "
                    + "metrics)" : ""));
        }
    }

    /** The learning rate of the first parameter group. */
    public double learningRate() {
        return optimizer.groups().get(0).lr();
    }

    /** Sets the learning rate of every parameter group. */
    public void setLearningRate(double lr) {
        optimizer.setLr(lr);
    }

    /** Asks the trainer to stop after the current epoch; {@code reason} goes into the history. */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Whether a stop was requested. */
    public boolean isStopping() {
        return stopReason != null;
    }

    String stopReason() {
        return stopReason;
    }

    /**
     * Asks for a checkpoint at {@code path} once the current epoch is completely finished (every callback's
     * {@link Callback#onEpochEnd} done), so that it holds exactly the state the next epoch starts from. Full
     * checkpoints ({@link Checkpoint}) carry weights, optimizer state, RNG states, callback states and history;
     * {@code weightsOnly} writes the model's {@code state_dict} alone, loadable into PyTorch.
     */
    public void requestCheckpoint(Path path, boolean weightsOnly) {
        checkpointRequests.add(new CheckpointRequest(Objects.requireNonNull(path, "path"), weightsOnly));
    }

    List<CheckpointRequest> takeCheckpointRequests() {
        List<CheckpointRequest> r = List.copyOf(checkpointRequests);
        checkpointRequests.clear();
        return r;
    }

    /** Where callbacks print their verbose lines (the trainer's output). */
    public PrintStream out() {
        return out;
    }
}
