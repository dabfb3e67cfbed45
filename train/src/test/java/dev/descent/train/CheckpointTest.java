package dev.descent.train;

import dev.descent.core.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
import dev.descent.nn.io.SafeTensors;
import dev.descent.nn.io.WeightFileException;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.callbacks.CsvLogger;
import dev.descent.train.callbacks.EarlyStopping;
import dev.descent.train.callbacks.ModelCheckpoint;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint that does not fit the run it is resumed into is refused, naming the file and the entry, and nothing
 * changes; a crash while saving leaves the previous checkpoint whole.
 */
class CheckpointTest {
    static final DatasetSplit DIGITS = Fixtures.digits();
    @TempDir
    static Path dir;
    static Path checkpoint;

    @BeforeAll
    static void writeOne() {
        checkpoint = dir.resolve("one.ckpt");
        Fixtures.trainer(Fixtures.mlp(1)).callbacks(new EarlyStopping("val_loss").patience(3),
                new ModelCheckpoint(checkpoint)).fit(DIGITS.train(), DIGITS.validation(), 1);
    }

    @Test
    void anotherModelShapeIsRefusedUntouched() {
        Module other = new Sequential(new Linear(64, 10));
        Module before = new Sequential(new Linear(64, 10));
        before.loadStateDict(other.stateDict());
        Trainer t = Fixtures.trainer(other).resumeFrom(checkpoint);
        assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertTrue(Fixtures.sameState(other, before));
    }

    @Test
    void anotherOptimizerIsRefusedAndTheModelPutBack() {
        Module model = Fixtures.mlp(2);
        Module before = Fixtures.mlp(2);
        Trainer t = new Trainer(model, new CrossEntropyLoss(),
                new Sgd(model.parameters(), Sgd.defaults().withLr(0.1))).verbosity(Trainer.Verbosity.SILENT)
                .callbacks(new EarlyStopping("val_loss").patience(3)).resumeFrom(checkpoint);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertTrue(e.getMessage().contains("Adam"), e.getMessage());
        assertTrue(Fixtures.sameState(model, before), "the model is put back when the optimizer state does not fit");
    }

    @Test
    void otherCallbacksAreRefusedUntouched() {
        Module model = Fixtures.mlp(3);
        Module before = Fixtures.mlp(3);
        Trainer t = Fixtures.trainer(model).callbacks(new CsvLogger(dir.resolve("x.csv"))).resumeFrom(checkpoint);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertEquals(checkpoint + ": callback 0 is a CsvLogger but the checkpoint holds the state of a "
                + "dev.descent.train.callbacks.EarlyStopping there; resume with the same callbacks in the same order",
                e.getMessage());
        assertTrue(Fixtures.sameState(model, before), "the model is left alone when the callbacks do not fit");
    }

    @Test
    void aScheduleMismatchIsRefused() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(3)).callbacks(new EarlyStopping("val_loss").patience(3))
                .schedule(new StepLr(1, 0.5), Trainer.ScheduleUnit.EPOCH).resumeFrom(checkpoint);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertTrue(e.getMessage().contains("without a learning-rate schedule"), e.getMessage());
    }

    @Test
    void aResumedRunThatIsAlreadyDoneTrainsNothing() {
        Module model = Fixtures.mlp(4);
        History h = Fixtures.trainer(model).callbacks(new EarlyStopping("val_loss").patience(3))
                .resumeFrom(checkpoint).fit(DIGITS.train(), DIGITS.validation(), 1);
        assertEquals(1, h.size(), "the saved epoch is in the history");
    }

    @Test
    void aDamagedCheckpointIsReported() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        Path cut = Files.write(dir.resolve("cut.ckpt"), Arrays.copyOf(bytes, bytes.length / 2));
        Trainer t = Fixtures.trainer(Fixtures.mlp(5)).resumeFrom(cut);
        var e = assertThrows(UncheckedIOException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertTrue(e.getMessage().startsWith("cannot resume from " + cut), e.getMessage());
    }

    /** Rewrites the test checkpoint with one metadata entry and one tensor changed (null removes it). */
    static Path forged(String name, String key, String value, String tensor, Tensor replacement) throws IOException {
        SafeTensors.Contents c = SafeTensors.load(checkpoint);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
        if (key != null) {
            if (value == null) {
                meta.remove(key);
            } else {
                meta.put(key, value);
            }
        }
        if (tensor != null) {
            tensors.put(tensor, replacement);
        }
        Path f = dir.resolve(name);
        SafeTensors.save(tensors, c.dtypes(), meta, f);
        return f;
    }

    @Test
    void damagedEntriesAreNamedOnLoad() throws IOException {
        Path epochs = forged("epochs.ckpt", "epochs_completed", "2147483648", null, null);
        assertEquals(epochs + ": checkpoint entry epochs_completed must be a whole number in [0, 2147483647], got"
                + " '2147483648'", assertThrows(WeightFileException.class, () -> Checkpoint.load(epochs)).getMessage());
        Tensor w = Checkpoint.load(checkpoint).modelState().get("0.weight").copy();
        w.setFlat(3, Float.NaN);
        Path nan = forged("nan.ckpt", null, null, "model.0.weight", w);
        assertEquals(nan + ": checkpoint entry model.0.weight holds NaN at flat index 3 (shape [32, 64]); a run cannot"
                + " resume from non-finite values",
                assertThrows(WeightFileException.class, () -> Checkpoint.load(nan)).getMessage());
        Path history = forged("history.ckpt", "history", "epoch,loss\n1,2,3\n", null, null);
        assertEquals(history + ": checkpoint entry history: history CSV line 2 has 3 cells for 2 columns",
                assertThrows(WeightFileException.class, () -> Checkpoint.load(history)).getMessage());
        Path rng = forged("rng.ckpt", "rng.3", "1,2", null, null);
        assertEquals(rng + ": checkpoint entry rng.3 is not a generator state (3 whole numbers): '1,2'",
                assertThrows(WeightFileException.class, () -> Checkpoint.load(rng)).getMessage());
        Path lr = forged("lr.ckpt", "optimizer.group.0.lr", "fast", null, null);
        assertEquals(lr + ": checkpoint entry optimizer.group.0.lr is not a number: 'fast'",
                assertThrows(WeightFileException.class, () -> Checkpoint.load(lr)).getMessage());
    }

    @Test
    void aMissingGeneratorIsRefusedUntouched() throws IOException {
        Path f = forged("no-rng.ckpt", "rng.3", null, null, null);
        Module model = Fixtures.mlp(6);
        Module before = Fixtures.mlp(6);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(f).restore(model, Fixtures.adam(model, 1e-2)));
        assertEquals(f + ": checkpoint has no generator state for the Dropout layer '3' of this model; it was written"
                + " for another model", e.getMessage());
        assertTrue(Fixtures.sameState(model, before));
    }

    @Test
    void aRefusedResumeUnderAScheduleLeavesTheRatesAlone() {
        Path scheduled = dir.resolve("scheduled.ckpt");
        Fixtures.trainer(Fixtures.mlp(7)).schedule(new StepLr(1, 0.5), Trainer.ScheduleUnit.EPOCH)
                .callbacks(new ModelCheckpoint(scheduled)).fit(DIGITS.train(), DIGITS.validation(), 1);
        Module model = Fixtures.mlp(8);
        Sgd sgd = new Sgd(model.parameters(), Sgd.defaults().withLr(0.3));
        Trainer t = new Trainer(model, new CrossEntropyLoss(), sgd).verbosity(Trainer.Verbosity.SILENT)
                .schedule(new StepLr(1, 0.5), Trainer.ScheduleUnit.EPOCH).resumeFrom(scheduled);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 3));
        assertEquals(scheduled + ": state dict was saved by Adam; this optimizer is Sgd", e.getMessage());
        assertEquals(0.3, sgd.groups().get(0).lr(), "the schedule's rate for the saved step is put back");
        assertTrue(Fixtures.sameState(model, Fixtures.mlp(8)));
    }

    /**
     * A crash in the middle of saving leaves the previous checkpoint whole: a child JVM saves checkpoints of a large
     * model over one file in a loop and is killed (SIGKILL) at a random moment; the file must then load completely.
     */
    @Test
    void aCrashWhileSavingLeavesAWholeCheckpoint() throws Exception {
        Path f = dir.resolve("crash.ckpt");
        for (int round = 0; round < 2; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), CheckpointSaver.class.getName(), f.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                String line = out.readLine(); // the first save has finished
                assertEquals("saved", line, "the saving JVM did not start");
                Thread.sleep(new java.util.Random(round).nextInt(200));
            } finally {
                p.destroyForcibly().waitFor();
            }
            Checkpoint cp = Checkpoint.load(f);
            assertEquals(CheckpointSaver.model().stateDict().keySet(), cp.modelState().keySet());
            Tensor w = cp.modelState().get("0.weight");
            assertEquals(w.min(), w.max(), "the weights of one save, not a mixture of two");
        }
    }
}
