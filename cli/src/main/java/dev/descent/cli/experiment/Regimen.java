package dev.descent.cli.experiment;

import dev.descent.core.Tensor;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.Reduction;
import dev.descent.train.data.Dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a fit is steered besides its optimizer and schedule: the loss's label smoothing and class weights, gradient
 * clipping, learning-rate cuts on a plateau, early stopping. Off unless asked for.
 *
 * @param clipNorm       the largest total 2-norm of the gradients before a step ({@code Trainer.clipGradNorm}), or
 *                       NaN for no clipping
 * @param labelSmoothing ε of the cross-entropy, in [0, 1]: targets {@code (1 − ε)·onehot + ε/C}
 * @param classWeights   a weight per class in the cross-entropy, or null
 * @param plateau        cut the rate when {@code val_loss} stalls, or null
 * @param earlyStop      stop when {@code val_loss} stalls and restore the best weights, or null
 */
public record Regimen(double clipNorm, double labelSmoothing, ClassWeightsSpec classWeights, PlateauSpec plateau,
                      EarlyStopSpec earlyStop) {

    public Regimen {
        if (!Double.isNaN(clipNorm) && !(clipNorm > 0 && clipNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--clip-norm must be a positive number, got " + clipNorm);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("--label-smoothing must be in [0, 1], got " + labelSmoothing);
        }
    }

    /** Nothing besides the optimizer and its schedule. */
    public static Regimen none() {
        return new Regimen(Double.NaN, 0, null, null, null);
    }

    public Regimen withPlateau(PlateauSpec p) {
        return new Regimen(clipNorm, labelSmoothing, classWeights, p, earlyStop);
    }

    /** The cross-entropy with this smoothing and these class weights for {@code train}'s classes. */
    public CrossEntropyLoss loss(Dataset train) {
        return crossEntropy(labelSmoothing, classWeights(train));
    }

    /** The weight of each of {@code train}'s classes, or null when the classes are not weighted. */
    public Tensor classWeights(Dataset train) {
        return classWeights == null ? null : classWeights.weights(train);
    }

    /** The mean cross-entropy with label smoothing ε and {@code classWeights} (null: unweighted). */
    public static CrossEntropyLoss crossEntropy(double labelSmoothing, Tensor classWeights) {
        CrossEntropyLoss ce = new CrossEntropyLoss(Reduction.MEAN, labelSmoothing);
        return classWeights == null ? ce : ce.withClassWeights(classWeights);
    }

    public boolean clips() {
        return !Double.isNaN(clipNorm);
    }

    /** The settings that are on, by the option that sets them: what a run's files record. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (clips()) {
            m.put("clip-norm", Double.toString(clipNorm));
        }
        if (labelSmoothing > 0) {
            m.put("label-smoothing", Double.toString(labelSmoothing));
        }
        if (classWeights != null) {
            m.put("class-weights", classWeights.toString());
        }
        if (plateau != null) {
            m.put("plateau", plateau.toString());
        }
        if (earlyStop != null) {
            m.put("early-stop", earlyStop.toString());
        }
        return m;
    }

    /** One phrase per setting that is on, e.g. {@code clip-norm 1.0, early-stop …}; empty when none is. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        settings().forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }
}
