package dev.descent.nn;

import dev.descent.autograd.Grads;
import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Layer normalization (Ba, Kiros &amp; Hinton, 2016), as PyTorch's {@code nn.LayerNorm(normalized_shape, eps,
 * elementwise_affine)}: each example is normalized over its last D dimensions — the {@code normalized_shape}
 * {@code [S₁, …, S_D]} — with its own statistics, so unlike {@link BatchNorm1d} it does not depend on the batch, keeps
 * no running statistics, and computes the same in training and evaluation mode.
 *
 * <p>The input {@code [*, S₁, …, S_D]} is read as rows of {@code M = S₁·…·S_D} values; for each row:
 *
 * <pre>
 *   μ  = (1/M)·Σᵢ xᵢ                 mean over the normalized dimensions
 *   σ² = (1/M)·Σᵢ (xᵢ − μ)²          biased variance, as PyTorch
 *   x̂ᵢ = (xᵢ − μ) / √(σ² + ε)
 *   yᵢ = γᵢ·x̂ᵢ + βᵢ                  γ = weight, β = bias, both of shape normalized_shape
 * </pre>
 *
 * <p><b>Backward</b> is one fused pass. With {@code g = γ·∂L/∂y} (element-wise) and {@code σ̃ = √(σ² + ε)},
 * differentiating through μ and σ² as well gives, per row,
 *
 * <pre>
 *   ∂L/∂xᵢ = (1/σ̃)·(gᵢ − (1/M)·Σₖ gₖ − x̂ᵢ·(1/M)·Σₖ gₖ·x̂ₖ)
 * </pre>
 *
 * and, summed over every row, {@code ∂L/∂γᵢ = Σ (∂L/∂yᵢ)·x̂ᵢ}, {@code ∂L/∂βᵢ = Σ ∂L/∂yᵢ}.
 *
 * <p>Defaults as PyTorch: {@code ε = 1e-5}, elementwise affine ({@code weight} γ = 1 and {@code bias} β = 0, learned).
 */
public final class LayerNorm extends Module {
    /** Values a block of rows should hold, at least, to be worth a thread. */
    private static final int BLOCK_ELEMENTS = 1 << 13;

    private final int[] normalizedShape;
    private final double eps;
    private final Variable weight;
    private final Variable bias;

    /** PyTorch's defaults: eps 1e-5, elementwise affine. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /**
     * @param normalizedShape   the trailing dimensions to normalize over, each > 0
     * @param eps               added to the variance for stability, ≥ 0
     * @param elementwiseAffine whether to learn γ and β (otherwise γ = 1, β = 0 and the layer has no parameters)
     */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        checkNormalizedShape("LayerNorm", normalizedShape);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be finite and ≥ 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(this.normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(this.normalizedShape)) : null;
    }

    /** γ, or null without elementwise affine. */
    public Variable weight() {
        return weight;
    }

    /** β, or null without elementwise affine. */
    public Variable bias() {
        return bias;
    }

    /** A copy of the normalized shape. */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    public Variable forward(Variable input) {
        outputShape(input.shape());
        return apply(input, normalizedShape, weight, bias, eps);
    }

    /**
     * The fused operation on its own, as PyTorch's {@code F.layer_norm(input, normalized_shape, weight, bias, eps)}.
     *
     * @param weight γ of shape {@code normalizedShape}, or null for 1
     * @param bias   β of shape {@code normalizedShape}, or null for 0
     * @throws IllegalArgumentException if the input does not end in {@code normalizedShape}, or γ or β is not of
     *                                  that shape
     */
    public static Variable apply(Variable input, int[] normalizedShape, Variable weight, Variable bias, double eps) {
        checkNormalizedShape("layer_norm", normalizedShape);
        Shape normalized = Shape.of(normalizedShape);
        Tensor x = input.value();
        checkInput("layer_norm", x.shape(), normalizedShape);
        if (weight != null && !weight.shape().equals(normalized) || bias != null && !bias.shape().equals(normalized)) {
            throw new IllegalArgumentException("layer_norm: weight " + (weight != null ? weight.shape() : "none")
                    + " and bias " + (bias != null ? bias.shape() : "none") + " must have the normalized shape "
                    + normalized);
        }
        Kernel k = new Kernel(x, normalized, weight, bias);
        Tensor y = k.forward(eps);
        k.affine = AffineInputs.of(input, weight, bias);
        return Variable.fromOp("layer_norm", y, k::backward, k.affine.all());
    }

    private static void checkNormalizedShape(String op, int[] normalizedShape) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException(op + ": normalized shape must be one or more dimensions, each > 0, got "
                    + Arrays.toString(normalizedShape));
        }
    }

    private static void checkInput(String op, Shape input, int[] normalizedShape) {
        int d = normalizedShape.length, lead = input.rank() - d;
        boolean fits = lead >= 0;
        for (int i = 0; fits && i < d; i++) {
            fits = input.dim(lead + i) == normalizedShape[i];
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": input of shape " + input + " does not end in the normalized "
                    + "shape " + Arrays.toString(normalizedShape) + "; expected [*, "
                    + Arrays.stream(normalizedShape).mapToObj(Integer::toString).collect(Collectors.joining(", "))
                    + "]");
        }
    }

    /**
     * The loops of one layer normalization over {@code x} read as {@code rows × m}: it keeps each row's μ and 1/σ̃ (in
     * double) and γ as the forward pass saw it, and recomputes x̂ from x in the backward pass, as PyTorch does. Rows
     * are independent, so blocks of rows run on {@link Parallel}'s threads; γ's and β's gradients sum over the rows
     * in row order on one thread, so the bits do not depend on the thread count.
     */
    private static final class Kernel {
        private final Tensor x;
        private final Shape normalized;
        private final int rows;
        private final int m;
        private final float[] gamma;
        private final float[] beta;
        private final double[] mean;
        private final double[] invStd;
        private AffineInputs affine;

        Kernel(Tensor x, Shape normalized, Variable weight, Variable bias) {
            this.x = x;
            this.normalized = normalized;
            this.m = normalized.size();
            this.rows = x.size() / m;
            this.gamma = weight != null ? weight.value().toArray() : null;
            this.beta = bias != null ? bias.value().toArray() : null;
            this.mean = new double[rows];
            this.invStd = new double[rows];
        }

        private int rowBlock() {
            return Math.max(1, BLOCK_ELEMENTS / m);
        }

        /** Two passes per row in double — the mean, then the squared deviations from it — then y in float. */
        Tensor forward(double eps) {
            Tensor y = Tensor.zeros(x.shape());
            float[] xs = x.array(), ya = y.array();
            int xo = x.offset();
            Parallel.forRange(rows, rowBlock(), (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    int o = xo + r * m;
                    double sum = 0;
                    for (int i = 0; i < m; i++) {
                        sum += xs[o + i];
                    }
                    double mu = sum / m, m2 = 0;
                    for (int i = 0; i < m; i++) {
                        double dev = xs[o + i] - mu;
                        m2 += dev * dev;
                    }
                    double inv = 1 / Math.sqrt(m2 / m + eps);
                    mean[r] = mu;
                    invStd[r] = inv;
                    for (int i = 0; i < m; i++) {
                        double h = (xs[o + i] - mu) * inv;
                        ya[r * m + i] = (float) (h * (gamma != null ? gamma[i] : 1) + (beta != null ? beta[i] : 0));
                    }
                }
            });
            return y;
        }

        /** ∂L/∂x = (1/σ̃)·(g − mean(g) − x̂·mean(g·x̂)) with g = γ·∂L/∂y, per row; ∂L/∂γ = Σ ∂L/∂y·x̂, ∂L/∂β = Σ ∂L/∂y. */
        void backward(Tensor gradOut, Grads grads) {
            float[] dy = gradOut.array(), xs = x.array();
            int go = gradOut.offset(), xo = x.offset();
            if (grads.needs(0)) {
                Tensor dx = Tensor.zeros(x.shape());
                float[] dxa = dx.array();
                Parallel.forRange(rows, rowBlock(), (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int o = xo + r * m, p = go + r * m;
                        double mu = mean[r], inv = invStd[r], sumG = 0, sumGH = 0;
                        for (int i = 0; i < m; i++) {
                            double g = gamma != null ? (double) dy[p + i] * gamma[i] : dy[p + i];
                            sumG += g;
                            sumGH += g * (xs[o + i] - mu) * inv;
                        }
                        double meanG = sumG / m, meanGH = sumGH / m;
                        for (int i = 0; i < m; i++) {
                            double g = gamma != null ? (double) dy[p + i] * gamma[i] : dy[p + i];
                            dxa[r * m + i] = (float) (inv * (g - meanG - (xs[o + i] - mu) * inv * meanGH));
                        }
                    }
                });
                grads.addFresh(0, dx);
            }
            if (!affine.needGrads(grads)) {
                return;
            }
            double[] dGamma = new double[m], dBeta = new double[m];
            for (int r = 0; r < rows; r++) {
                int o = xo + r * m, p = go + r * m;
                double mu = mean[r], inv = invStd[r];
                for (int i = 0; i < m; i++) {
                    dBeta[i] += dy[p + i];
                    dGamma[i] += dy[p + i] * ((xs[o + i] - mu) * inv);
                }
            }
            affine.addGrads(grads, normalized, toFloats(dGamma), toFloats(dBeta));
        }

        private static float[] toFloats(double[] a) {
            float[] f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
            return f;
        }
    }

    @Override
    public Shape outputShape(Shape input) {
        checkInput("LayerNorm" + shapeRepr(), input, normalizedShape);
        return input;
    }

    /** PyTorch's tuple: {@code (4,)} or {@code (3, 4)}. */
    private String shapeRepr() {
        return normalizedShape.length == 1 ? "(" + normalizedShape[0] + ",)"
                : Arrays.stream(normalizedShape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    protected String extraRepr() {
        return shapeRepr() + ", eps=" + eps + ", elementwise_affine=" + (weight != null ? "True" : "False");
    }
}
