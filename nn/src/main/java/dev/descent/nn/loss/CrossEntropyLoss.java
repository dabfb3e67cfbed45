package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;

/**
 * Cross-entropy of class scores (logits) against class indices or class probabilities, as PyTorch's
 * {@code nn.CrossEntropyLoss}: a fused log-softmax and negative log-likelihood. For logits {@code z: [N, C]} and
 * targets {@code yᵢ ∈ {0, …, C−1}},
 *
 * <pre>
 *   log pᵢc = zᵢc − LSEᵢ,   LSEᵢ = m + log Σ_c e^(zᵢc − m),  m = max_c zᵢc   (stable: no exponent exceeds 0)
 *   ℓᵢ = −log pᵢ,yᵢ = LSEᵢ − zᵢ,yᵢ
 * </pre>
 *
 * <p>With label smoothing {@code ε} the target distribution is {@code qᵢc = (1 − ε)·[c = yᵢ] + ε/C}, and with class
 * weights {@code w} (default all 1) each class's term is weighted, as PyTorch 1.13's
 * {@code cross_entropy_loss_label_smoothing} defines it ({@code W = Σ_c w_c}):
 *
 * <pre>
 *   ℓᵢ = −Σ_c w_c·qᵢc·log pᵢc = (1 − ε)·w_yᵢ·(LSEᵢ − zᵢ,yᵢ) + (ε/C)·Σ_c w_c·(LSEᵢ − zᵢc)
 *      = LSEᵢ − (1 − ε)·zᵢ,yᵢ − (ε/C)·Σ_c zᵢc                                   (without weights)
 * </pre>
 *
 * <p>An example whose target is {@code ignore_index} (−100 by default) has {@code ℓᵢ = 0} and no gradient. The items
 * are then reduced ({@link Reduction}, mean by default): SUM adds them, NONE returns them, and MEAN divides the sum by
 * the total weight of the counted targets, {@code Σᵢ w_yᵢ} over the examples not ignored (their number, without
 * weights) — PyTorch's weighted mean, which is NaN when every target is ignored. Backward needs no chain of
 * operations: with {@code pᵢc} the softmax, kept from the forward pass,
 *
 * <pre>  ∂ℓᵢ/∂zᵢc = pᵢc·((1 − ε)·w_yᵢ + (ε/C)·W) − (1 − ε)·w_yᵢ·[c = yᵢ] − (ε/C)·w_c</pre>
 *
 * which without weights is {@code pᵢc − qᵢc}, softmax minus the (smoothed) one-hot target; it is scaled by
 * {@code ∂L/∂ℓᵢ}.
 *
 * <p>Targets are class indices: an {@code int[]}, or a tensor {@code [N]} of integral values (a dataset's labels);
 * anything else — a fraction, NaN, an index outside {@code [0, C)} other than {@code ignore_index}, a length other
 * than N — is rejected, naming the position and value.
 *
 * <p><b>K-dimensional and unbatched input.</b> Logits {@code z: [N, C, d₁, …, d_k]} (k ≥ 1: a class score per pixel,
 * voxel or time step) take class indices of shape {@code [N, d₁, …, d_k]} (or an {@code int[]} of {@code N·d₁⋯d_k},
 * row-major); every position {@code (n, d₁, …, d_k)} is then an item, its loss {@code ℓ} the formula above on the
 * scores {@code z[n, ·, d₁, …, d_k]}, with every option as above: NONE returns {@code ℓ} in shape
 * {@code [N, d₁, …, d_k]}, SUM adds it, and MEAN divides the sum by {@code Σ w_y} over all positions not ignored
 * (PyTorch's weighted mean). Unbatched logits {@code [C]} take one index (a scalar tensor) and are one item. The class
 * axis is moved last — {@code [N·d₁⋯d_k, C]}, one copy, whose backward moves the gradient back — and the row kernel
 * above runs on the rows ({@code ClassAxis}); {@code [N, C]} logits take the row kernel directly.
 *
 * <p><b>Class probabilities (soft labels).</b> A tensor target of the logits' own shape is read, as PyTorch ≥ 1.10
 * reads a floating-point one, as a distribution {@code qᵢc} over the classes at each position (e.g. mixup's or a
 * teacher's targets); with smoothing {@code q' = (1 − ε)·q + ε/C} and {@code aᵢc = w_c·q'ᵢc},
 *
 * <pre>
 *   ℓᵢ = −Σ_c w_c·q'ᵢc·log pᵢc = Σ_c aᵢc·(LSEᵢ − zᵢc)
 *   ∂ℓᵢ/∂zᵢc = pᵢc·Σ_c' aᵢc' − aᵢc                                  (p − q' without weights, when q sums to 1)
 * </pre>
 *
 * and MEAN divides the sum by the number of positions ({@code N·d₁⋯d_k}) — not by a total weight, as PyTorch 1.13's
 * {@code cross_entropy_loss_prob_target} does. As there, q is not checked to be a distribution, but it must be
 * finite; and {@code ignore_index} ≥ 0 is rejected (there is no class index to compare it with; a negative one names
 * no class and is accepted, as PyTorch does). No gradient flows into the target.
 */
public final class CrossEntropyLoss implements Loss {
    private static final Kernels K = VectorizationProvider.kernels();
    /** Logits a parallel piece should hold: an exponential each, so a few hundred are worth handing to a thread. */
    private static final int PIECE_ELEMENTS = 512;

    /** PyTorch's default {@code ignore_index}. */
    public static final int DEFAULT_IGNORE_INDEX = ClassTargets.DEFAULT_IGNORE_INDEX;

    private final Reduction reduction;
    private final float labelSmoothing;
    private final ClassTargets targets;

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
        this.targets = new ClassTargets("CrossEntropyLoss", "cross_entropy", "logits", true);
    }

    private CrossEntropyLoss(CrossEntropyLoss base, ClassTargets targets) {
        this.reduction = base.reduction;
        this.labelSmoothing = base.labelSmoothing;
        this.targets = targets;
    }

    /**
     * This loss with a weight per class ({@code weight} in PyTorch): a vector of C finite values, one per class,
     * checked against the logits at each call.
     *
     * @throws IllegalArgumentException if {@code weights} is not a vector of finite values
     */
    public CrossEntropyLoss withClassWeights(Tensor weights) {
        return new CrossEntropyLoss(this, targets.withWeights(weights));
    }

    /** This loss with targets equal to {@code index} ignored ({@code ignore_index} in PyTorch; −100 by default). */
    public CrossEntropyLoss withIgnoreIndex(int index) {
        return new CrossEntropyLoss(this, targets.withIgnoreIndex(index));
    }

    /**
     * The loss against a tensor target, read as PyTorch reads it: class probabilities when it has the logits' shape
     * ({@code [N, C]}, {@code [N, C, d₁, …, d_k]} or {@code [C]}), else class indices stored as whole floats, one per
     * position ({@code [N]}, {@code [N, d₁, …, d_k]}, or a scalar).
     */
    @Override
    public Variable forward(Variable logits, Tensor target) {
        if (target.shape().equals(logits.shape())) {
            return forwardProbabilities(logits, target);
        }
        return forward(logits, targets.indices(logits, target));
    }

    /**
     * The loss against class indices {@code target[i] ∈ [0, C)}, one per position in row-major order: N of them for
     * logits {@code [N, C]}, {@code N·d₁⋯d_k} for {@code [N, C, d₁, …, d_k]}, one for {@code [C]}.
     */
    public Variable forward(Variable logits, int[] target) {
        float[] w = targets.check(logits, target); // against the caller's shape, which errors name
        return logits.shape().rank() == 2 ? indexRows(logits, target, w)
                : ClassAxis.overRows(logits, reduction, rows -> indexRows(rows, target, w));
    }

    /** Rows of logits {@code z: [R, C]} against R checked class indices; {@code w} the class weights or null. */
    private Variable indexRows(Variable logits, int[] target, float[] w) {
        Tensor z = logits.value();
        int n = z.dim(0), c = z.dim(1);
        float eps = labelSmoothing;
        double totalWeight = w == null ? c : sum(w);
        Tensor softmax = Tensor.zeros(n, c);
        float[] p = softmax.array();
        float[] za = z.array();
        double[] losses = new double[n];
        // Rows are independent: spread over the threads, each row's loss kept, then summed in row order — the same
        // bits on any thread count.
        Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int zo = z.offset() + i * c, po = i * c;
                double lse = softmaxRow(za, zo, p, po, c);
                if (targets.ignored(target[i])) {
                    continue;
                }
                double wy = w == null ? 1 : w[target[i]];
                double loss = (1 - eps) * wy * (lse - za[zo + target[i]]);
                if (eps != 0f) {
                    double weightedLogits = w == null ? K.sum(za, zo, c) : K.dot(w, 0, za, zo, c);
                    loss += eps / c * (totalWeight * lse - weightedLogits);
                }
                losses[i] = loss;
            }
        });
        double counted = targets.counted(target); // the mean's denominator: Σ w_y over the targets not ignored
        Tensor out = reduce(losses, counted);
        int[] labels = target.clone();
        return Variable.fromOp("cross_entropy", out, (gradOut, grads) -> {
            Tensor dz = Tensor.zeros(n, c);
            float[] d = dz.array();
            Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> gradientRows(gradOut, counted, p, w, totalWeight,
                    labels, d, c, r0, r1));
            grads.addFresh(0, dz);
        }, logits);
    }

    /**
     * The loss against class probabilities {@code q} of the logits' shape (soft labels), with the rows of
     * {@code [N, C]}-shaped logits as its items.
     */
    private Variable forwardProbabilities(Variable logits, Tensor q) {
        float[] w = targets.checkProbabilities(logits, q);
        if (logits.shape().rank() != 2) {
            Tensor qRows = ClassAxis.rows(q);
            return ClassAxis.overRows(logits, reduction, rows -> probabilityRows(rows, qRows, w));
        }
        return probabilityRows(logits, q, w);
    }

    /**
     * Rows of logits {@code z: [R, C]} against probabilities {@code q: [R, C]}: with {@code aᵢc = w_c·q'ᵢc},
     * {@code q' = (1 − ε)·q + ε/C} and {@code Aᵢ = Σ_c aᵢc}, {@code ℓᵢ = Σ_c aᵢc·(LSEᵢ − zᵢc)} and
     * {@code ∂ℓᵢ/∂zᵢc = Aᵢ·pᵢc − aᵢc}. The mean is over the R rows.
     */
    private Variable probabilityRows(Variable logits, Tensor q, float[] w) {
        Tensor z = logits.value();
        int n = z.dim(0), c = z.dim(1);
        float[] qa = q.toArray(); // a copy: the caller may change its tensor before backward
        float[] za = z.array();
        Tensor softmax = Tensor.zeros(n, c);
        float[] p = softmax.array();
        double[] losses = new double[n];
        float[] mass = new float[n]; // Aᵢ
        Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int zo = z.offset() + i * c, po = i * c;
                double lse = softmaxRow(za, zo, p, po, c), loss = 0, a = 0;
                for (int k = 0; k < c; k++) {
                    double ak = smoothed(qa[po + k], w, k, c);
                    loss += ak * (lse - za[zo + k]);
                    a += ak;
                }
                losses[i] = loss;
                mass[i] = (float) a;
            }
        });
        Tensor out = reduce(losses, n);
        return Variable.fromOp("cross_entropy", out, (gradOut, grads) -> {
            Tensor dz = Tensor.zeros(n, c);
            float[] d = dz.array();
            Parallel.forRange(n, rowsPerPiece(c), (r0, r1) -> {
                for (int i = r0; i < r1; i++) {
                    float scale = reduction.itemGrad(gradOut, i, n);
                    for (int k = 0, o = i * c; k < c; k++) {
                        d[o + k] = scale * (mass[i] * p[o + k] - (float) smoothed(qa[o + k], w, k, c));
                    }
                }
            });
            grads.addFresh(0, dz);
        }, logits);
    }

    /**
     * Row {@code z[zo … zo+c)}'s softmax into {@code p[po … po+c)}, returning its log-sum-exp
     * {@code LSE = m + log Σ_c e^(z_c − m)}, {@code m = max_c z_c}.
     */
    private static double softmaxRow(float[] za, int zo, float[] p, int po, int c) {
        float m = K.max(za, zo, c);
        float s = K.expShifted(za, zo, m, p, po, c);
        K.binaryScalar(BinaryOp.MUL, p, po, 1f / s, p, po, c);
        return m + Math.log(s);
    }

    /** {@code a = w_k·((1 − ε)·q + ε/C)}: a probability's weight in the loss once smoothed and class-weighted. */
    private double smoothed(float q, float[] w, int k, int c) {
        double smoothedQ = (1 - labelSmoothing) * (double) q + (double) labelSmoothing / c;
        return w == null ? smoothedQ : w[k] * smoothedQ;
    }

    /** The reduced loss of the rows' losses (kept in double, summed in row order): MEAN divides by {@code count}. */
    private Tensor reduce(double[] losses, double count) {
        int n = losses.length;
        double total = 0;
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        for (int i = 0; i < n; i++) {
            total += losses[i];
            if (items != null) {
                items[i] = (float) losses[i];
            }
        }
        return reduction.output(total, items, count, Shape.of(n));
    }

    /**
     * Rows {@code [r0, r1)} of ∂L/∂z: {@code p·((1 − ε)·w_y + (ε/C)·W) − (ε/C)·w − (1 − ε)·w_y·onehot} (with w = 1
     * when unweighted) times each item's share of the incoming gradient; 0 for an ignored row.
     */
    private void gradientRows(Tensor gradOut, double denominator, float[] p, float[] w, double totalWeight,
                              int[] labels, float[] d, int c, int r0, int r1) {
        float eps = labelSmoothing, off = eps / c;
        for (int i = r0; i < r1; i++) {
            if (targets.ignored(labels[i])) {
                continue;
            }
            float scale = reduction.itemGrad(gradOut, i, denominator);
            float wy = w == null ? 1f : w[labels[i]];
            float onP = scale * (float) ((1 - eps) * wy + off * totalWeight);
            int o = i * c;
            for (int k = 0; k < c; k++) {
                d[o + k] = onP * p[o + k] - scale * off * (w == null ? 1f : w[k]);
            }
            d[o + labels[i]] -= scale * (1 - eps) * wy;
        }
    }

    private static double sum(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        return s;
    }

    /** Rows per parallel piece: about {@link #PIECE_ELEMENTS} logits, each an exponential. */
    private static int rowsPerPiece(int classes) {
        return Math.max(1, PIECE_ELEMENTS / classes);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss(reduction=" + reduction + ", label_smoothing=" + labelSmoothing
                + targets + ")";
    }
}
