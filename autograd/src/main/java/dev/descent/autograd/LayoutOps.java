package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Operations that move elements without computing — reshape, transpose, row slices and gathers, concatenation —
 * and their derivatives, which move the gradient back to where each element came from. {@code g} is
 * {@code ∂L/∂y}.
 */
public final class LayoutOps {
    private LayoutOps() {
    }

    /** {@code y} = x's elements in another shape (a view; one dimension may be −1);  ∂L/∂x = g in x's shape. */
    public static Variable reshape(Variable x, int... dims) {
        Shape s = x.shape();
        return Variable.fromOp("reshape", x.value().reshape(dims), (g, grads) -> grads.add(0, g.reshape(s)), x);
    }

    /** {@code yⱼᵢ = xᵢⱼ} for a 2-D x;  ∂L/∂x = gᵀ. */
    public static Variable transpose(Variable x) {
        return Variable.fromOp("transpose", x.value().transpose(), (g, grads) -> grads.addFresh(0, g.transpose()), x);
    }

    /** {@code y} = rows {@code from..to−1} of x along the first axis (a view);  ∂L/∂x = g in those rows, 0 elsewhere. */
    public static Variable rows(Variable x, int from, int to) {
        Shape s = x.shape();
        return Variable.fromOp("rows", x.value().rows(from, to), (g, grads) -> {
            Tensor dx = Tensor.zeros(s);
            dx.rows(from, to).copyFrom(g);
            grads.addFresh(0, dx);
        }, x);
    }

    /**
     * {@code y[r] = x[indices[r]]} along the first axis (indices may repeat);  ∂L/∂x[i] = Σ of g[r] over every r with
     * {@code indices[r] = i} — a scatter-add, so a row gathered twice gets both gradients.
     */
    public static Variable gatherRows(Variable x, int[] indices) {
        int[] at = indices.clone(); // the caller may reuse its array before backward
        Shape s = x.shape();
        return Variable.fromOp("gatherRows", x.value().gatherRows(at), (g, grads) -> {
            Tensor dx = Tensor.zeros(s);
            int rowSize = s.innerSize(0);
            float[] d = dx.array(), gs = g.array();
            for (int r = 0; r < at.length; r++) {
                for (int k = 0, src = g.offset() + r * rowSize, dst = at[r] * rowSize; k < rowSize; k++) {
                    d[dst + k] += gs[src + k];
                }
            }
            grads.addFresh(0, dx);
        }, x);
    }

    /** {@code y} = the parts joined along {@code axis};  ∂L/∂partₖ = the slice of g that partₖ filled. */
    public static Variable concat(int axis, Variable... parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int k = 0; k < parts.length; k++) {
            values[k] = parts[k].value();
        }
        Tensor y = Tensor.concat(axis, values);
        int ax = y.shape().axis("concat", axis);
        return Variable.fromOp("concat", y, (g, grads) -> {
            int start = 0;
            for (int k = 0; k < values.length; k++) {
                int length = values[k].dim(ax);
                if (grads.needs(k)) {
                    grads.add(k, slice(g, ax, start, length));
                }
                start += length;
            }
        }, parts.clone());
    }

    /** Elements {@code start..start+length−1} of {@code t} along {@code axis}: a view if they are contiguous, else a copy. */
    private static Tensor slice(Tensor t, int axis, int start, int length) {
        Shape s = t.shape();
        int outer = s.outerSize(axis), inner = s.innerSize(axis), n = s.dim(axis);
        Shape part = s.withDim(axis, length);
        if (outer == 1) {
            return Tensor.wrap(t.array(), t.offset() + start * inner, part);
        }
        Tensor out = Tensor.zeros(part);
        for (int o = 0; o < outer; o++) {
            System.arraycopy(t.array(), t.offset() + (o * n + start) * inner, out.array(), o * length * inner,
                    length * inner);
        }
        return out;
    }
}
