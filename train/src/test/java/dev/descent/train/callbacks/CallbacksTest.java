package dev.descent.train.callbacks;

import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.nn.io.SafeTensors;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.train.Callback;
import dev.descent.train.CallbackReplay;
import dev.descent.train.Checkpoint;
import dev.descent.train.EpochLogs;
import dev.descent.train.Fixtures;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.Training;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallbacksTest {
    static final DatasetSplit DIGITS = Fixtures.digits();

    private static Trainer trainer(Module model, Callback... callbacks) {
        return Fixtures.trainer(model).callbacks(callbacks);
    }

    /** Remembers the model's state after each epoch. */
    private static final class Snapshots implements Callback {
        final List<Map<String, Tensor>> states = new ArrayList<>();

        @Override
        public void onEpochEnd(Training training, EpochLogs logs) {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            training.model().stateDict().forEach((k, t) -> copy.put(k, t.copy()));
            states.add(copy);
        }
    }

    private static boolean sameState(Module m, Map<String, Tensor> state) {
        return m.stateDict().entrySet().stream().allMatch(e -> e.getValue().sameBits(state.get(e.getKey())));
    }

    // ---------------------------------------------------------------- LearningRateScheduler

    @Test
    void learningRateSchedulerRunsTheLecturesStepDecay() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LearningRateScheduler.Function stepDecay = (epoch, lr) -> 0.1 * Math.pow(0.5, Math.floor((1 + epoch) / 2.0));
        History h = trainer(Fixtures.mlp(1), new LearningRateScheduler(stepDecay, true))
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).fit(DIGITS.train(), null, 4);
        assertEquals(List.of(0.1, 0.05, 0.05, 0.025), List.of(h.metric("learning_rate")[0], h.metric("learning_rate")[1],
                h.metric("learning_rate")[2], h.metric("learning_rate")[3]));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(
                "Epoch 2: LearningRateScheduler setting learning rate to 0.05."), bytes.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> trainer(Fixtures.mlp(1),
                new LearningRateScheduler((e, lr) -> Double.NaN)).fit(DIGITS.train(), null, 1));
    }

    // ---------------------------------------------------------------- ReduceLROnPlateau

    @Test
    void reduceLrOnPlateauFollowsKerasThroughAFit() {
        // Keras's rule: the cut comes on the patience-th epoch without improvement, one epoch before PyTorch's.
        History h = trainer(Fixtures.mlp(1), new ScriptedMetric("loss", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
                new ReduceLROnPlateau("loss").patience(1).factor(0.5)).fit(DIGITS.train(), null, 6);
        double[] lr = h.metric("learning_rate");
        assertEquals(List.of(0.01, 0.01, 0.005, 0.0025, 0.00125, 0.000625),
                List.of(lr[0], lr[1], lr[2], lr[3], lr[4], lr[5]));
    }

    @Test
    void aDamagedCallbackStateIsRefusedAndChangesNothing() {
        double[] loss = {1.0, 0.8, 0.9, 0.95};
        EarlyStopping stop = new EarlyStopping("loss").patience(5);
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("loss").patience(1).cooldown(2);
        CallbackReplay.replay("loss", loss, 0.1, List.of(stop, plateau)).run();
        for (Callback callback : List.<Callback>of(stop, plateau)) {
            Callback.State before = callback.state();
            for (double bad : new double[] {2.5, Double.NaN, -3, 1e12}) {
                Map<String, Double> damaged = new LinkedHashMap<>(before.scalars());
                damaged.put("wait", bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> callback.restoreState(new Callback.State(damaged, before.tensors())));
                assertEquals("callback state entry 'wait' must be a whole number ≥ 0, got " + bad, e.getMessage());
                assertEquals(before.scalars(), callback.state().scalars(), "a refused state changes nothing");
            }
        }
    }

    @Test
    void reduceLrOnPlateauResumesMidCooldown() {
        double[] loss = {1.0, 1.0, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0};
        ReduceLROnPlateau whole = new ReduceLROnPlateau("loss").patience(1).factor(0.5).cooldown(2);
        double wholeLr = CallbackReplay.replay("loss", loss, 0.1, List.of(whole)).run().learningRate();
        ReduceLROnPlateau first = new ReduceLROnPlateau("loss").patience(1).factor(0.5).cooldown(2);
        double midLr = CallbackReplay.replay("loss", Arrays.copyOf(loss, 3), 0.1, List.of(first)).run().learningRate();
        assertEquals(1, first.cooldownLeft(), "stopped inside the cooldown");
        ReduceLROnPlateau second = new ReduceLROnPlateau("loss").patience(1).factor(0.5).cooldown(2);
        second.restoreState(first.state());
        double endLr = CallbackReplay.replay("loss", Arrays.copyOfRange(loss, 3, loss.length), midLr,
                List.of(second)).run().learningRate();
        assertEquals(wholeLr, endLr);
        assertEquals(whole.waitCount(), second.waitCount());
        assertEquals(whole.cooldownLeft(), second.cooldownLeft());
        assertEquals(whole.best(), second.best());
    }

    @Test
    void reduceLrOnPlateauRefusesBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(0));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().patience(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().minDelta(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().minLr(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().cooldown(-2));
        var e = assertThrows(IllegalStateException.class, () -> new ReduceLROnPlateau("loss",
                ReduceLrOnPlateau.defaults(), false).patience(3));
        assertTrue(e.getMessage().contains("PyTorch's"), e.getMessage());
    }

    @Test
    void pytorchRuleCutsAfterPatienceBadEpochs() {
        // loss: 1.0 (best), then flat: with patience 1 PyTorch's rule cuts when bad epochs > 1, i.e. after epoch 3.
        History h = trainer(Fixtures.mlp(1), new ScriptedMetric("loss", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
                new ReduceLROnPlateau("loss", ReduceLrOnPlateau.defaults().withPatience(1).withFactor(0.5), false))
                .fit(DIGITS.train(), null, 6);
        double[] lr = h.metric("learning_rate");
        assertEquals(List.of(0.01, 0.01, 0.01, 0.005, 0.005, 0.0025),
                List.of(lr[0], lr[1], lr[2], lr[3], lr[4], lr[5]));
    }

    @Test
    void reduceLrOnPlateauNeedsARecordedMetric() {
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(Fixtures.mlp(1), new ReduceLROnPlateau())
                .fit(DIGITS.train(), null, 1));
        assertTrue(e.getMessage().contains("monitors 'val_loss', which this fit does not record"), e.getMessage());
    }

    // ---------------------------------------------------------------- EarlyStopping

    @Test
    void earlyStoppingFollowsKerasCounting() {
        // best at epoch 1 (0.5); epochs 2, 3 do not improve by more than minDelta 0.05: wait reaches 2 at epoch 3.
        EarlyStopping stop = new EarlyStopping("val_loss").patience(2).minDelta(0.05);
        History h = trainer(Fixtures.mlp(1), new ScriptedMetric("val_loss", 1.0, 0.5, 0.46, 0.47, 0.1, 0.1), stop)
                .fit(DIGITS.train(), DIGITS.validation(), 6);
        assertEquals(4, h.size());
        assertEquals(3, stop.stoppedEpoch());
        assertEquals(1, stop.bestEpoch());
        assertEquals(0.5, stop.best());
        assertTrue(h.stopReason().startsWith("EarlyStopping: val_loss did not improve"), h.stopReason());
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        Snapshots snapshots = new Snapshots();
        Module model = Fixtures.mlp(2);
        EarlyStopping stop = new EarlyStopping("val_accuracy").patience(1).restoreBestWeights(true);
        History h = trainer(model, new ScriptedMetric("val_accuracy", 0.5, 0.9, 0.8, 0.7, 0.95), stop, snapshots)
                .fit(DIGITS.train(), DIGITS.validation(), 5);
        assertEquals(3, h.size(), "mode AUTO watches an accuracy upwards");
        assertTrue(sameState(model, snapshots.states.get(1)), "the weights of epoch 2 (index 1) are back");
        assertFalse(sameState(model, snapshots.states.get(2)));
    }

    @Test
    void earlyStoppingRestoresAlsoWhenRunningToTheEnd() {
        Snapshots snapshots = new Snapshots();
        Module model = Fixtures.mlp(2);
        trainer(model, new ScriptedMetric("loss", 3, 1, 2), new EarlyStopping("loss").patience(5)
                .restoreBestWeights(true), snapshots).fit(DIGITS.train(), null, 3);
        assertTrue(sameState(model, snapshots.states.get(1)));
    }

    @Test
    void earlyStoppingStartsEveryFitAfresh() {
        EarlyStopping stop = new EarlyStopping("loss").patience(1).restoreBestWeights(true);
        CallbackReplay.replay("loss", new double[] {0.1, 0.5, 0.5}, 0.1, List.of(stop));
        assertEquals(1, stop.stoppedEpoch());
        // A second fit does not compare with the first fit's best of 0.1 (Keras's on_train_begin resets).
        CallbackReplay.Result again = CallbackReplay.replay("loss", new double[] {0.5, 0.4, 0.3}, 0.1, List.of(stop));
        assertEquals(3, again.epochsRun());
        assertEquals(-1, stop.stoppedEpoch());
        assertEquals(0.3, stop.best());
        assertEquals(2, again.finalWeights());
    }

    @Test
    void autoModeFollowsKeras3() {
        assertEquals(Mode.MAX, Mode.AUTO.resolve("val_accuracy"));
        assertEquals(Mode.MAX, Mode.AUTO.resolve("auc"));
        assertEquals(Mode.MAX, Mode.AUTO.resolve("val_precision"));
        assertEquals(Mode.MIN, Mode.AUTO.resolve("val_loss"));
        assertEquals(Mode.MIN, Mode.AUTO.resolve("mean_squared_error"));
        var e = assertThrows(IllegalArgumentException.class, () -> Mode.AUTO.resolve("val_my_score"));
        assertTrue(e.getMessage().contains("'val_my_score'") && e.getMessage().contains("Mode.MAX"), e.getMessage());
        assertEquals(Mode.MIN, Mode.MIN.resolve("val_my_score"));
        var fit = assertThrows(IllegalArgumentException.class, () -> trainer(Fixtures.mlp(1),
                new EarlyStopping("seconds")).fit(DIGITS.train(), null, 1));
        assertTrue(fit.getMessage().contains("'seconds'"), fit.getMessage());
    }

    @Test
    void earlyStoppingWithABaselineKeepsCounting() {
        // Improvements that do not beat the baseline leave the patience counter running (Keras's rule).
        double[] loss = {1.0, 0.9, 0.95, 0.95, 0.95};
        History h = trainer(Fixtures.mlp(1), new ScriptedMetric("loss", loss),
                new EarlyStopping("loss").patience(2).baseline(0.1)).fit(DIGITS.train(), null, 5);
        assertEquals(3, h.size());
        History without = trainer(Fixtures.mlp(1), new ScriptedMetric("loss", loss),
                new EarlyStopping("loss").patience(2)).fit(DIGITS.train(), null, 5);
        assertEquals(4, without.size());
    }

    // ---------------------------------------------------------------- ModelCheckpoint

    @Test
    void modelCheckpointFillsItsTemplateAndKeepsOnlyTheBest(@TempDir Path dir) throws IOException {
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best-{epoch:02d}-{val_loss:.2f}.safetensors").toString())
                .saveBestOnly("val_loss", Mode.AUTO).weightsOnly(true);
        trainer(Fixtures.mlp(1), new ScriptedMetric("val_loss", 0.9, 0.5, 0.7, 0.4), best)
                .fit(DIGITS.train(), DIGITS.validation(), 4);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("best-01-0.90.safetensors", "best-02-0.50.safetensors", "best-04-0.40.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Module loaded = Fixtures.mlp(5);
        SafeTensors.load(loaded, dir.resolve("best-04-0.40.safetensors"));
        assertEquals("4", SafeTensors.load(dir.resolve("best-04-0.40.safetensors")).metadata().get("epoch"));
    }

    @Test
    void modelCheckpointInitialValueThreshold(@TempDir Path dir) throws IOException {
        // Keras's initial_value_threshold: the first save must beat 0.6, so 0.9 (epoch 1) is not saved.
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("e{epoch}.safetensors").toString())
                .saveBestOnly("val_loss").initialValueThreshold(0.6).weightsOnly(true);
        trainer(Fixtures.mlp(1), new ScriptedMetric("val_loss", 0.9, 0.5, Double.NaN, 0.7, 0.4), best)
                .fit(DIGITS.train(), DIGITS.validation(), 5);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("e2.safetensors", "e5.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "a NaN never saves");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(Fixtures.mlp(1),
                new ModelCheckpoint(dir.resolve("x.ckpt")).initialValueThreshold(0.5)).fit(DIGITS.train(), null, 1));
        assertTrue(e.getMessage().contains("saveBestOnly"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("x").initialValueThreshold(Double.NaN));
    }

    @Test
    void fullCheckpointsHoldTheWholeRun(@TempDir Path dir) throws IOException {
        Module model = Fixtures.mlp(1);
        trainer(model, new ModelCheckpoint(dir.resolve("last.ckpt"))).fit(DIGITS.train(), DIGITS.validation(), 2);
        Checkpoint c = Checkpoint.load(dir.resolve("last.ckpt"));
        assertEquals(2, c.epochsCompleted());
        assertEquals(2L * Fixtures.trainer(model).stepsPerEpoch(DIGITS.train()), c.iteration());
        assertEquals(2, c.history().size());
        assertEquals("Adam", c.optimizerState().optimizer());
        assertTrue(sameState(model, c.modelState()));
        assertEquals("64", c.metadata("batch_size"));
        // A weights-only file is not a checkpoint.
        SafeTensors.save(model, Map.of(), dir.resolve("weights.safetensors"));
        var e = assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("weights.safetensors")));
        assertTrue(e.getMessage().contains("not a Descent training checkpoint"), e.getMessage());
    }

    @Test
    void aBadTemplateFailsBeforeTraining(@TempDir Path dir) {
        Module model = Fixtures.mlp(1);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(model,
                new ModelCheckpoint(dir.resolve("{val_los}.ckpt").toString())).fit(DIGITS.train(), DIGITS.validation(), 1));
        assertTrue(e.getMessage().contains("{val_los}"), e.getMessage());
        assertEquals("ckpt-07-0.1235", ModelCheckpoint.format("ckpt-{epoch:02d}-{loss:.4f}",
                new EpochLogs(6).put("loss", 0.123456), null));
    }

    // ---------------------------------------------------------------- CsvLogger

    @Test
    void csvLoggerWritesARowPerEpoch(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("logs/history.csv");
        History h = trainer(Fixtures.mlp(1), new CsvLogger(csv)).fit(DIGITS.train(), DIGITS.validation(), 2);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds", lines.get(0));
        assertEquals(3, lines.size());
        assertEquals(h.epoch(1).get("val_loss"), Double.parseDouble(lines.get(2).split(",")[3]));
        // Appending continues the file under the same header.
        trainer(Fixtures.mlp(1), new CsvLogger(csv, true)).fit(DIGITS.train(), DIGITS.validation(), 1);
        assertEquals(4, Files.readAllLines(csv).size());
        assertEquals(History.parseCsv(String.join("\n", lines)).metric("loss")[1], h.metric("loss")[1]);
    }

    @Test
    void csvLoggerSeparatorAndNonFiniteValues(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("h.csv");
        trainer(Fixtures.mlp(1), new ScriptedMetric("loss", Double.NaN, Double.NEGATIVE_INFINITY),
                new CsvLogger(csv).separator(';')).fit(DIGITS.train(), null, 2);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch;loss;accuracy;learning_rate;seconds", lines.get(0));
        assertTrue(lines.get(1).startsWith("1;NaN;0.") && lines.get(2).startsWith("2;-Infinity;0."), lines.toString());
        assertThrows(IllegalArgumentException.class, () -> new CsvLogger(csv).separator('.'));
        assertThrows(IllegalArgumentException.class, () -> new CsvLogger(csv).separator('e'));
        // Appending a fit with validation to a file without val_ columns would lose them: refused before training.
        var e = assertThrows(IllegalArgumentException.class, () -> trainer(Fixtures.mlp(1),
                new CsvLogger(csv, true).separator(';')).fit(DIGITS.train(), DIGITS.validation(), 1));
        assertTrue(e.getMessage().contains("[val_loss, val_accuracy]"), e.getMessage());
        assertEquals(3, Files.readAllLines(csv).size(), "the file is untouched");
    }
}
