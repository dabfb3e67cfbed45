package dev.descent.train.metrics;

import dev.descent.core.Tensor;
import dev.descent.train.Evaluation;
import dev.descent.train.Fixtures;
import dev.descent.train.Trainer;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A confusion matrix of a model trained one epoch on the built-in digits agrees with the trainer's evaluation. */
class ConfusionMatrixOfTrainerTest {

    @Test
    void itsAccuracyIsTheEvaluationsAndItsSupportsTheClassCounts() {
        DatasetSplit digits = Fixtures.digits();
        Trainer trainer = Fixtures.trainer(Fixtures.mlp(11)).evalBatchSize(50);
        trainer.fit(digits.train(), null, 1);
        Dataset test = digits.test();

        ConfusionMatrix m = ConfusionMatrix.of(trainer, test);
        Evaluation e = trainer.evaluate(test);
        assertEquals(e.accuracy(), m.accuracy(), 1e-15);
        assertTrue(m.accuracy() > 0.3 && m.accuracy() < 1, "one epoch learns something, not everything: " + e);
        assertEquals(test.size(), m.total());
        int[] counts = test.classCounts();
        for (int c = 0; c < 10; c++) {
            assertEquals(counts[c], m.support(c), "class " + c);
        }
        // Top-1 of the scores is the argmax the matrix counted.
        Tensor scores = trainer.predict(test.features());
        assertEquals(m.accuracy(), Accuracy.topK(scores, test.labels(), 1), 1e-15);
        assertEquals(1.0, Accuracy.topK(scores, test.labels(), 10));
    }

    @Test
    void regressionDataHasNoConfusionMatrix() {
        Dataset regression = Dataset.regression(Tensor.zeros(4, 64), Tensor.zeros(4, 1));
        Trainer trainer = Fixtures.trainer(Fixtures.mlp(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(trainer, regression));
        assertTrue(e.getMessage().contains("classification"), e.getMessage());
    }
}
