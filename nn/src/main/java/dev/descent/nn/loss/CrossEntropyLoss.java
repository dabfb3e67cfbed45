package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;

/**
 * Cross-entropy of class scores (logits) against class indices, as PyTorch's {@code nn.CrossEntropyLoss}: a fused
 * log-softmax and negative log-likelihood. For logits {@code z: [N, C]} and targets {@code yᵢ ∈ {0, …, C−1}},
 *
 * <pre>
 *   log pᵢc = zᵢc − LSEᵢ,   LSEᵢ = m + log Σ_c e^(zᵢc − m),  m = max_c zᵢc   (stable: no exponent exceeds 0)
 *   ℓᵢ = −log pᵢ,yᵢ = LSEᵢ − zᵢ,yᵢ
 * </pre>
 *
 * <p>With label smoothing {@code ε} the target distribution is {@code qᵢc = (1 − ε)·[c = yᵢ] + ε/C}, as PyTorch
 * defines it, and
 *
 * <pre>  ℓᵢ = −Σ_c qᵢc·log pᵢc = LSEᵢ − (1 − ε)·zᵢ,yᵢ − (ε/C)·Σ_c zᵢc</pre>
 *
 * <p>The items are then reduced ({@link Reduction}, mean over the batch by default). Backward needs no chain of
 * operations: since {@code Σ_c qᵢc = 1},
 *
 * <pre>  ∂ℓᵢ/∂zᵢc = pᵢc − qᵢc   (softmax minus the one-hot target, or minus the smoothed target)</pre>
 *
 * scaled by {@code ∂L/∂ℓᵢ}; the softmax is kept from the forward pass.
 *
 * <p>Targets are class indices: an {@code int[]}, or a tensor {@code [N]} of integral values (a dataset's labels);
 * anything else — a fraction, NaN, an index outside {@code [0, C)}, a length other than N — is rejected, naming the
 * position and value.
 */
public final class CrossEntropyLoss implements Loss {
    private static final Kernels K = VectorizationProvider.kernels();
    /** Logits a parallel piece should hold: an exponential each, so a few hundred are worth handing to a thread. */
    private static final int PIECE_ELEMENTS = 512;

    private final Reduction reduction;
    private final float labelSmoothing;

    /** Mean over the batch, no label smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0.0);
    }

    /**
     * @param reduction      how the per-example losses are combined
     * @param labelSmoothing ε in [0, 1]
     */
    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("CrossEntropyLoss: label smoothing must be in [0, 1], got "
                    + labelSmoothing);
        }
        this.reduction = reduction;
        this.labelSmoothing = (float) labelSmoothing;
    }

    /** The loss against targets given as a tensor {@code [N]} of class indices stored as whole floats. */
    @Override
    public Variable forward(Variable logits, Tensor target) {
        int c = requireLogits(logits);
        if (target.rank() != 1) {
            throw new IllegalArgumentException("cross_entropy: target must be a vector of N class indices, got shape "
                    + target.shape() + " for logits " + logits.shape());
        }
        int[] classes = new int[target.size()];
        for (int i = 0; i < classes.length; i++) {
            float v = target.getFlat(i);
            if (!(v >= 0 && v < c) || v != Math.rint(v)) {
                throw new IllegalArgumentException("cross_entropy: target[" + i + "] = " + v
                        + " is not a class index in [0, " + c + ")");
            }
            classes[i] = (int) v;
        }
        return forward(logits, classes);
    }

    /** The loss against class indices {@code target[i] ∈ [0, C)}. */
    public Variable forward(Variable logits, int[] target) {
        int c = requireLogits(logits);
        Tensor z = logits.value();
        int n = z.dim(0);
        if (target.length != n) {
            throw new IllegalArgumentException("cross_entropy: " + target.length + " targets for logits of shape "
                    + z.shape() + " (expected " + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if (target[i] < 0 || target[i] >= c) {
                throw new IllegalArgumentException("cross_entropy: target[" + i + "] = " + target[i]
                        + " is not a class index in [0, " + c + ")");
            }
        }
        float eps = labelSmoothing;
        Tensor softmax = Tensor.zeros(n, c);
        float[] p = softmax.array();
        float[] za = z.array();
        double[] losses = new double[n];
        // Rows are independent: spread over the threads, each row's loss kept, then summed in row order — the same
        // bits on any thread count.
        Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int zo = z.offset() + i * c, po = i * c;
                float m = K.max(za, zo, c);
                float s = K.expShifted(za, zo, m, p, po, c);
                double lse = m + Math.log(s);
                double loss = lse - (1 - eps) * za[zo + target[i]];
                if (eps != 0f) {
                    loss -= eps / c * (double) K.sum(za, zo, c);
                }
                K.binaryScalar(BinaryOp.MUL, p, po, 1f / s, p, po, c);
                losses[i] = loss;
            }
        });
        double total = 0;
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            total += losses[i];
            if (items != null) {
                items[i] = (float) losses[i];
            }
        }
        Tensor out = reduction.output(total, items, n, Shape.of(n));
        int[] labels = target.clone();
        return Variable.fromOp("cross_entropy", out, (gradOut, grads) -> {
            Tensor dz = Tensor.zeros(n, c);
            float[] d = dz.array();
            Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> gradientRows(gradOut, p, labels, d, c, r0, r1));
            grads.addFresh(0, dz);
        }, logits);
    }

    /**
     * Rows {@code [r0, r1)} of ∂L/∂z: {@code (softmax − ε/C − (1 − ε)·onehot)} times each item's share of the
     * incoming gradient.
     */
    private void gradientRows(Tensor gradOut, float[] p, int[] labels, float[] d, int c, int r0, int r1) {
        int n = labels.length;
        float eps = labelSmoothing, off = eps / c;
        for (int i = r0; i < r1; i++) {
            float scale = reduction.itemGrad(gradOut, i, n);
            int o = i * c;
            for (int k = 0; k < c; k++) {
                d[o + k] = scale * (p[o + k] - off);
            }
            d[o + labels[i]] -= scale * (1 - eps);
        }
    }

    /** Rows per parallel piece: about {@link #PIECE_ELEMENTS} logits, each an exponential. */
    private static int rowsPerPiece(int classes) {
        return Math.max(1, PIECE_ELEMENTS / classes);
    }

    private static int requireLogits(Variable logits) {
        if (logits.shape().rank() != 2 || logits.shape().dim(1) == 0) {
            throw new IllegalArgumentException("cross_entropy: logits must have shape [N, C] with C > 0, got "
                    + logits.shape());
        }
        return logits.shape().dim(1);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction + ", label_smoothing=" + labelSmoothing + ")";
    }
}
