package dev.descent.nn;

import dev.descent.autograd.Backward;
import dev.descent.autograd.Grads;
import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.Kernels;
import dev.descent.nn.kernel.LayerKernels;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Batch normalization over a batch of feature vectors (Ioffe &amp; Szegedy, 2015), as PyTorch's
 * {@code nn.BatchNorm1d} on input {@code x: [N, D]}, or {@code [N, D, L]} (D channels of length L), which is
 * normalized as the {@code [N·L, D]} matrix of its channel vectors — every statistic below is then over N·L values.
 *
 * <p><b>Training mode</b> normalizes each feature {@code j} with the statistics of the batch:
 *
 * <pre>
 *   μⱼ  = (1/N)·Σₙ xₙⱼ                      batch mean
 *   σ²ⱼ = (1/N)·Σₙ (xₙⱼ − μⱼ)²              biased batch variance
 *   x̂ₙⱼ = (xₙⱼ − μⱼ) / √(σ²ⱼ + ε)
 *   yₙⱼ = γⱼ·x̂ₙⱼ + βⱼ
 * </pre>
 *
 * and updates the running statistics with momentum {@code m} — the variance with Bessel's correction, as PyTorch:
 *
 * <pre>
 *   num_batches_tracked ← num_batches_tracked + 1
 *   running_mean ← (1 − m)·running_mean + m·μ
 *   running_var  ← (1 − m)·running_var  + m·σ²·N/(N − 1)
 * </pre>
 *
 * With momentum "None" ({@link OptionalDouble#empty()}) {@code m = 1/num_batches_tracked} (after the increment), so
 * the running statistics are the plain average of every batch's statistics so far (a cumulative moving average).
 * Without {@code track_running_stats} the layer keeps no running statistics (and no buffers) and normalizes with the
 * batch's statistics in evaluation mode too, as PyTorch.
 *
 * <p><b>Evaluation mode</b> uses the running statistics instead: {@code y = γ·(x − running_mean)/√(running_var + ε)
 * + β}, an affine map per feature.
 *
 * <p><b>Backward</b> is one fused pass, not a chain of elementary operations. With {@code g = ∂L/∂y} and
 * {@code σ̃ⱼ = √(σ²ⱼ + ε)}, differentiating through μ and σ² as well gives, per feature,
 *
 * <pre>
 *   ∂L/∂βⱼ = Σₙ gₙⱼ
 *   ∂L/∂γⱼ = Σₙ gₙⱼ·x̂ₙⱼ
 *   ∂L/∂xₙⱼ = (γⱼ/σ̃ⱼ)·(gₙⱼ − (1/N)·Σₖ gₖⱼ − x̂ₙⱼ·(1/N)·Σₖ gₖⱼ·x̂ₖⱼ)
 * </pre>
 *
 * — two sums per feature, then one element-wise pass. In evaluation mode the statistics are constants and
 * {@code ∂L/∂x = g·γ/√(running_var + ε)}.
 *
 * <p>Defaults as PyTorch: {@code ε = 1e-5}, {@code m = 0.1}, affine ({@code weight} γ = 1 and {@code bias} β = 0
 * are learned). Buffers: {@code running_mean} (0), {@code running_var} (1), {@code num_batches_tracked} (0).
 */
public final class BatchNorm1d extends BatchNorm {
    private static final Kernels K = FusedKernels.CORE;
    private static final LayerKernels LK = FusedKernels.LAYER;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1, true);
    }

    /**
     * @param features the size D of the feature dimension
     * @param eps      added to the variance for stability, > 0
     * @param momentum weight of the new batch in the running statistics, in [0, 1]
     * @param affine   whether to learn γ and β (otherwise γ = 1, β = 0)
     */
    public BatchNorm1d(int features, double eps, double momentum, boolean affine) {
        this(features, eps, OptionalDouble.of(momentum), affine, true);
    }

    /**
     * @param features           the size D of the feature dimension
     * @param eps                added to the variance for stability, > 0
     * @param momentum           weight of the new batch in the running statistics, in [0, 1]; empty for the
     *                           cumulative average (PyTorch's {@code momentum=None})
     * @param affine             whether to learn γ and β (otherwise γ = 1, β = 0)
     * @param trackRunningStats  whether to keep running statistics for evaluation mode (otherwise the batch's
     *                           statistics are used in both modes, and the layer has no buffers)
     */
    public BatchNorm1d(int features, double eps, OptionalDouble momentum, boolean affine, boolean trackRunningStats) {
        super(features, eps, momentum, affine, trackRunningStats);
    }

    /**
     * The fused operation on its own, as PyTorch's {@code F.batch_norm}, for {@code x: [N, D]} or {@code [N, D, L]}.
     *
     * @param weight      γ {@code [D]}, or null for 1
     * @param bias        β {@code [D]}, or null for 0
     * @param runningMean updated in place in training mode; used in evaluation mode; may be null in training mode
     * @param runningVar  likewise
     * @param training    whether to normalize with the batch statistics (and update the running ones)
     * @throws IllegalArgumentException if the shapes do not fit, or training with one value per feature
     */
    public static Variable apply(Variable input, Variable weight, Variable bias, Tensor runningMean,
                                 Tensor runningVar, boolean training, double momentum, double eps) {
        Tensor x = input.value();
        if (x.rank() == 3) {
            int n = x.dim(0), d = x.dim(1), l = x.dim(2);
            Variable rows = channelsLast(input, n, d, l);
            return channelsFirst(apply(rows, weight, bias, runningMean, runningVar, training, momentum, eps), n, d, l);
        }
        Shape features = Shape.of(x.rank() == 2 ? x.dim(1) : -1);
        if (x.rank() != 2 || (runningMean == null) != (runningVar == null) || runningMean == null && !training
                || runningMean != null && !(runningMean.shape().equals(features)
                && runningVar.shape().equals(features))
                || weight != null && !weight.shape().equals(features) || bias != null && !bias.shape().equals(features)) {
            throw new IllegalArgumentException("batch_norm: input " + x.shape() + ", running statistics "
                    + (runningMean != null ? runningMean.shape() : "none") + " and "
                    + (runningVar != null ? runningVar.shape() : "none") + ", weight "
                    + (weight != null ? weight.shape() : "none") + ", bias " + (bias != null ? bias.shape() : "none")
                    + ", training=" + training + ": need input [N, D] or [N, D, L], vectors of D, and both running "
                    + "statistics unless training");
        }
        if (training && x.dim(0) < 2) {
            throw new IllegalArgumentException("batch_norm: training needs more than 1 value per feature, got input "
                    + "of shape " + x.shape() + " (use eval() for single examples)");
        }
        Kernel k = new Kernel(x, weight, bias);
        Tensor y = training ? k.forwardTraining(runningMean, runningVar, momentum, eps)
                : k.forwardEval(runningMean, runningVar, eps);
        Backward backward = training ? k::backwardTraining : k::backwardEval;
        k.affine = AffineInputs.of(input, weight, bias);
        return Variable.fromOp("batch_norm", y, backward, k.affine.all());
    }

    /** {@code [N, D, L] → [N·L, D]}: row {@code n·L + l} holds channel vector l of example n. */
    private static Variable channelsLast(Variable x, int n, int d, int l) {
        return Variable.fromOp("channels_last", permute(x.value(), n, d, l, true),
                (g, grads) -> grads.addFresh(0, permute(g, n, d, l, false)), x);
    }

    /** The inverse of {@link #channelsLast}: {@code [N·L, D] → [N, D, L]}. */
    private static Variable channelsFirst(Variable rows, int n, int d, int l) {
        return Variable.fromOp("channels_first", permute(rows.value(), n, d, l, false),
                (g, grads) -> grads.addFresh(0, permute(g, n, d, l, true)), rows);
    }

    /**
     * {@code [N, D, L] → [N·L, D]} ({@code toRows}) or back: {@code rows[(n·L + l)·D + c] = x[(n·D + c)·L + l]}.
     */
    private static Tensor permute(Tensor t, int n, int d, int l, boolean toRows) {
        Tensor out = toRows ? Tensor.zeros(n * l, d) : Tensor.zeros(n, d, l);
        float[] src = t.array(), dst = out.array();
        int so = t.offset();
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < d; c++) {
                for (int i = 0; i < l; i++) {
                    int channelFirst = (e * d + c) * l + i, row = (e * l + i) * d + c;
                    if (toRows) {
                        dst[row] = src[so + channelFirst];
                    } else {
                        dst[channelFirst] = src[so + row];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The loops of one batch normalization over {@code x: [N, D]}, row by row so the inner loops run over contiguous
     * features, each row one pass of a fused {@link LayerKernels} kernel; it keeps what the backward pass needs (the
     * mean and 1/σ̃, and γ as the forward pass saw it) and recomputes x̂ from x there, as PyTorch does, rather than
     * store a second [N, D] array.
     *
     * <p>Every quantity is per feature, so large inputs are cut into blocks of features ({@link #featureBlock}) that
     * run on {@link Parallel}'s threads: each block does all of its features' passes, and a feature's sums run over
     * the rows in the same order whatever the blocks — the bits do not depend on the thread count.
     */
    private static final class Kernel {
        private static final int SUM_BLOCK = 64;
        /** Elements (rows × features) a block of features should hold, at least, to be worth a thread. */
        private static final int BLOCK_ELEMENTS = 1 << 13;

        private final Tensor x;
        private final int n;
        private final int d;
        private final float[] gamma;
        private final float[] beta;
        private final float[] invStd;
        private float[] muHi;      // training: the batch mean as the float pair μHi + μLo
        private float[] muLo;
        private float[] mean;      // evaluation: running_mean as used
        private AffineInputs affine;

        Kernel(Tensor x, Variable weight, Variable bias) {
            this.x = x;
            this.n = x.dim(0);
            this.d = x.dim(1);
            this.gamma = weight != null ? weight.value().toArray() : filled(d, 1f);
            this.beta = bias != null ? bias.value().toArray() : new float[d];
            this.invStd = new float[d];
        }

        /** Features per parallel block: a multiple of 16 (whole vectors) holding about {@link #BLOCK_ELEMENTS}. */
        private int featureBlock() {
            return (Math.max(1, BLOCK_ELEMENTS / n) + 15) & ~15;
        }

        Tensor forwardTraining(Tensor runningMean, Tensor runningVar, double momentum, double eps) {
            Tensor y = Tensor.zeros(n, d);
            float[] first = new float[d];
            double[] mu = new double[d];
            double[] m2 = new double[d];
            muHi = new float[d];
            muLo = new float[d];
            Parallel.forRange(d, featureBlock(), (j0, j1) -> {
                statistics(j0, j1, first, mu, m2, eps);
                float[] ya = y.array();
                for (int r = 0; r < n; r++) {
                    LK.batchNormForward(x.array(), x.offset() + r * d + j0, muHi, muLo, invStd, gamma, beta, j0, ya,
                            r * d + j0, j1 - j0);
                }
                if (runningMean == null) {
                    return;
                }
                float[] rm = runningMean.array(), rv = runningVar.array();
                int mo = runningMean.offset(), vo = runningVar.offset();
                for (int j = j0; j < j1; j++) {
                    rm[mo + j] = (float) ((1 - momentum) * rm[mo + j] + momentum * mu[j]);
                    rv[vo + j] = (float) ((1 - momentum) * rv[vo + j] + momentum * m2[j] / (n - 1));
                }
            });
            return y;
        }

        /**
         * The statistics of features {@code [j0, j1)}: the mean {@code mu} (also as the float pair {@link #muHi} +
         * {@link #muLo}), the sum of squared deviations {@code m2} and 1/σ̃ ({@link #invStd}); {@code first} is scratch.
         */
        private void statistics(int j0, int j1, float[] first, double[] mu, double[] m2, double eps) {
            float[] xs = x.array();
            int xo = x.offset() + j0;
            // Sums of deviations from the first row rather than of x itself: for a feature with a large mean and a
            // small spread, float sums of x would lose the spread. μ is then kept as a float plus the float nearest
            // its remainder, so that x − μHi is exact for x near μ (Sterbenz) and x − μ keeps full precision.
            System.arraycopy(xs, xo, first, j0, j1 - j0);
            columnSums(xs, xo, j0, j1, first, false, mu);
            for (int j = j0; j < j1; j++) {
                mu[j] = first[j] + mu[j] / n;
                muHi[j] = (float) mu[j];
                muLo[j] = (float) (mu[j] - muHi[j]);
            }
            columnSums(xs, xo, j0, j1, muHi, true, m2);
            for (int j = j0; j < j1; j++) {
                m2[j] -= (double) n * muLo[j] * muLo[j]; // Σ(x − μHi)² = Σ(x − μ)² + n·μLo²
                invStd[j] = (float) (1.0 / Math.sqrt(m2[j] / n + eps));
            }
        }

        /**
         * For features {@code [j0, j1)} (feature j0's first element at {@code xs[xo]}), {@code Σₙ (xₙⱼ − cⱼ)} or, with
         * {@code square}, {@code Σₙ (xₙⱼ − cⱼ)²}, into {@code total[j]}: float sums over blocks of rows, a row at a
         * time through the SIMD kernels, added up in double so that a large batch loses no precision.
         */
        private void columnSums(float[] xs, int xo, int j0, int j1, float[] c, boolean square, double[] total) {
            int w = j1 - j0;
            float[] block = new float[w];
            for (int r0 = 0; r0 < n; r0 += SUM_BLOCK) {
                Arrays.fill(block, 0f);
                int r1 = Math.min(n, r0 + SUM_BLOCK);
                for (int r = r0; r < r1; r++) {
                    int o = xo + r * d;
                    if (square) {
                        K.addSquaredDeviations(xs, o, c, j0, block, 0, w);
                    } else {
                        LK.addDeviations(xs, o, c, j0, block, 0, w);
                    }
                }
                for (int j = 0; j < w; j++) {
                    total[j0 + j] += block[j];
                }
            }
        }

        Tensor forwardEval(Tensor runningMean, Tensor runningVar, double eps) {
            mean = runningMean.toArray();
            float[] scale = new float[d];
            for (int j = 0; j < d; j++) {
                invStd[j] = (float) (1.0 / Math.sqrt(runningVar.getFlat(j) + eps));
                scale[j] = gamma[j] * invStd[j];
            }
            float[] xs = x.array();
            int xo = x.offset();
            Tensor y = Tensor.zeros(n, d);
            float[] ya = y.array();
            Parallel.forRange(d, featureBlock(), (j0, j1) -> {
                for (int r = 0; r < n; r++) {
                    int o = xo + r * d, p = r * d;
                    for (int j = j0; j < j1; j++) {
                        // (x − mean)·scale + β rather than x·scale + (β − mean·scale): as cheap, and no
                        // cancellation between two large products when the mean is large against the spread.
                        ya[p + j] = (xs[o + j] - mean[j]) * scale[j] + beta[j];
                    }
                }
            });
            return y;
        }

        /** ∂L/∂x = (γ/σ̃)·(g − mean(g) − x̂·mean(g·x̂)), ∂L/∂γ = Σ g·x̂, ∂L/∂β = Σ g — per feature. */
        void backwardTraining(Tensor gradOut, Grads grads) {
            float[] sumG = new float[d];
            float[] sumGH = new float[d];
            Tensor dx = grads.needs(0) ? Tensor.zeros(n, d) : null;
            float[] g = gradOut.array();
            int go = gradOut.offset();
            float[] xs = x.array();
            int xo = x.offset();
            float[] scale = new float[d];
            float[] meanG = new float[d];
            float[] meanGH = new float[d];
            Parallel.forRange(d, featureBlock(), (j0, j1) -> {
                int w = j1 - j0;
                for (int r = 0; r < n; r++) {
                    LK.batchNormGradSums(g, go + r * d + j0, xs, xo + r * d + j0, muHi, muLo, invStd, sumG, sumGH,
                            j0, w);
                }
                if (dx == null) {
                    return;
                }
                for (int j = j0; j < j1; j++) {
                    scale[j] = gamma[j] * invStd[j];
                    meanG[j] = sumG[j] / n;
                    meanGH[j] = sumGH[j] / n;
                }
                for (int r = 0; r < n; r++) {
                    LK.batchNormInputGrad(g, go + r * d + j0, xs, xo + r * d + j0, muHi, muLo, invStd, meanG,
                            meanGH, scale, j0, dx.array(), r * d + j0, w);
                }
            });
            if (dx != null) {
                grads.addFresh(0, dx);
            }
            addAffineGrads(grads, sumGH, sumG);
        }

        /** With constant statistics: ∂L/∂x = g·γ/σ̃, ∂L/∂γ = Σ g·x̂, ∂L/∂β = Σ g. */
        void backwardEval(Tensor gradOut, Grads grads) {
            float[] g = gradOut.array();
            float[] xs = x.array();
            int go = gradOut.offset(), xo = x.offset();
            float[] sumG = new float[d];
            float[] sumGH = new float[d];
            Tensor dx = grads.needs(0) ? Tensor.zeros(n, d) : null;
            for (int r = 0; r < n; r++) {
                int o = go + r * d, xr = xo + r * d;
                for (int j = 0; j < d; j++) {
                    float gv = g[o + j];
                    sumG[j] += gv;
                    sumGH[j] += gv * (xs[xr + j] - mean[j]) * invStd[j];
                }
                if (dx != null) {
                    float[] dxa = dx.array();
                    for (int j = 0; j < d; j++) {
                        dxa[r * d + j] = g[o + j] * gamma[j] * invStd[j];
                    }
                }
            }
            if (dx != null) {
                grads.addFresh(0, dx);
            }
            addAffineGrads(grads, sumGH, sumG);
        }

        private void addAffineGrads(Grads grads, float[] dGamma, float[] dBeta) {
            affine.addGrads(grads, Shape.of(d), dGamma, dBeta);
        }

        private static float[] filled(int length, float value) {
            float[] a = new float[length];
            Arrays.fill(a, value);
            return a;
        }
    }

    @Override
    public Shape outputShape(Shape input) {
        int features = features();
        if (input.rank() != 2 && input.rank() != 3 || input.dim(1) != features) {
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): expected input of shape [N, "
                    + features + "] or [N, " + features + ", L], got " + input);
        }
        return input;
    }
}
