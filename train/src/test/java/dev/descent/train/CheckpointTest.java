package dev.descent.train;

import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Sequential;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint that does not fit the run it is resumed into is refused, and nothing changes. */
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
    void otherCallbacksAreRefused() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(3)).callbacks(new CsvLogger(dir.resolve("x.csv"))).resumeFrom(checkpoint);
        var e = assertThrows(IllegalArgumentException.class, () -> t.fit(DIGITS.train(), DIGITS.validation(), 2));
        assertTrue(e.getMessage().contains("checkpoint holds the state of a dev.descent.train.callbacks.EarlyStopping"),
                e.getMessage());
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
}
