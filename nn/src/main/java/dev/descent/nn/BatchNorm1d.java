package dev.descent.nn;

import dev.descent.autograd.Backward;
import dev.descent.autograd.Grads;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.Arrays;

/**
 * Batch normalization over a batch of feature vectors (Ioffe &amp; Szegedy, 2015), as PyTorch's
 * {@code nn.BatchNorm1d} on input {@code x: [N, D]}.
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
 *   running_mean ← (1 − m)·running_mean + m·μ
 *   running_var  ← (1 − m)·running_var  + m·σ²·N/(N − 1)
 *   num_batches_tracked ← num_batches_tracked + 1
 * </pre>
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
public final class BatchNorm1d extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Variable weight;
    private final Variable bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine. */
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
        if (features <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: need features > 0, eps > 0 and momentum in [0, 1], got "
                    + "features=" + features + " eps=" + eps + " momentum=" + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(features)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(features)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(features));
        this.runningVar = registerBuffer("running_var", Tensor.ones(features));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0f), true);
    }

    /** γ, or null if not affine. */
    public Variable weight() {
        return weight;
    }

    /** β, or null if not affine. */
    public Variable bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Variable forward(Variable input) {
        Tensor x = input.value();
        outputShape(x.shape());
        int n = x.dim(0);
        if (isTraining() && n < 2) {
            throw new IllegalArgumentException("BatchNorm1d: training needs more than 1 value per feature, got input "
                    + "of shape " + x.shape() + " (use eval() for single examples)");
        }
        return isTraining() ? forwardTraining(input, x, n) : forwardEval(input, x, n);
    }

    private Variable forwardTraining(Variable input, Tensor x, int n) {
        int d = features;
        float[] xs = x.array();
        int xo = x.offset();
        double[] mean = new double[d];
        double[] m2 = new double[d];
        for (int r = 0; r < n; r++) {
            int o = xo + r * d;
            for (int j = 0; j < d; j++) {
                mean[j] += xs[o + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int r = 0; r < n; r++) {
            int o = xo + r * d;
            for (int j = 0; j < d; j++) {
                double c = xs[o + j] - mean[j];
                m2[j] += c * c;
            }
        }
        float[] mu = new float[d];
        float[] invStd = new float[d];
        for (int j = 0; j < d; j++) {
            mu[j] = (float) mean[j];
            invStd[j] = (float) (1.0 / Math.sqrt(m2[j] / n + eps));
        }
        Tensor xHat = Tensor.zeros(n, d);
        Tensor y = Tensor.zeros(n, d);
        float[] h = xHat.array();
        float[] ya = y.array();
        float[] gamma = gammaOrOnes();
        float[] beta = betaOrZeros();
        for (int r = 0; r < n; r++) {
            int o = xo + r * d, p = r * d;
            for (int j = 0; j < d; j++) {
                float v = (xs[o + j] - mu[j]) * invStd[j];
                h[p + j] = v;
                ya[p + j] = gamma[j] * v + beta[j];
            }
        }
        updateRunningStatistics(mean, m2, n);
        Backward backward = (gradOut, grads) -> {
            float[] g = gradOut.array();
            int go = gradOut.offset();
            float[] sumG = new float[d];
            float[] sumGH = new float[d];
            for (int r = 0; r < n; r++) {
                int o = go + r * d, p = r * d;
                for (int j = 0; j < d; j++) {
                    float gv = g[o + j];
                    sumG[j] += gv;
                    sumGH[j] += gv * h[p + j];
                }
            }
            if (grads.needs(0)) {
                Tensor dx = Tensor.zeros(n, d);
                float[] dxa = dx.array();
                float[] scale = new float[d];
                float[] meanG = new float[d];
                float[] meanGH = new float[d];
                for (int j = 0; j < d; j++) {
                    scale[j] = gamma[j] * invStd[j];
                    meanG[j] = sumG[j] / n;
                    meanGH[j] = sumGH[j] / n;
                }
                for (int r = 0; r < n; r++) {
                    int o = go + r * d, p = r * d;
                    for (int j = 0; j < d; j++) {
                        dxa[p + j] = scale[j] * (g[o + j] - meanG[j] - h[p + j] * meanGH[j]);
                    }
                }
                grads.add(0, dx);
            }
            addAffineGrads(grads, sumGH, sumG);
        };
        return fromOp(y, backward, input);
    }

    private Variable forwardEval(Variable input, Tensor x, int n) {
        int d = features;
        float[] gamma = gammaOrOnes();
        float[] beta = betaOrZeros();
        float[] rm = runningMean.toArray();
        float[] invStd = new float[d];
        float[] scale = new float[d];
        float[] shift = new float[d];
        for (int j = 0; j < d; j++) {
            invStd[j] = (float) (1.0 / Math.sqrt(runningVar.getFlat(j) + eps));
            scale[j] = gamma[j] * invStd[j];
            shift[j] = beta[j] - rm[j] * scale[j];
        }
        float[] xs = x.array();
        int xo = x.offset();
        Tensor y = Tensor.zeros(n, d);
        float[] ya = y.array();
        for (int r = 0; r < n; r++) {
            int o = xo + r * d, p = r * d;
            for (int j = 0; j < d; j++) {
                ya[p + j] = xs[o + j] * scale[j] + shift[j];
            }
        }
        Backward backward = (gradOut, grads) -> {
            float[] g = gradOut.array();
            int go = gradOut.offset();
            float[] sumG = new float[d];
            float[] sumGH = new float[d];
            Tensor dx = grads.needs(0) ? Tensor.zeros(n, d) : null;
            for (int r = 0; r < n; r++) {
                int o = go + r * d, xr = xo + r * d;
                for (int j = 0; j < d; j++) {
                    float gv = g[o + j];
                    sumG[j] += gv;
                    sumGH[j] += gv * (xs[xr + j] - rm[j]) * invStd[j];
                }
                if (dx != null) {
                    float[] dxa = dx.array();
                    for (int j = 0; j < d; j++) {
                        dxa[r * d + j] = g[o + j] * scale[j];
                    }
                }
            }
            if (dx != null) {
                grads.add(0, dx);
            }
            addAffineGrads(grads, sumGH, sumG);
        };
        return fromOp(y, backward, input);
    }

    private void updateRunningStatistics(double[] mean, double[] m2, int n) {
        float[] rm = runningMean.array();
        float[] rv = runningVar.array();
        int mo = runningMean.offset(), vo = runningVar.offset();
        for (int j = 0; j < features; j++) {
            rm[mo + j] = (float) ((1 - momentum) * rm[mo + j] + momentum * mean[j]);
            rv[vo + j] = (float) ((1 - momentum) * rv[vo + j] + momentum * m2[j] / (n - 1));
        }
        numBatchesTracked.addi(1f);
    }

    private void addAffineGrads(Grads grads, float[] dGamma, float[] dBeta) {
        if (weight != null && grads.needs(1)) {
            grads.add(1, Tensor.vector(dGamma));
        }
        if (bias != null && grads.needs(2)) {
            grads.add(2, Tensor.vector(dBeta));
        }
    }

    private Variable fromOp(Tensor y, Backward backward, Variable input) {
        return weight != null
                ? Variable.fromOp("batch_norm", y, backward, input, weight, bias)
                : Variable.fromOp("batch_norm", y, backward, input);
    }

    /** γ as it is now (captured by the backward pass, which must see the values the forward pass used). */
    private float[] gammaOrOnes() {
        if (weight == null) {
            float[] ones = new float[features];
            Arrays.fill(ones, 1f);
            return ones;
        }
        return weight.value().toArray();
    }

    private float[] betaOrZeros() {
        return bias == null ? new float[features] : bias.value().toArray();
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) != features) {
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): expected input of shape [N, "
                    + features + "], got " + input);
        }
        return input;
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null ? "True"
                : "False");
    }
}
