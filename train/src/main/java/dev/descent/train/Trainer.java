package dev.descent.train;

import dev.descent.autograd.NoGrad;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Module;
import dev.descent.nn.io.SafeTensors;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.GradClip;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.Schedule;
import dev.descent.train.data.Batch;
import dev.descent.train.data.DataLoader;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.Sampler;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training loop, as Keras's {@code model.fit}: minibatches, forward, loss, backward, optimizer step, and after
 * every epoch the validation metrics, the callbacks and a line of progress.
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(784, 256), new BatchNorm1d(256), new ReLU(), new Dropout(0.2),
 *                               new Linear(256, 128), new ReLU(), new Linear(128, 10));
 * Adam adam = new Adam(model.parameters(), Adam.defaults().withLr(1e-3));
 * History history = new Trainer(model, new CrossEntropyLoss(), adam)
 *         .batchSize(128).seed(42)
 *         .callbacks(new EarlyStopping("val_loss").patience(3).restoreBestWeights(true))
 *         .fit(data.train(), data.validation(), 10);
 * Evaluation test = trainer.evaluate(data.test());
 * }</pre>
 *
 * <p><b>Each epoch</b> {@code e}: callbacks' {@code onEpochBegin}; the model in training mode; for each batch of the
 * loader (shuffled by {@code (seed, e)}, or in a {@link #sampler sampler's} order): {@code zeroGrad}, forward, loss,
 * backward, gradient clipping if {@linkplain #clipGradNorm asked for}, {@code step}, a per-iteration schedule's step,
 * {@code onBatchEnd}; then the validation data in evaluation mode without a graph; a per-epoch
 * schedule's step; the logs ({@link EpochLogs}: {@code loss}, {@code accuracy}, {@code val_loss},
 * {@code val_accuracy}, {@code learning_rate}, {@code seconds}) printed and passed to {@code onEpochEnd}; the history
 * appended; requested checkpoints written. Training loss and accuracy are those of the epoch's batches as they were
 * trained (dropout on, the weights moving), averaged over examples, as Keras reports them: each batch's loss weighs
 * as many examples as the batch holds. That is the mean loss per example for a loss that averages over its batch
 * (every loss's default); under {@code Reduction.SUM} it is the mean of the batch sums, as in Keras too.
 *
 * <p><b>Before the first step</b> the data is checked against the model: a feature count the model cannot take, a
 * target the loss rejects, validation data shaped unlike the training data, an empty dataset or a batch size below 1
 * is an {@link IllegalArgumentException} naming the shapes — nothing has been trained when it is thrown.
 *
 * <p><b>Regularization</b> (nn's L1/L2 penalties) goes into the loss, so that {@code loss} and {@code val_loss}
 * include it, as Keras reports them:
 * <pre>{@code
 * Regularization reg = Regularization.of(0, 1e-4);
 * Loss ce = new CrossEntropyLoss();
 * Loss objective = (output, target) -> reg.addTo(ce.forward(output, target), model);
 * }</pre>
 *
 * <p><b>Determinism.</b> With the same model initialization, seed and settings a fit gives the same history and
 * weights bit for bit, on any thread count (Descent's kernels split work by output, never inside a sum). A run
 * resumed from a {@link Checkpoint} ({@link #resumeFrom}) ends with the same weights as one never interrupted.
 *
 * <p><b>A diverging run</b> — a non-finite batch loss — ends the epoch at that batch and stops training, with the
 * reason in {@link History#stopReason()}; the NaN never reaches the weights of a later epoch.
 */
public final class Trainer {
    /** How much a fit prints. */
    public enum Verbosity {
        /** Nothing. */
        SILENT,
        /** A progress bar when the output is a terminal, else one line per epoch. */
        AUTO,
        /** Keras's progress bar, redrawn in place. */
        PROGRESS_BAR,
        /** One line per epoch. */
        EPOCH_LINES
    }

    /** What a schedule's step count t counts. */
    public enum ScheduleUnit { EPOCH, ITERATION }

    private final Module model;
    private final Loss loss;
    private final Optimizer<?> optimizer;
    private int batchSize = 32;
    private int evalBatchSize = 1024;
    private long seed;
    private boolean shuffle = true;
    private boolean dropLast;
    private Sampler sampler;
    private double clipNorm = Double.NaN;
    /** One schedule per parameter group, or null for none. */
    private List<Schedule> schedules;
    private ScheduleUnit scheduleUnit;
    private List<Callback> callbacks = List.of();
    private Verbosity verbosity = Verbosity.AUTO;
    private PrintStream out = System.out;
    private Path resumeFrom;

    /** A trainer of {@code model} under {@code loss}, its parameters updated by {@code optimizer}. */
    public Trainer(Module model, Loss loss, Optimizer<?> optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /**
     * Keras's {@code model.fit(x, y, epochs, callbacks, validation_data)} in one call: batch size 32, seed 0,
     * shuffled, printing as {@link Verbosity#AUTO}.
     *
     * @param validation may be null
     */
    public static History fit(Module model, Loss loss, Optimizer<?> optimizer, Dataset train, Dataset validation,
                              int epochs, Callback... callbacks) {
        return new Trainer(model, loss, optimizer).callbacks(callbacks).fit(train, validation, epochs);
    }

    /** Examples per training batch (default 32, as Keras). */
    public Trainer batchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch size must be ≥ 1, got " + size);
        }
        this.batchSize = size;
        return this;
    }

    /** Examples per batch when evaluating and predicting (default 1024); results do not depend on it. */
    public Trainer evalBatchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("evaluation batch size must be ≥ 1, got " + size);
        }
        this.evalBatchSize = size;
        return this;
    }

    /** The seed of the shuffling order (default 0). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether to shuffle the training data every epoch (default true). */
    public Trainer shuffle(boolean on) {
        this.shuffle = on;
        return this;
    }

    /**
     * Visit the training examples in the order {@code sampler} gives each epoch (PyTorch's {@code sampler=}), instead
     * of shuffling them by the {@link #seed}; {@link #shuffle} is then ignored.
     */
    public Trainer sampler(Sampler sampler) {
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        return this;
    }

    /**
     * Clip the gradients of the model's parameters to a total 2-norm of at most {@code maxNorm} after every backward
     * pass, before the optimizer's step — {@link GradClip#clipGradNorm(Iterable, double)}, as a PyTorch loop calls
     * {@code clip_grad_norm_(model.parameters(), max_norm)} (Keras: {@code global_clipnorm}). The norm covers the
     * whole loss's gradient, regularization included. Off by default.
     */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be finite and > 0, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /** Whether to drop a last batch smaller than the batch size (default false). */
    public Trainer dropLast(boolean on) {
        this.dropLast = on;
        return this;
    }

    /**
     * A learning-rate schedule (optim's {@link Schedule}, for example {@code StepLr} per epoch or
     * {@code OneCycleLr} per iteration), stepped after every epoch or every optimizer step. Its t = 0 values are
     * installed when the fit starts.
     */
    public Trainer schedule(Schedule schedule, ScheduleUnit unit) {
        Objects.requireNonNull(schedule, "schedule");
        return schedule(Collections.nCopies(optimizer.groups().size(), schedule), unit);
    }

    /**
     * One learning-rate schedule per parameter group of the optimizer, in the groups' order (PyTorch's
     * {@code OneCycleLR(max_lr=[…])}: a smaller peak for earlier layers, say), stepped as {@link #schedule(Schedule,
     * ScheduleUnit)}.
     *
     * @throws IllegalArgumentException if there is not exactly one schedule per group
     */
    public Trainer schedule(List<? extends Schedule> perGroup, ScheduleUnit unit) {
        List<Schedule> copy = List.copyOf(Objects.requireNonNull(perGroup, "perGroup"));
        if (copy.size() != optimizer.groups().size()) {
            throw new IllegalArgumentException("Trainer: " + copy.size() + " schedules for "
                    + optimizer.groups().size() + " parameter groups of " + optimizer.name() + "; give one per group");
        }
        this.schedules = copy;
        this.scheduleUnit = Objects.requireNonNull(unit, "unit");
        return this;
    }

    /** The callbacks, called in this order. */
    public Trainer callbacks(Callback... callbacks) {
        for (Callback c : callbacks) {
            Objects.requireNonNull(c, "callback");
        }
        this.callbacks = List.of(callbacks);
        return this;
    }

    /** How much to print (default {@link Verbosity#AUTO}). */
    public Trainer verbosity(Verbosity v) {
        this.verbosity = Objects.requireNonNull(v, "verbosity");
        return this;
    }

    /** Where to print (default {@code System.out}). */
    public Trainer output(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
        return this;
    }

    /**
     * Continue the next fit from a full checkpoint written by a {@link dev.descent.train.callbacks.ModelCheckpoint}:
     * weights, optimizer state, generator states, callback states, history and the epoch reached are restored, and
     * {@link #fit} runs the remaining epochs up to its {@code epochs}.
     */
    public Trainer resumeFrom(Path checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    public Module model() {
        return model;
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The loss the model is trained under. */
    Loss loss() {
        return loss;
    }

    /** Optimizer steps per epoch on {@code train} with this trainer's batch size: for iteration schedules' lengths. */
    public int stepsPerEpoch(Dataset train) {
        return loader(train).batchCount();
    }

    /** The training batches: this trainer's batch size, and its sampler, shuffling and dropLast settings. */
    DataLoader loader(Dataset train) {
        DataLoader l = sampler != null ? DataLoader.ordered(train, batchSize, sampler)
                : shuffle ? DataLoader.shuffled(train, batchSize, seed) : DataLoader.sequential(train, batchSize);
        return dropLast ? l.dropLast(true) : l;
    }

    // ---------------------------------------------------------------- fit

    /**
     * Trains for epochs {@code 0 … epochs−1} (or, resuming, from the checkpoint's epoch on) and returns the history.
     *
     * @param validation evaluated after every epoch; may be null or empty
     * @throws IllegalArgumentException if the data does not fit the model or the loss (before any training)
     */
    public History fit(Dataset train, Dataset validation, int epochs) {
        Objects.requireNonNull(train, "train");
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be ≥ 0, got " + epochs);
        }
        boolean validate = validation != null && validation.size() > 0;
        checkData(train, validate ? validation : null);
        DataLoader loader = loader(train);

        History history = new History();
        Training run = new Training(model, optimizer, epochs, loader.batchCount(), history,
                metricNames(train, validate), out);
        LrScheduler scheduler = schedules == null ? null : new LrScheduler(optimizer, schedules);
        int firstEpoch = 0;
        if (resumeFrom != null) {
            firstEpoch = resume(run, scheduler);
        }
        Reporter reporter = new Reporter(verbosity, out, epochs, loader.batchCount());
        callbacks.forEach(c -> c.onTrainBegin(run));
        for (int epoch = firstEpoch; epoch < epochs && !run.isStopping(); epoch++) {
            run.setEpoch(epoch);
            long start = System.nanoTime();
            callbacks.forEach(c -> c.onEpochBegin(run, run.epoch()));
            reporter.epochBegin(epoch);
            EpochResult trained = trainEpoch(run, loader, scheduler, reporter);
            EpochLogs logs = new EpochLogs(epoch).put(EpochLogs.LOSS, trained.loss());
            if (train.isClassification()) {
                logs.put(EpochLogs.ACCURACY, trained.accuracy());
            }
            if (validate) {
                Evaluation v = evaluate(validation);
                logs.put(EpochLogs.VAL_LOSS, v.loss());
                if (validation.isClassification()) {
                    logs.put(EpochLogs.VAL_ACCURACY, v.accuracy());
                }
            }
            logs.put(EpochLogs.LEARNING_RATE, trained.lr());
            if (scheduler != null && scheduleUnit == ScheduleUnit.EPOCH) {
                scheduler.step();
            }
            logs.put(EpochLogs.SECONDS, (System.nanoTime() - start) / 1e9);
            reporter.epochEnd(logs);
            callbacks.forEach(c -> c.onEpochEnd(run, logs));
            history.add(logs);
            writeCheckpoints(run, scheduler, loader, epoch + 1);
        }
        if (run.isStopping()) {
            history.setStopReason(run.stopReason());
        }
        callbacks.forEach(c -> c.onTrainEnd(run));
        model.train();
        return history;
    }

    private List<String> metricNames(Dataset train, boolean validate) {
        List<String> names = new ArrayList<>(List.of(EpochLogs.LOSS));
        if (train.isClassification()) {
            names.add(EpochLogs.ACCURACY);
        }
        if (validate) {
            names.add(EpochLogs.VAL_LOSS);
            if (train.isClassification()) {
                names.add(EpochLogs.VAL_ACCURACY);
            }
        }
        names.add(EpochLogs.LEARNING_RATE);
        names.add(EpochLogs.SECONDS);
        return names;
    }

    /** An epoch's training metrics: mean loss and accuracy over its examples, and the rate of its last step. */
    private record EpochResult(double loss, double accuracy, double lr) {
    }

    private EpochResult trainEpoch(Training run, DataLoader loader, LrScheduler scheduler, Reporter reporter) {
        model.train();
        boolean classification = loader.dataset().isClassification();
        double lossSum = 0, lr = optimizer.lrInForce(0);
        long correct = 0, seen = 0;
        int batchIndex = 0;
        for (Batch batch : loader.epoch(run.epoch())) {
            lr = optimizer.lrInForce(0);
            optimizer.zeroGrad();
            Variable output = model.forward(batch.features());
            Variable l = loss.forward(output, batch.targets());
            double batchLoss = l.item();
            int n = batch.size();
            seen += n;
            lossSum += batchLoss * n;
            if (classification) {
                correct += correctCount(output.value(), batch.targets());
            }
            if (!Double.isFinite(batchLoss)) {
                run.stop("loss became " + batchLoss + " at epoch " + (run.epoch() + 1) + ", batch " + (batchIndex + 1)
                        + " (learning rate " + lr + ")");
                break;
            }
            backwardAndStep(l);
            run.setIteration(run.iteration() + 1);
            if (scheduler != null && scheduleUnit == ScheduleUnit.ITERATION) {
                scheduler.step();
            }
            int done = ++batchIndex;
            callbacks.forEach(c -> c.onBatchEnd(run, done - 1, batchLoss));
            reporter.batchEnd(done, lossSum / seen, classification ? (double) correct / seen : Double.NaN);
        }
        return new EpochResult(lossSum / seen, classification ? (double) correct / seen : Double.NaN, lr);
    }

    /** Backward from the batch's loss, the gradient clipping if asked for, and the optimizer's step. */
    void backwardAndStep(Variable batchLoss) {
        batchLoss.backward();
        if (!Double.isNaN(clipNorm)) {
            GradClip.clipGradNorm(model.parameters(), clipNorm);
        }
        optimizer.step();
    }

    private static int correctCount(Tensor scores, Tensor labels) {
        int[] predicted = predictedClasses(scores);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels.getFlat(i)) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The class of each example: the argmax of its row of {@code [N, C]} scores, or for one logit per example
     * ({@code [N, 1]}, or {@code [N]} as a binary head squeezed for {@code BCEWithLogitsLoss} gives) 1 where it is
     * above 0.
     */
    private static int[] predictedClasses(Tensor scores) {
        if (scores.rank() == 1 || scores.rank() == 2 && scores.dim(1) == 1) {
            int[] out = new int[scores.dim(0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = scores.getFlat(i) > 0 ? 1 : 0;
            }
            return out;
        }
        return scores.argmax(scores.rank() - 1);
    }

    // ---------------------------------------------------------------- checks

    /** Runs two examples through model and loss in evaluation mode, without a graph: nothing changes. */
    @SuppressWarnings("try") // the no-grad scope is used by being open
    void checkData(Dataset train, Dataset validation) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training data is empty");
        }
        if (validation != null && !validation.featureShape().equals(train.featureShape())) {
            throw new IllegalArgumentException("validation examples have features " + validation.featureShape()
                    + " but training examples have " + train.featureShape());
        }
        boolean batchOfOne = batchSize == 1 || (!dropLast && train.size() % batchSize == 1);
        if (batchOfOne && model.namedModules().values().stream().anyMatch(m -> m instanceof BatchNorm1d)) {
            throw new IllegalArgumentException("training would meet a batch of 1 example (" + train.size()
                    + " examples in batches of " + batchSize + "), which BatchNorm1d cannot normalize, as in PyTorch;"
                    + " use dropLast(true) or another batch size");
        }
        Dataset probe = train.rows(0, Math.min(2, train.size()));
        Shape input = probe.features().shape();
        boolean wasTraining = model.isTraining();
        try (NoGrad ignored = NoGrad.enter()) {
            model.eval();
            Variable output;
            try {
                model.outputShape(input);
                output = model.forward(probe.features());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the model does not take the training data's examples of shape "
                        + train.featureShape() + " (a batch of " + input + "): " + e.getMessage(), e);
            }
            if (train.isClassification() && output.value().rank() == 2 && output.shape().dim(1) > 1
                    && output.shape().dim(1) < train.classCount()) {
                throw new IllegalArgumentException("the model outputs " + output.shape().dim(1) + " scores per example"
                        + " but the training data has " + train.classCount() + " classes");
            }
            try {
                loss.forward(output, probe.targets());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the loss does not take the model's output " + output.shape()
                        + " against the training targets " + probe.targets().shape() + ": " + e.getMessage(), e);
            }
        } finally {
            model.train(wasTraining);
        }
    }

    // ---------------------------------------------------------------- evaluation

    /**
     * The mean loss and the accuracy of the model on {@code data}, in evaluation mode without a graph. The model's
     * mode is restored afterwards.
     */
    @SuppressWarnings("try") // the no-grad scope is used by being open
    public Evaluation evaluate(Dataset data) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty dataset");
        }
        double lossSum = 0;
        long correct = 0;
        boolean wasTraining = model.isTraining();
        try (NoGrad ignored = NoGrad.enter()) {
            model.eval();
            for (Batch b : DataLoader.sequential(data, evalBatchSize).epoch(0)) {
                Variable output = model.forward(b.features());
                lossSum += loss.forward(output, b.targets()).item() * (double) b.size();
                if (data.isClassification()) {
                    correct += correctCount(output.value(), b.targets());
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / data.size(),
                data.isClassification() ? (double) correct / data.size() : Double.NaN, data.size());
    }

    /** The model's outputs for {@code features} ({@code [N, …]}), in evaluation mode without a graph. */
    @SuppressWarnings("try") // the no-grad scope is used by being open
    public Tensor predict(Tensor features) {
        if (features.rank() < 1 || features.dim(0) == 0) {
            throw new IllegalArgumentException("predict: need a batch of examples [N, …], got " + features.shape());
        }
        int n = features.dim(0);
        Tensor result = null;
        boolean wasTraining = model.isTraining();
        try (NoGrad ignored = NoGrad.enter()) {
            model.eval();
            for (int from = 0; from < n; from += evalBatchSize) {
                int to = Math.min(n, from + evalBatchSize);
                Tensor y = model.forward(features.rows(from, to)).value();
                if (result == null) {
                    result = Tensor.zeros(y.shape().withDim(0, n));
                }
                result.rows(from, to).copyFrom(y);
            }
        } finally {
            model.train(wasTraining);
        }
        return result;
    }

    /** The predicted class of each example: the argmax of the model's scores (for one output, the logit's sign). */
    public int[] predictClasses(Tensor features) {
        return predictedClasses(predict(features));
    }

    // ---------------------------------------------------------------- checkpoints

    private Map<String, String> loaderSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("batch_size", Integer.toString(batchSize));
        m.put("seed", Long.toString(seed));
        m.put("shuffle", Boolean.toString(shuffle));
        m.put("drop_last", Boolean.toString(dropLast));
        m.put("sampler", sampler == null ? "none" : "given"); // a sampler has no name to compare, only its presence
        return m;
    }

    private void writeCheckpoints(Training run, LrScheduler scheduler, DataLoader loader, int epochsCompleted) {
        for (Training.CheckpointRequest r : run.takeCheckpointRequests()) {
            try {
                Path parent = r.path().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                if (r.weightsOnly()) {
                    Map<String, String> meta = new LinkedHashMap<>();
                    meta.put("epoch", Integer.toString(epochsCompleted));
                    run.history().last().values().forEach((k, v) -> meta.put(k, Double.toString(v)));
                    SafeTensors.save(model, meta, r.path());
                } else {
                    Checkpoint.save(r.path(), model, optimizer, new Checkpoint.RunState(epochsCompleted,
                            run.iteration(), scheduler == null ? null : scheduler.t(), run.history(),
                            loaderSettings()), callbacks);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint " + r.path() + ": " + e.getMessage(), e);
            }
        }
    }

    private int resume(Training run, LrScheduler scheduler) {
        Checkpoint cp;
        try {
            cp = Checkpoint.load(resumeFrom);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + resumeFrom + ": " + e.getMessage(), e);
        }
        Map<String, String> now = loaderSettings();
        List<String> changed = new ArrayList<>();
        now.forEach((k, v) -> {
            if (!v.equals(cp.metadata(k))) {
                changed.add(k + " " + cp.metadata(k) + " → " + v);
            }
        });
        if (!changed.isEmpty() && verbosity != Verbosity.SILENT) {
            out.println("Resuming from " + resumeFrom + " with other loader settings (" + String.join(", ", changed)
                    + "): the run will not repeat the uninterrupted one");
        }
        if ((scheduler == null) != (cp.schedulerT() == null)) {
            throw new IllegalArgumentException(resumeFrom + ": the checkpoint was written " + (scheduler == null
                    ? "with" : "without") + " a learning-rate schedule; resume with the same setup");
        }
        cp.restore(model, optimizer, callbacks, scheduler);
        for (EpochLogs e : cp.history().epochs()) {
            run.history().add(e);
        }
        run.setIteration(cp.iteration());
        return cp.epochsCompleted();
    }

    @Override
    public String toString() {
        return "Trainer[" + model.getClass().getSimpleName() + ", " + loss.getClass().getSimpleName() + ", "
                + optimizer.name() + ", batch " + batchSize + ", seed " + seed + ", callbacks "
                + Arrays.toString(callbacks.stream().map(c -> c.getClass().getSimpleName()).toArray()) + "]";
    }
}
