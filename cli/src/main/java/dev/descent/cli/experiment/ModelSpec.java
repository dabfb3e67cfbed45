package dev.descent.cli.experiment;

import dev.descent.core.Rng;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Regularization;
import dev.descent.nn.Sequential;
import dev.descent.nn.WeightInit;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A multilayer perceptron: for each hidden size, {@code Linear → [BatchNorm1d | LayerNorm] → activation → [Dropout]},
 * then a
 * {@code Linear} to one logit per class (the loss applies the softmax).
 *
 * @param hidden     hidden layer sizes, e.g. {64, 32}
 * @param activation the hidden layers' activation
 * @param dropout    drop probability after each hidden layer (0: none)
 * @param normalization what normalizes each hidden layer before its activation
 * @param l1         L1 penalty on the Linear weights (0: none)
 * @param l2         L2 penalty on the Linear weights (0: none)
 */
public record ModelSpec(int[] hidden, Activation activation, double dropout, Normalization normalization, double l1,
                        double l2) {

    public ModelSpec {
        for (int h : hidden) {
            if (h < 1 || h > 100_000) {
                throw new IllegalArgumentException("hidden layer sizes must be between 1 and 100000, got "
                        + Arrays.toString(hidden));
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be given (NONE for none)");
        }
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("L1 and L2 penalties must be ≥ 0, got l1=" + l1 + " l2=" + l2);
        }
    }

    /** The network for {@code inputs} features and {@code classes} outputs, weights drawn from {@code rng}. */
    public Sequential build(int inputs, int classes, Rng rng) {
        Sequential net = new Sequential();
        int in = inputs;
        for (int h : hidden) {
            net.add(new Linear(in, h, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
            if (normalization != Normalization.NONE) {
                net.add(normalization.create(h));
            }
            net.add(activation.create());
            if (dropout > 0) {
                net.add(new Dropout(dropout, rng.split()));
            }
            in = h;
        }
        net.add(new Linear(in, classes, true, WeightInit.PYTORCH_DEFAULT, rng.split()));
        return net;
    }

    /** The L1/L2 penalty on the Linear weights, or null when there is none. */
    public Regularization regularization() {
        return l1 == 0 && l2 == 0 ? null : Regularization.of(l1, l2).on(Regularization.LINEAR_WEIGHTS);
    }

    /** E.g. {@code 64-32 relu, dropout 0.5, batch norm}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(Arrays.stream(hidden).mapToObj(Integer::toString)
                .collect(Collectors.joining("-")));
        sb.append(' ').append(activation.cliName());
        if (dropout > 0) {
            sb.append(", dropout ").append(dropout);
        }
        if (normalization != Normalization.NONE) {
            sb.append(", ").append(normalization.label());
        }
        if (l1 > 0) {
            sb.append(", L1 ").append(l1);
        }
        if (l2 > 0) {
            sb.append(", L2 ").append(l2);
        }
        return sb.toString();
    }

    /** A copy with other regularization (for the dropout / batch-norm comparison). */
    public ModelSpec with(double dropout, Normalization normalization) {
        return new ModelSpec(hidden, activation, dropout, normalization, l1, l2);
    }
}
