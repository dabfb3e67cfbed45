package dev.descent.train;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.Flatten;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.Regularization;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.Loss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.optim.Sgd;
import dev.descent.train.data.Dataset;
import dev.descent.train.data.DatasetSplit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    static final DatasetSplit DIGITS = Fixtures.digits();

    @Test
    void learnsTheDigitsAndRecordsEveryMetric() {
        Module model = Fixtures.mlp(1);
        Trainer trainer = Fixtures.trainer(model);
        History h = trainer.fit(DIGITS.train(), DIGITS.validation(), 8);
        assertEquals(8, h.size());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds"),
                h.metricNames());
        double[] loss = h.metric("loss");
        assertTrue(loss[7] < loss[0] / 3, "training loss falls: " + h);
        assertTrue(h.last().get("val_accuracy") > 0.93, h.toString());
        assertEquals(0.01, h.last().get("learning_rate"), 1e-12);
        assertNull(h.stopReason());
        assertTrue(model.isTraining(), "fit leaves the model in training mode");

        Evaluation test = trainer.evaluate(DIGITS.test());
        assertEquals(DIGITS.test().size(), test.examples());
        assertTrue(test.accuracy() > 0.9, test.toString());
        int[] predicted = trainer.predictClasses(DIGITS.test().features());
        int[] labels = DIGITS.test().labels();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        assertEquals(test.accuracy(), (double) correct / labels.length, 1e-12);
        assertEquals("[" + DIGITS.test().size() + ", 10]", trainer.predict(DIGITS.test().features()).shape()
                .toString());
    }

    @Test
    void validationMetricsAreTheEvaluationOfTheEpochsWeights() {
        Module model = Fixtures.mlp(2);
        Trainer trainer = Fixtures.trainer(model);
        History h = trainer.fit(DIGITS.train(), DIGITS.validation(), 2);
        Evaluation v = trainer.evaluate(DIGITS.validation());
        assertEquals(v.loss(), h.last().get("val_loss"));
        assertEquals(v.accuracy(), h.last().get("val_accuracy"));
        // Evaluation does not depend on its batch size beyond float rounding of the loss sum.
        Evaluation small = trainer.evalBatchSize(7).evaluate(DIGITS.validation());
        assertEquals(v.accuracy(), small.accuracy());
        assertEquals(v.loss(), small.loss(), 1e-5);
    }

    @Test
    void withoutValidationThereAreNoValMetrics() {
        History h = Fixtures.trainer(Fixtures.mlp(3)).fit(DIGITS.train(), null, 1);
        assertEquals(List.of("loss", "accuracy", "learning_rate", "seconds"), h.metricNames());
    }

    @Test
    void aDivergingLossStopsTraining() {
        Module model = Fixtures.mlp(4);
        var sgd = new Sgd(model.parameters(), Sgd.defaults().withLr(1e30));
        History h = new Trainer(model, new CrossEntropyLoss(), sgd).verbosity(Trainer.Verbosity.SILENT)
                .fit(DIGITS.train(), DIGITS.validation(), 5);
        assertTrue(h.size() < 5, h.toString());
        assertTrue(h.stopReason().startsWith("loss became"), h.stopReason());
    }

    @Test
    void epochLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Fixtures.trainer(Fixtures.mlp(5)).verbosity(Trainer.Verbosity.AUTO)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).fit(DIGITS.train(), DIGITS.validation(), 2);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertEquals(2, lines.length);
        assertTrue(lines[1].matches("Epoch 2/2 - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} "
                + "- val_accuracy: \\d\\.\\d{4} - learning_rate: 0\\.01000 - seconds: \\d+\\.\\ds"), lines[1]);
    }

    @Test
    void theProgressBarRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Fixtures.trainer(Fixtures.mlp(5)).verbosity(Trainer.Verbosity.PROGRESS_BAR)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).fit(DIGITS.train(), null, 1);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Epoch 1/1" + System.lineSeparator() + "\r"), text);
        assertTrue(text.contains("20/20 [==============================] - "), text);
        assertTrue(text.contains("ms/step - loss: "), text);
    }

    @Test
    void aRegularizedObjectiveReportsItsPenalty() {
        Module model = Fixtures.mlp(6);
        Regularization reg = Regularization.of(0, 1e-2);
        CrossEntropyLoss ce = new CrossEntropyLoss();
        Loss objective = (output, target) -> reg.addTo(ce.forward(output, target), model);
        Trainer t = new Trainer(model, objective, Fixtures.adam(model, 1e-2)).batchSize(64).seed(3)
                .verbosity(Trainer.Verbosity.SILENT);
        History h = t.fit(DIGITS.train(), DIGITS.validation(), 2);
        double dataLoss = new Trainer(model, ce, Fixtures.adam(model, 1e-2)).evaluate(DIGITS.validation()).loss();
        double penalty = h.last().get("val_loss") - dataLoss;
        double expected = 0;
        for (var e : model.namedParameters().entrySet()) {
            if (e.getKey().endsWith("weight") && e.getValue().value().rank() == 2) {
                expected += 1e-2 * e.getValue().value().square().sum();
            }
        }
        assertEquals(expected, penalty, 1e-4 * expected);
    }

    @Test
    void stepsPerEpochFollowTheBatchSettings() {
        Trainer t = Fixtures.trainer(Fixtures.mlp(1));
        assertEquals(3, t.stepsPerEpoch(Fixtures.argmaxTask(130, 64, 10, 1)));
        assertEquals(2, t.dropLast(true).stepsPerEpoch(Fixtures.argmaxTask(130, 64, 10, 1)));
    }

    /** A binary head squeezed to one logit per example ([N], as BCEWithLogitsLoss wants it) is judged by its sign. */
    @Test
    void aSqueezedBinaryLogitIsClassifiedByItsSign() {
        Dataset data = Fixtures.argmaxTask(40, 4, 2, 7);
        Module model = new Sequential(new Linear(4, 1, true, WeightInit.PYTORCH_DEFAULT, new Rng(3)), new Flatten(0, -1));
        Trainer t = new Trainer(model, new BCEWithLogitsLoss(), new Sgd(model.parameters(), Sgd.defaults().withLr(0.5)))
                .batchSize(8).verbosity(Trainer.Verbosity.SILENT);
        History h = t.fit(data, data, 3);
        Tensor logits = t.predict(data.features());
        int[] classes = t.predictClasses(data.features());
        assertEquals(40, classes.length);
        int correct = 0;
        for (int i = 0; i < 40; i++) {
            assertEquals(logits.getFlat(i) > 0 ? 1 : 0, classes[i]);
            correct += classes[i] == data.labels()[i] ? 1 : 0;
        }
        assertEquals(correct / 40.0, h.last().get(EpochLogs.VAL_ACCURACY), 1e-15);
        assertEquals(correct / 40.0, t.evaluate(data).accuracy(), 1e-15);
        assertTrue(correct >= 30, "a linear boundary learns x₀ > x₁: " + correct + "/40");
    }
}
