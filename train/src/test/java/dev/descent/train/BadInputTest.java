package dev.descent.train;

import dev.descent.core.Tensor;
import dev.descent.nn.Module;
import dev.descent.train.data.Dataset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data that cannot train the model is refused before the first step, and nothing changes. */
class BadInputTest {
    private static void assertRefused(Module model, Dataset train, Dataset validation, String... fragments) {
        Module untouched = Fixtures.mlp(9);
        untouched.loadStateDict(model.stateDict());
        var e = assertThrows(IllegalArgumentException.class,
                () -> Fixtures.trainer(model).fit(train, validation, 1));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
        assertTrue(Fixtures.sameState(model, untouched), "refused data must not change the model");
    }

    @Test
    void aFeatureCountTheModelCannotTake() {
        Dataset wide = Fixtures.argmaxTask(20, 65, 10, 1);
        assertRefused(Fixtures.mlp(1), wide, null, "the model does not take the training data's examples of shape [65]",
                "[2, 65]");
    }

    @Test
    void moreClassesThanTheModelScores() {
        Dataset twelve = Dataset.classification(Tensor.zeros(20, 64), Tensor.full(11, 20), 12);
        assertRefused(Fixtures.mlp(1), twelve, null, "outputs 10 scores per example", "12 classes");
    }

    @Test
    void validationShapedUnlikeTraining() {
        assertRefused(Fixtures.mlp(1), Fixtures.argmaxTask(20, 64, 10, 1), Fixtures.argmaxTask(20, 63, 10, 1),
                "validation examples have features [63] but training examples have [64]");
    }

    @Test
    void regressionTargetsForACrossEntropyLoss() {
        Dataset regression = Dataset.regression(Tensor.zeros(20, 64), Tensor.zeros(20, 1));
        assertRefused(Fixtures.mlp(1), regression, null, "the loss does not take the model's output [2, 10]");
    }

    @Test
    void aBatchOfOneUnderBatchNorm() {
        Dataset odd = Fixtures.argmaxTask(65, 64, 10, 1);
        assertRefused(Fixtures.mlp(1), odd, null, "a batch of 1 example", "BatchNorm1d", "dropLast");
        // Dropping the last batch makes it trainable.
        Fixtures.trainer(Fixtures.mlp(1)).dropLast(true).fit(odd, null, 1);
    }

    @Test
    void emptyDataAndBadSettings() {
        Dataset empty = Dataset.classification(Tensor.zeros(0, 64), Tensor.zeros(0), 10);
        assertRefused(Fixtures.mlp(1), empty, null, "the training data is empty");
        Trainer t = Fixtures.trainer(Fixtures.mlp(1));
        assertEquals("batch size must be ≥ 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> t.batchSize(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.evalBatchSize(-1));
        assertThrows(IllegalArgumentException.class, () -> t.fit(Fixtures.argmaxTask(8, 64, 10, 1), null, -1));
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            String m = assertThrows(IllegalArgumentException.class, () -> t.clipGradNorm(bad)).getMessage();
            assertEquals("clipGradNorm: maxNorm must be finite and > 0, got " + bad, m);
        }
    }
}
