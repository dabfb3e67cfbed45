package dev.descent.nn;

import dev.descent.core.Shape;

import java.util.OptionalDouble;

/**
 * Batch normalization of images, as PyTorch's {@code nn.BatchNorm2d}: for {@code x: [N, C, H, W]} each channel is
 * normalized with the mean and (biased) variance of its {@code N·H·W} values in the batch,
 *
 * <pre>  y[n, c, h, w] = γ_c · (x[n, c, h, w] − μ_c) / √(σ²_c + ε) + β_c</pre>
 *
 * and the running statistics, evaluation mode, momentum (including "None", the cumulative average), parameters and
 * buffers are exactly {@link BatchNorm1d}'s — the running variance takes Bessel's correction over {@code N·H·W}. It
 * runs BatchNorm1d's fused operation on the {@code [N, C, H·W]} view of the batch, so forward and backward are one
 * node each, with the same gradients.
 */
public final class BatchNorm2d extends BatchNorm {

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, OptionalDouble.of(0.1), true, true);
    }

    /** A layer with PyTorch's options; see {@link BatchNorm1d#BatchNorm1d(int, double, OptionalDouble, boolean,
     * boolean)} for each. */
    public BatchNorm2d(int channels, double eps, OptionalDouble momentum, boolean affine, boolean trackRunningStats) {
        super(channels, eps, momentum, affine, trackRunningStats);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 4 || input.dim(1) != features()) {
            throw new IllegalArgumentException("BatchNorm2d(" + features() + "): expected input of shape [N, "
                    + features() + ", H, W], got " + input);
        }
        return input;
    }
}
