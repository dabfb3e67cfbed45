package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share, as PyTorch's {@code _BatchNorm}: the learned γ and β, the
 * running statistics and their update rules, the evaluation mode, and the checks of loaded state. The two differ only
 * in the inputs they accept; both normalize each channel over every other axis, through the one fused operation
 * {@link BatchNorm1d#apply} (where the formulas are).
 */
public abstract class BatchNorm extends Module {
    private final int features;
    private final double eps;
    private final OptionalDouble momentum;
    private final Variable weight;
    private final Variable bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * A layer with PyTorch's options.
     *
     * @param features           the number of features (channels) C
     * @param eps                added to the variance for stability, > 0
     * @param momentum           weight of the new batch in the running statistics, in [0, 1]; empty for the
     *                           cumulative average (PyTorch's {@code momentum=None})
     * @param affine             whether to learn γ and β (otherwise γ = 1, β = 0)
     * @param trackRunningStats  whether to keep running statistics for evaluation mode (otherwise the batch's
     *                           statistics are used in both modes, and the layer has no buffers)
     */
    BatchNorm(int features, double eps, OptionalDouble momentum, boolean affine, boolean trackRunningStats) {
        double m = momentum.orElse(0);
        if (features <= 0 || !(eps > 0) || !(m >= 0 && m <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need features > 0, eps > 0 and momentum in [0, 1], got "
                    + "features=" + features + " eps=" + eps + " momentum=" + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(features)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(features)) : null;
        this.runningMean = trackRunningStats ? registerBuffer("running_mean", Tensor.zeros(features)) : null;
        this.runningVar = trackRunningStats ? registerBuffer("running_var", Tensor.ones(features)) : null;
        this.numBatchesTracked = trackRunningStats ? registerBuffer("num_batches_tracked", Tensor.scalar(0f), true)
                : null;
    }

    /** A running variance must be ≥ 0 (else √(running_var + ε) is NaN in evaluation) and the batch count whole. */
    @Override
    protected void checkState(String prefix, Map<String, Tensor> state, List<String> problems) {
        Tensor var = state.get(prefix + "running_var");
        if (var != null && runningVar != null) {
            StateCheck.firstBad(prefix + "running_var", var, v -> v < 0, "; a variance cannot be negative", problems);
        }
        Tensor count = state.get(prefix + "num_batches_tracked");
        if (count != null && numBatchesTracked != null) {
            StateCheck.firstBad(prefix + "num_batches_tracked", count, v -> v < 0 || v != Math.rint(v),
                    "; a batch count is a whole number ≥ 0", problems);
        }
    }

    /** γ, or null if not affine. */
    public Variable weight() {
        return weight;
    }

    /** β, or null if not affine. */
    public Variable bias() {
        return bias;
    }

    /** The running mean, or null without {@code track_running_stats}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, or null without {@code track_running_stats}. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** The number of features (channels) normalized. */
    public int features() {
        return features;
    }

    /**
     * Normalizes {@code input}; an image batch {@code [N, C, H, W]} goes through {@link BatchNorm1d#apply} as
     * {@code [N, C, H·W]} (a view), so its statistics are over {@code N·H·W} values per channel.
     */
    @Override
    public Variable forward(Variable input) {
        Shape shape = outputShape(input.shape());
        if (shape.rank() == 4) {
            if (isTraining() && shape.dim(0) * shape.dim(2) * shape.dim(3) < 2) {
                throw new IllegalArgumentException(getClass().getSimpleName() + "(" + features + "): training needs "
                        + "more than 1 value per channel, got input of shape " + shape + " (use eval() for single "
                        + "examples)");
            }
            return normalize(input.reshape(shape.dim(0), shape.dim(1), shape.dim(2) * shape.dim(3)))
                    .reshape(shape.dims());
        }
        return normalize(input);
    }

    /** The fused operation on {@code [N, C]} or {@code [N, C, L]}, and the count of batches tracked. */
    private Variable normalize(Variable input) {
        boolean tracking = runningMean != null, update = isTraining() && tracking;
        // the cumulative average's factor counts this batch: 1/(batches tracked after it)
        double factor = update ? momentum.orElse(1.0 / (numBatchesTracked.item() + 1)) : 0;
        Variable y = BatchNorm1d.apply(input, weight, bias, runningMean, runningVar, isTraining() || !tracking, factor, eps);
        if (update) {
            numBatchesTracked.addi(1f);
        }
        return y;
    }


    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + (momentum.isPresent() ? momentum.getAsDouble() : "None")
                + ", affine=" + (weight != null ? "True" : "False") + ", track_running_stats="
                + (runningMean != null ? "True" : "False");
    }
}

