package dev.descent.cli.experiment;

import dev.descent.cli.BadInputException;
import dev.descent.core.Tensor;
import dev.descent.train.data.Dataset;

import java.util.Arrays;

/**
 * {@code --class-weights balanced|W1,W2,...}: a weight per class in the cross-entropy (PyTorch's {@code weight}),
 * given or {@code balanced} — scikit-learn's and Keras's usual choice, {@code w_c = n / (C · n_c)} from the training
 * set's n examples, n_c of class c — so that every class weighs as much in total. The mean is then over the weights of
 * the targets, {@code Σᵢ w_yᵢ ℓᵢ / Σᵢ w_yᵢ}, as in PyTorch.
 *
 * @param weights the weights given, or null for balanced
 */
public record ClassWeightsSpec(double[] weights) {

    static final String OPTION = "--class-weights";

    public static ClassWeightsSpec parse(String text) {
        SpecParts p = SpecParts.of(OPTION, text);
        p.expect("WEIGHTS");
        if (p.part(0).equals("balanced")) {
            return new ClassWeightsSpec(null);
        }
        String[] items = p.part(0).split(",", -1);
        if (items.length == 1) {
            throw p.bad("expected balanced or W1,W2,... (a weight per class)");
        }
        double[] w = new double[items.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = SpecParts.of(OPTION, text, items[k]).nonNegative(0, "weight");
        }
        if (Arrays.stream(w).allMatch(v -> v == 0)) {
            throw p.bad("at least one weight must be above 0");
        }
        return new ClassWeightsSpec(w);
    }

    /** The weights for {@code train}'s classes. */
    public Tensor weights(Dataset train) {
        int classes = train.classCount();
        if (weights == null) {
            int[] counts = train.classCounts();
            float[] w = new float[classes];
            for (int c = 0; c < classes; c++) {
                if (counts[c] == 0) {
                    throw new BadInputException(OPTION + " balanced: class " + c
                            + " has no training examples");
                }
                w[c] = (float) train.size() / ((float) classes * counts[c]);
            }
            return Tensor.vector(w);
        }
        if (weights.length != classes) {
            throw new BadInputException(OPTION + " gives " + weights.length + " weights for "
                    + classes + " classes");
        }
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = (float) weights[c];
        }
        return Tensor.vector(w);
    }

    @Override
    public String toString() {
        return weights == null ? "balanced" : Arrays.toString(weights).replaceAll("[\\[\\] ]", "");
    }
}
