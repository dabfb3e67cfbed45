package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Negative log-likelihood of log-probabilities against class indices, as PyTorch's {@code nn.NLLLoss}. For an input
 * {@code x: [N, C]} holding {@code log pᵢc} (a {@link dev.descent.nn.LogSoftmax}'s output) and targets
 * {@code yᵢ ∈ {0, …, C−1}}, with class weights {@code w} (default all 1),
 *
 * <pre>
 *   ℓᵢ = −w_yᵢ·xᵢ,yᵢ
 *   ∂ℓᵢ/∂xᵢc = −w_yᵢ·[c = yᵢ]
 * </pre>
 *
 * <p>The loss only picks one entry per row, so it trusts the input to be log-probabilities: a log-softmax followed by
 * this loss is {@link CrossEntropyLoss} (which fuses the two and is the faster and more stable choice for logits).
 * An example whose target is {@code ignore_index} (−100 by default) has {@code ℓᵢ = 0} and no gradient. MEAN (the
 * default) divides the sum by the total weight of the counted targets, {@code Σᵢ w_yᵢ} over the examples not ignored
 * — PyTorch's weighted mean, NaN when every target is ignored (its gradient then 0); SUM adds the items and NONE
 * returns them ({@link Reduction}).
 *
 * <p>The input may also be {@code x: [N, C, d₁, …, d_k]} (k ≥ 1: a class score per pixel or time step), with one
 * target per position {@code (n, d₁, …, d_k)}; every position is then an item: {@code ℓ[n, d₁, …, d_k]} is the
 * formula above at that position, NONE returns the items in shape {@code [N, d₁, …, d_k]}, SUM adds them and MEAN
 * divides their sum by {@code Σ w_y} over every position not ignored. An unbatched input {@code [C]} takes one target
 * and is one item (NONE returns a scalar). (The class axis is moved last — {@code [N·d₁⋯d_k, C]}, a copy — and the
 * {@code [N, C]} kernel runs on the rows; see {@code ClassAxis}.)
 *
 * <p>Targets are class indices: an {@code int[]} (row-major over the positions), or a tensor of integral values
 * shaped as the input without its class axis ({@code [N]}, {@code [N, d₁, …, d_k]}, or a scalar); anything else — a
 * fraction, NaN, an index outside {@code [0, C)} other than {@code ignore_index}, another shape or length — is
 * rejected, naming the position and value or the shapes.
 */
public final class NLLLoss implements Loss {
    private static final String OP = "nll_loss";

    private final Reduction reduction;
    private final ClassTargets targets;

    /** The weighted mean over the batch. */
    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        this(reduction, new ClassTargets("NLLLoss", OP, "log-probabilities", false));
    }

    private NLLLoss(Reduction reduction, ClassTargets targets) {
        this.reduction = reduction;
        this.targets = targets;
    }

    /**
     * This loss with a weight per class ({@code weight} in PyTorch): a vector of C finite values, checked against the
     * input at each call.
     *
     * @throws IllegalArgumentException if {@code weights} is not a vector of finite values
     */
    public NLLLoss withClassWeights(Tensor weights) {
        return new NLLLoss(reduction, targets.withWeights(weights));
    }

    /** This loss with targets equal to {@code index} ignored ({@code ignore_index} in PyTorch; −100 by default). */
    public NLLLoss withIgnoreIndex(int index) {
        return new NLLLoss(reduction, targets.withIgnoreIndex(index));
    }

    /**
     * The loss against class indices stored as whole floats, one per position: a tensor {@code [N]} for an input
     * {@code [N, C]}, {@code [N, d₁, …, d_k]} for {@code [N, C, d₁, …, d_k]}, a scalar for {@code [C]}.
     */
    @Override
    public Variable forward(Variable logProbabilities, Tensor target) {
        return forward(logProbabilities, targets.indices(logProbabilities, target));
    }

    /**
     * The loss against class indices {@code target[i] ∈ [0, C)}, one per position in row-major order: N of them for
     * an input {@code [N, C]}, {@code N·d₁⋯d_k} for {@code [N, C, d₁, …, d_k]}, one for {@code [C]}.
     */
    public Variable forward(Variable logProbabilities, int[] target) {
        targets.check(logProbabilities, target); // against the caller's shape, which errors name
        return logProbabilities.shape().rank() == 2 ? indexRows(logProbabilities, target)
                : ClassAxis.overRows(logProbabilities, reduction, rows -> indexRows(rows, target));
    }

    /** Rows of log-probabilities {@code x: [R, C]} against R checked class indices. */
    private Variable indexRows(Variable logProbabilities, int[] target) {
        Tensor x = logProbabilities.value();
        int n = x.dim(0), c = x.dim(1);
        int[] labels = target.clone();
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double l = targets.ignored(labels[i]) ? 0 : -targets.weight(labels[i]) * x.get(i, labels[i]);
            total += l;
            if (items != null) {
                items[i] = (float) l;
            }
        }
        double counted = targets.counted(labels);
        Tensor out = reduction.output(total, items, counted, Shape.of(n));
        return Variable.fromOp(OP, out, (gradOut, grads) -> {
            Tensor dx = Tensor.zeros(n, c);
            float[] d = dx.array();
            for (int i = 0; i < n; i++) {
                if (!targets.ignored(labels[i])) {
                    d[i * c + labels[i]] = (float) -targets.weight(labels[i]) * reduction.itemGrad(gradOut, i, counted);
                }
            }
            grads.addFresh(0, dx);
        }, logProbabilities);
    }

    @Override
    public String toString() {
        return "NLLLoss(reduction=" + reduction + targets + ")";
    }
}
