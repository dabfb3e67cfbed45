package dev.descent.cli.experiment;

import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.Module;

/**
 * What normalizes each hidden layer before its activation: nothing, {@link BatchNorm1d} (statistics over the batch,
 * running averages for evaluation) or {@link LayerNorm} (statistics over each example's features, the same in
 * training and evaluation).
 */
public enum Normalization {
    NONE(null),
    BATCH("batch norm"),
    LAYER("layer norm");

    private final String label;

    Normalization(String label) {
        this.label = label;
    }

    /** The layer for {@code features} hidden units, or null for {@link #NONE}. */
    public Module create(int features) {
        return switch (this) {
            case NONE -> null;
            case BATCH -> new BatchNorm1d(features);
            case LAYER -> new LayerNorm(features);
        };
    }

    /** E.g. {@code "batch norm"}, or null for {@link #NONE}. */
    public String label() {
        return label;
    }
}
