package dev.descent.train;

import dev.descent.core.Parallel;
import dev.descent.nn.Module;
import dev.descent.train.callbacks.EarlyStopping;
import dev.descent.train.callbacks.ModelCheckpoint;
import dev.descent.train.callbacks.ReduceLROnPlateau;
import dev.descent.optim.schedule.ReduceLrOnPlateau;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same seed, same bits: across thread counts, and across an interruption. */
class DeterminismTest {
    static final DatasetSplit DIGITS = Fixtures.digits();
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    /** Every metric of every epoch except the wall-clock time, as exact bits. */
    private static List<List<Long>> bits(History h) {
        return h.epochs().stream().map(e -> e.values().entrySet().stream()
                .filter(v -> !v.getKey().equals(EpochLogs.SECONDS))
                .map(v -> Double.doubleToRawLongBits(v.getValue())).toList()).toList();
    }

    @Test
    void theSameSeedGivesTheSameHistoryOnOneAndTwoThreads() {
        Parallel.setThreads(1);
        Module one = Fixtures.mlp(7);
        History h1 = Fixtures.trainer(one).batchSize(256).fit(DIGITS.train(), DIGITS.validation(), 3);
        Parallel.setThreads(2);
        Module two = Fixtures.mlp(7);
        History h2 = Fixtures.trainer(two).batchSize(256).fit(DIGITS.train(), DIGITS.validation(), 3);
        assertEquals(bits(h1), bits(h2));
        assertTrue(Fixtures.sameState(one, two), "final weights differ between 1 and 2 threads");
        // A different shuffling seed gives a different run: the comparison above can fail.
        History other = Fixtures.trainer(Fixtures.mlp(7)).batchSize(256).seed(4).fit(DIGITS.train(), DIGITS.validation(), 3);
        assertTrue(!bits(other).equals(bits(h1)));
    }

    private static Trainer withCallbacks(Module model, Path dir) {
        return Fixtures.trainer(model).callbacks(
                new ReduceLROnPlateau("val_loss", ReduceLrOnPlateau.defaults().withPatience(0).withFactor(0.5), false),
                new EarlyStopping("val_loss").patience(10).restoreBestWeights(true),
                new ModelCheckpoint(dir.resolve("epoch-{epoch}.ckpt").toString()));
    }

    @Test
    void resumingFromACheckpointEndsWithTheSameWeights(@TempDir Path dir) {
        Module uninterrupted = Fixtures.mlp(11);
        History full = withCallbacks(uninterrupted, dir).fit(DIGITS.train(), DIGITS.validation(), 5);

        Module resumed = Fixtures.mlp(99); // other initial weights: everything must come from the checkpoint
        History rest = withCallbacks(resumed, dir.resolve("again")).resumeFrom(dir.resolve("epoch-2.ckpt"))
                .fit(DIGITS.train(), DIGITS.validation(), 5);
        assertTrue(Fixtures.sameState(uninterrupted, resumed), "resumed run ends with other weights");
        assertEquals(5, rest.size(), "the resumed history continues the saved one");
        assertEquals(bits(full), bits(rest));
    }
}
