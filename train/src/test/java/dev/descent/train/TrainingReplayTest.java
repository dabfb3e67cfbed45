package dev.descent.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.autograd.NoGrad;
import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.nn.Dropout;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.GradClip;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.optim.schedule.Schedule;
import dev.descent.train.callbacks.ModelCheckpoint;
import dev.descent.train.callbacks.ReduceLROnPlateau;
import dev.descent.train.data.Batch;
import dev.descent.train.data.DataLoader;
import dev.descent.train.data.Dataset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whole training runs replayed against PyTorch step by step: {@code training-replay.json} (made by
 * {@code src/test/python/make_training_replay.py}) holds nine runs of small MLPs on 96 examples of 20 features —
 * SGD with momentum and StepLR per epoch; BatchNorm (and a Dropout of p = 0) with Adam and L2 weight decay; AdamW
 * with OneCycleLR per iteration (β₁ cycled) and {@code clip_grad_norm_}; RMSprop with Descent's L1 + L2
 * {@code Regularization} and a ragged last batch; Nesterov SGD with weight decay and cosine annealing per epoch; a
 * BatchNorm regression head under MSE; a binary head squeezed to one logit under BCEWithLogitsLoss; and 60 steps of
 * SGD with dampening, weight decay and an L2 penalty together, two BatchNorms, label smoothing, clipping, ragged
 * batches and OneCycleLR cycling the momentum; SGD under ReduceLROnPlateau on val_loss (four cuts) — each from
 * PyTorch's initial weights (rounded to float32) over a fixed batch order. Each run goes through {@link Trainer#fit} (the order
 * given by a {@link dev.descent.train.data.Sampler}) and through a loop written by hand over the same modules,
 * optimizer and scheduler; both must follow PyTorch's float64 run: every step's loss, the whole state (BatchNorm's
 * running statistics included) at checkpoints, and every epoch's training and evaluation-mode validation metrics.
 */
class TrainingReplayTest {
    /**
     * Each step's loss against PyTorch's float64 run, relative. Descent computes in float32, whose rounding the
     * optimizer feeds back into the weights, so the drift grows with the steps and the learning rate. Measured over
     * the nine runs (24–60 steps): at most 9.9e-7 relative (SGD at lr 0.3, momentum 0.9), where PyTorch's own float32
     * run differs from its float64 run by up to 1.6e-6; 0.8e-7 to 5.2e-7 in the others. 1e-5 leaves 10× room for
     * that noise and is still far below a semantic difference: a schedule stepped per batch instead of per epoch moved the loss by 8e-4 by step 3, an L2
     * penalty of λ/2 by 7e-3 at step 1, a BatchNorm momentum of 0.09 its running mean by 10% after one step, a summed
     * MSE by 31×, and leaving out gradient clipping by 1.6e-4 by step 8.
     */
    static final double LOSS_RTOL = 1e-5;
    /**
     * Parameters and buffers at the checkpoints: {@code |descent − torch| ≤ STATE_ATOL + STATE_RTOL·|torch|}.
     * Measured: at most 7.3e-6 absolute (BatchNorm with Adam, whose update divides tiny gradients by their own root
     * mean square, so float32 noise in them moves the weights by up to lr·noise/noise; PyTorch's float32 run is
     * 4.0e-6 from its float64 run there), ≤ 2.2e-6 in the other runs.
     */
    static final double STATE_RTOL = 1e-4;
    static final double STATE_ATOL = 2e-5;
    /**
     * After the last step Descent's state, run in float32, must be within this many times the largest deviation of
     * PyTorch's own float32 run from its float64 run. Measured ratios: 0.6–1.8 (1.0 in three runs, where both float32
     * runs land on the same float).
     */
    static final double FLOAT32_NOISE_FACTOR = 4;
    /** Learning rates and cycled β₁: Descent's closed-form schedules against PyTorch's chained ones, both double. */
    static final double SCHEDULE_RTOL = 1e-12;

    /** What one run recorded, to compare with PyTorch's. */
    static final class Run {
        final List<Double> losses = new ArrayList<>();
        final Map<Integer, Map<String, Tensor>> states = new LinkedHashMap<>();
        final List<Map<String, Double>> epochs = new ArrayList<>();
        final List<Double> lrs = new ArrayList<>();
        final List<Double> momenta = new ArrayList<>();
        final List<Double> gradNorms = new ArrayList<>();

        void snapshotAt(int step, Module model, JsonNode checkpoints) {
            for (JsonNode c : checkpoints) {
                if (c.get("after_step").asInt() == step) {
                    Map<String, Tensor> copy = new LinkedHashMap<>();
                    model.stateDict().forEach((k, v) -> copy.put(k, v.copy()));
                    states.put(step, copy);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> trainerFollowsPyTorch() {
        return ReplayCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(c, fit(c))));
    }

    @TestFactory
    Stream<DynamicTest> handWrittenLoopFollowsPyTorch() {
        return ReplayCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Run run = handLoop(c);
            compare(c, run);
            compareSchedule(c, run);
        }));
    }

    /**
     * Dropout's mask generator cannot match PyTorch's, so the runs above use p = 0; with p = 0.5 the training losses
     * must still be finite and differ from the p = 0 run's, and evaluation must not depend on the masks drawn.
     */
    @Test
    void dropoutTrainsFiniteAndEvaluatesDeterministically() {
        ReplayCase c = ReplayCase.all().stream().filter(r -> r.name().equals("batchnorm_adam_weight_decay"))
                .findFirst().orElseThrow();
        Sequential p0 = (Sequential) c.model();
        assertTrue(p0.get(3) instanceof Dropout d && d.p() == 0, "the case's dropout layer");
        Module model = new Sequential(p0.get(0), p0.get(1), p0.get(2), new Dropout(0.5, 11), p0.get(4));
        List<Double> losses = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, double loss) {
                losses.add(loss);
            }
        };
        Trainer t = new Trainer(model, c.objective(model), c.optimizer(model)).batchSize(c.batchSize())
                .sampler(c.sampler()).callbacks(recorder).verbosity(Trainer.Verbosity.SILENT);
        History h = t.fit(c.train(), c.validation(), c.epochs());
        assertEquals(c.steps().size(), losses.size());
        int differing = 0;
        for (int k = 0; k < losses.size(); k++) {
            assertTrue(Double.isFinite(losses.get(k)), "loss of step " + (k + 1) + ": " + losses.get(k));
            differing += losses.get(k) == c.steps().get(k).get("loss").asDouble() ? 0 : 1;
        }
        assertTrue(differing > losses.size() / 2, "dropout changed the losses of only " + differing + " steps");
        Evaluation once = t.evaluate(c.validation()), again = t.evaluate(c.validation());
        assertEquals(once, again);
        assertEquals(h.last().get(EpochLogs.VAL_LOSS), once.loss(), 0.0, "the last epoch's validation is evaluate()");
        assertTrue(t.predict(c.validation().features()).sameBits(t.predict(c.validation().features())));
        assertTrue(model.isTraining(), "fit and evaluate leave the model in training mode");
    }

    /**
     * A run stopped after epoch 2 and resumed from its checkpoint (weights, Adam's or SGD's state, BatchNorm's
     * buffers, the per-iteration schedule's t, the sampler's epoch) ends where PyTorch's uninterrupted run does.
     */
    @TestFactory
    Stream<DynamicTest> aResumedRunStillFollowsPyTorch(@TempDir Path dir) {
        return ReplayCase.all().stream().filter(c -> c.name().contains("onecycle")).map(c -> DynamicTest.dynamicTest(
                c.name(), () -> {
                    Path saved = dir.resolve(c.name());
                    Module model = c.model();
                    Run full = new Run();
                    trainer(c, model, full, new ModelCheckpoint(saved.resolve("epoch-{epoch}.ckpt").toString()))
                            .fit(c.train(), c.validation(), c.epochs());
                    Module fresh = c.model();
                    fresh.parameters().forEach(p -> p.value().fill(0)); // everything must come from the checkpoint
                    Run rest = new Run();
                    record(trainer(c, fresh, rest).resumeFrom(saved.resolve("epoch-2.ckpt"))
                            .fit(c.train(), c.validation(), c.epochs()), rest);
                    int done = 2 * (c.steps().size() / c.epochs());
                    assertEquals(full.losses.subList(done, full.losses.size()), rest.losses);
                    assertEquals(c.epochs(), rest.epochs.size(), "the history continues the saved one");
                    JsonNode last = c.checkpoints().get(c.checkpoints().size() - 1);
                    compareState(c, last, rest.states.get(last.get("after_step").asInt()));
                    assertTrue(Fixtures.sameState(model, fresh), "the resumed run ends with other weights");
                }));
    }

    /** Trainer.fit runs exactly the loop a user writes by hand: the same bits at the end. */
    @TestFactory
    Stream<DynamicTest> trainerIsTheHandWrittenLoop() {
        return ReplayCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Run trainer = fit(c), hand = handLoop(c);
            assertEquals(trainer.losses, hand.losses, "losses");
            for (var e : trainer.states.entrySet()) {
                Map<String, Tensor> other = hand.states.get(e.getKey());
                e.getValue().forEach((k, v) -> assertTrue(v.sameBits(other.get(k)), k + " after step " + e.getKey()));
            }
            // the trainer evaluates in batches of 7 (the mean of their losses, weighted by size), the hand loop at once
            trainer.epochs.forEach(logs -> logs.remove(EpochLogs.VAL_LOSS));
            hand.epochs.forEach(logs -> logs.remove(EpochLogs.VAL_LOSS));
            assertEquals(trainer.epochs, hand.epochs, "epoch logs");
        }));
    }

    static Run fit(ReplayCase c) {
        Run run = new Run();
        return record(trainer(c, c.model(), run).fit(c.train(), c.validation(), c.epochs()), run);
    }

    /** A trainer set up as the case's PyTorch loop, recording each step's loss and the state at checkpoints. */
    static Trainer trainer(ReplayCase c, Module model, Run run, Callback... more) {
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(Training training, int batch, double loss) {
                run.losses.add(loss);
                run.snapshotAt((int) training.iteration(), training.model(), c.checkpoints());
            }
        };
        List<Callback> callbacks = new ArrayList<>(List.of(recorder));
        if (c.plateau() != null) {
            callbacks.add(new ReduceLROnPlateau(c.monitor(), c.plateau(), false));
        }
        callbacks.addAll(List.of(more));
        Trainer trainer = new Trainer(model, c.objective(model), c.optimizer(model)).batchSize(c.batchSize())
                .sampler(c.sampler()).callbacks(callbacks.toArray(new Callback[0]))
                .verbosity(Trainer.Verbosity.SILENT)
                .evalBatchSize(7); // validation in batches of 7, 7, 7, 7, 4: their mean weighted by size
        Schedule schedule = c.schedule();
        if (schedule != null) {
            trainer.schedule(schedule, c.scheduleUnit());
        }
        if (!Double.isNaN(c.clipNorm())) {
            trainer.clipGradNorm(c.clipNorm());
        }
        return trainer;
    }

    private static Run record(History history, Run run) {
        for (EpochLogs logs : history.epochs()) {
            Map<String, Double> m = new LinkedHashMap<>(logs.values());
            m.remove(EpochLogs.SECONDS);
            run.epochs.add(m);
        }
        return run;
    }

    /** The loop of the generator script's docstring, written as a Descent user would. */
    @SuppressWarnings("try") // the no-grad scope is used by being open
    static Run handLoop(ReplayCase c) {
        Module model = c.model();
        Loss objective = c.objective(model);
        Optimizer<?> optimizer = c.optimizer(model);
        Schedule schedule = c.schedule();
        LrScheduler scheduler = schedule == null ? null : new LrScheduler(optimizer, schedule);
        ReduceLrOnPlateau plateau = c.plateau() == null ? null : new ReduceLrOnPlateau(optimizer, c.plateau());
        boolean perIteration = schedule != null && c.scheduleUnit() == Trainer.ScheduleUnit.ITERATION;
        DataLoader loader = DataLoader.ordered(c.train(), c.batchSize(), c.sampler());
        Run run = new Run();
        for (int epoch = 0; epoch < c.epochs(); epoch++) {
            model.train();
            double lossSum = 0, lr = 0;
            int seen = 0, correct = 0;
            for (Batch b : loader) {
                lr = optimizer.lrInForce(0);
                run.lrs.add(lr);
                Hyperparameters<?> h = optimizer.groups().get(0).options();
                run.momenta.add(h.cycledMomentum().orElse(Double.NaN));
                optimizer.zeroGrad();
                Variable output = model.forward(b.features());
                Variable loss = objective.forward(output, b.targets());
                loss.backward();
                if (!Double.isNaN(c.clipNorm())) {
                    run.gradNorms.add(GradClip.clipGradNorm(model.parameters(), c.clipNorm()));
                }
                optimizer.step();
                if (perIteration) {
                    scheduler.step();
                }
                run.losses.add((double) loss.item());
                run.snapshotAt(run.losses.size(), model, c.checkpoints());
                lossSum += (double) loss.item() * b.size();
                seen += b.size();
                correct += c.classification() ? correct(output.value(), b.targets()) : 0;
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put(EpochLogs.LOSS, lossSum / seen);
            if (c.classification()) {
                logs.put(EpochLogs.ACCURACY, (double) correct / seen);
            }
            model.eval();
            try (NoGrad ignored = NoGrad.enter()) {
                Dataset v = c.validation();
                Variable output = model.forward(v.features());
                logs.put(EpochLogs.VAL_LOSS, (double) objective.forward(output, v.targets()).item());
                if (c.classification()) {
                    logs.put(EpochLogs.VAL_ACCURACY, (double) correct(output.value(), v.targets()) / v.size());
                }
            }
            logs.put(EpochLogs.LEARNING_RATE, lr);
            if (scheduler != null && !perIteration) {
                scheduler.step();
            }
            if (plateau != null) {
                plateau.step(logs.get(c.monitor()));
            }
            run.epochs.add(logs);
        }
        return run;
    }

    /** Examples whose predicted class is the label: the argmax of the scores, or a single logit's sign. */
    private static int correct(Tensor scores, Tensor labels) {
        int n = 0;
        for (int i = 0; i < labels.size(); i++) {
            int predicted = scores.rank() == 1 ? (scores.getFlat(i) > 0 ? 1 : 0) : scores.rows(i, i + 1).argmax(1)[0];
            n += predicted == labels.getFlat(i) ? 1 : 0;
        }
        return n;
    }

    static void compare(ReplayCase c, Run run) {
        compareLosses(c, run);
        for (JsonNode cp : c.checkpoints()) {
            compareState(c, cp, run.states.get(cp.get("after_step").asInt()));
        }
        compareEpochs(c, run);
    }

    private static void compareLosses(ReplayCase c, Run run) {
        JsonNode steps = c.steps();
        assertEquals(steps.size(), run.losses.size(), c + ": optimizer steps");
        for (int k = 0; k < steps.size(); k++) {
            double expected = steps.get(k).get("loss").asDouble();
            double rel = Math.abs(run.losses.get(k) - expected) / Math.abs(expected);
            if (!(rel <= LOSS_RTOL)) {
                fail(c + ": loss of step " + (k + 1) + " is " + run.losses.get(k) + ", PyTorch " + expected
                        + " (relative error " + rel + ")");
            }
        }
    }

    /**
     * Every parameter and buffer within the stated tolerance of PyTorch's float64 run; at the end, also no further
     * from it than {@link #FLOAT32_NOISE_FACTOR} times the farthest element of PyTorch's own float32 run.
     */
    private static void compareState(ReplayCase c, JsonNode checkpoint, Map<String, Tensor> state) {
        int step = checkpoint.get("after_step").asInt();
        assertTrue(state != null, c + ": no state recorded after step " + step);
        JsonNode exact = checkpoint.get("state");
        assertEquals(new TreeSet<>(state.keySet()), new TreeSet<>(c.state(exact).keySet()), c + ": state names");
        double worst = 0, torchWorst = 0;
        for (String name : state.keySet()) {
            float[] got = state.get(name).toArray();
            double[] want = ReplayCase.doubles(exact.get(name));
            assertEquals(want.length, got.length, name);
            for (int i = 0; i < got.length; i++) {
                double err = Math.abs(got[i] - want[i]);
                worst = Math.max(worst, err);
                if (!(err <= STATE_ATOL + STATE_RTOL * Math.abs(want[i]))) {
                    fail(c + ": " + name + "[" + i + "] after step " + step + " is " + got[i] + ", PyTorch "
                            + want[i]);
                }
            }
            if (checkpoint.has("state_f32")) {
                double[] torch32 = ReplayCase.doubles(checkpoint.get("state_f32").get(name));
                for (int i = 0; i < want.length; i++) {
                    torchWorst = Math.max(torchWorst, Math.abs(torch32[i] - want[i]));
                }
            }
        }
        if (checkpoint.has("state_f32")) {
            assertTrue(worst <= FLOAT32_NOISE_FACTOR * torchWorst, c + ": after the last step Descent's state is "
                    + worst + " from PyTorch's float64 one, PyTorch's float32 run " + torchWorst);
        }
    }

    /** Training loss and accuracy as trained, evaluation-mode validation, and the rate of each epoch's last step. */
    private static void compareEpochs(ReplayCase c, Run run) {
        JsonNode epochs = c.epochLogs();
        assertEquals(epochs.size(), run.epochs.size(), c + ": epochs");
        for (int e = 0; e < epochs.size(); e++) {
            JsonNode want = epochs.get(e);
            Map<String, Double> got = run.epochs.get(e);
            Set<String> names = new TreeSet<>();
            want.fieldNames().forEachRemaining(names::add);
            assertEquals(names, new TreeSet<>(got.keySet()), c + ": metrics of epoch " + e);
            for (String name : names) {
                double w = want.get(name).asDouble(), g = got.get(name);
                double tol = name.endsWith("accuracy") ? 0 : name.equals(EpochLogs.LEARNING_RATE)
                        ? SCHEDULE_RTOL * w : LOSS_RTOL * Math.abs(w);
                assertEquals(w, g, tol, c + ": " + name + " of epoch " + e);
            }
        }
    }

    /** The hand loop also sees what PyTorch had in force at each step: the rate, a cycled β₁, the gradient norm. */
    static void compareSchedule(ReplayCase c, Run run) {
        JsonNode steps = c.steps();
        for (int k = 0; k < steps.size(); k++) {
            JsonNode s = steps.get(k);
            double lr = s.get("lr").asDouble();
            assertEquals(lr, run.lrs.get(k), SCHEDULE_RTOL * lr, c + ": lr of step " + (k + 1));
            if (s.has("beta1") || s.has("momentum")) {
                double m = (s.has("beta1") ? s.get("beta1") : s.get("momentum")).asDouble();
                assertEquals(m, run.momenta.get(k), SCHEDULE_RTOL, c + ": cycled momentum of step " + (k + 1));
            }
            if (s.has("grad_norm")) {
                double n = s.get("grad_norm").asDouble();
                assertEquals(n, run.gradNorms.get(k), 1e-4 * n, c + ": gradient norm of step " + (k + 1));
            }
        }
    }
}
