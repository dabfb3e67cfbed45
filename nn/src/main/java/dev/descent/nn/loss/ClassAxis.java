package dev.descent.nn.loss;

import dev.descent.autograd.LayoutOps;
import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.function.UnaryOperator;

/**
 * How {@link CrossEntropyLoss} and {@link NLLLoss} reach every input shape PyTorch accepts through their one fused
 * {@code [N, C]} kernel. Scores {@code x: [N, C, d₁, …, d_k]} hold a class axis at position 1 and one position per
 * {@code (n, d₁, …, d_k)}; moving the class axis last gives a matrix of {@code R = N·d₁⋯d_k} rows,
 *
 * <pre>
 *   rows[(n·D + j), c] = x[n, c, j]        (j the row-major index of (d₁, …, d_k), D = d₁⋯d_k)
 *   ∂L/∂x[n, c, j]     = ∂L/∂rows[(n·D + j), c]
 * </pre>
 *
 * a copy whose backward moves the gradient back. Row r's loss is position r's: the unreduced losses {@code [R]} are
 * the positions' {@code [N, d₁, …, d_k]} in row-major order, and a sum or (weighted) mean over rows is one over
 * positions. Unbatched scores {@code [C]} are the one row {@code [1, C]}, their unreduced loss a scalar.
 */
final class ClassAxis {
    private ClassAxis() {
    }

    /** The shape of the per-position losses and of class-index targets: the scores' shape without its class axis. */
    static Shape positions(Shape scores) {
        return scores.reduce(classAxis(scores), false);
    }

    /** The class axis of scores {@code [C]} (0) or {@code [N, C, …]} (1). */
    static int classAxis(Shape scores) {
        return scores.rank() == 1 ? 0 : 1;
    }

    /**
     * {@code rowsLoss} (a loss of scores {@code [R, C]}, R items in row order) applied to {@code scores} of any rank
     * but 2, its class axis moved last; an unreduced result is reshaped to the positions' shape.
     */
    static Variable overRows(Variable scores, Reduction reduction, UnaryOperator<Variable> rowsLoss) {
        Shape s = scores.shape();
        Variable rows = s.rank() == 1 ? LayoutOps.reshape(scores, 1, s.dim(0)) : classesLast(scores);
        Variable out = rowsLoss.apply(rows);
        return reduction == Reduction.NONE ? LayoutOps.reshape(out, positions(s).dims()) : out;
    }

    /** {@code t} ({@code [C]}, {@code [N, C]} or {@code [N, C, d…]}) as rows {@code [R, C]}: a view, or a copy. */
    static Tensor rows(Tensor t) {
        Shape s = t.shape();
        if (s.rank() <= 2) {
            return s.rank() == 1 ? t.reshape(1, s.dim(0)) : t;
        }
        int c = s.dim(1);
        Tensor out = Tensor.zeros(s.size() / Math.max(c, 1), c);
        move(t.array(), t.offset(), out.array(), s, true);
        return out;
    }

    /** {@code [N, C, d…] → [N·D, C]} as an operation whose backward moves the gradient back. */
    private static Variable classesLast(Variable x) {
        Shape s = x.shape();
        return Variable.fromOp("classes_last", rows(x.value()), (g, grads) -> {
            Tensor dx = Tensor.zeros(s);
            move(g.array(), g.offset(), dx.array(), s, false);
            grads.addFresh(0, dx);
        }, x);
    }

    /**
     * Copies between the layout {@code [N, C, D]} ({@code x}) and {@code [N, D, C]} ({@code rows}): from x to rows
     * when {@code toRows}, else back.
     */
    private static void move(float[] src, int so, float[] dst, Shape s, boolean toRows) {
        int n = s.dim(0), c = s.dim(1), d = s.innerSize(1);
        for (int i = 0; i < n; i++) {
            int block = i * c * d;
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    int xAt = block + k * d + j, rowAt = block + j * c + k;
                    if (toRows) {
                        dst[rowAt] = src[so + xAt];
                    } else {
                        dst[xAt] = src[so + rowAt];
                    }
                }
            }
        }
    }
}
