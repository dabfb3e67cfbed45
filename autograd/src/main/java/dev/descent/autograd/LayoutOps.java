package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Operations that move elements without computing — reshape, squeeze and unsqueeze, permutations and transposes,
 * flips, slices, splits, row gathers, concatenation and stacking — and tril/triu, which keep elements by position,
 * with their derivatives, which move the gradient back to where each element came from (and give 0 to the elements
 * no output took). {@code g} is {@code ∂L/∂y}.
 */
public final class LayoutOps {
    private LayoutOps() {
    }

    /** {@code y} = x's elements in another shape (a view; one dimension may be −1);  ∂L/∂x = g in x's shape. */
    public static Variable reshape(Variable x, int... dims) {
        return view("reshape", x, x.value().reshape(dims));
    }

    /** {@code y} = x with a new axis of size 1 at {@code dim} (a view);  ∂L/∂x = g without it. */
    public static Variable unsqueeze(Variable x, int dim) {
        return view("unsqueeze", x, x.value().unsqueeze(dim));
    }

    /** {@code y} = x without its axes of size 1 (a view);  ∂L/∂x = g with them. */
    public static Variable squeeze(Variable x) {
        return view("squeeze", x, x.value().squeeze());
    }

    /** {@code y} = x without axis {@code dim} if its size is 1 (a view);  ∂L/∂x = g with it. */
    public static Variable squeeze(Variable x, int dim) {
        return view("squeeze", x, x.value().squeeze(dim));
    }

    /** A view of x's elements in another shape: the gradient is g viewed in x's shape. */
    private static Variable view(String op, Variable x, Tensor y) {
        Shape s = x.shape();
        return Variable.fromOp(op, y, (g, grads) -> grads.add(0, g.reshape(s)), x);
    }

    /** {@code yⱼᵢ = xᵢⱼ} for a 2-D x;  ∂L/∂x = gᵀ. */
    public static Variable transpose(Variable x) {
        return Variable.fromOp("transpose", x.value().transpose(), (g, grads) -> grads.addFresh(0, g.transpose()), x);
    }

    /**
     * {@code y} = x with its axes in the order {@code dims} (axis k of y is axis dims[k] of x);  ∂L/∂x = g permuted
     * back by the inverse permutation, which sends axis k of g to axis dims[k].
     */
    public static Variable permute(Variable x, int... dims) {
        Tensor y = x.value().permute(dims);
        Shape s = x.shape();
        int[] inverse = new int[dims.length];
        for (int k = 0; k < dims.length; k++) {
            inverse[s.axis("permute", dims[k])] = k;
        }
        return Variable.fromOp("permute", y, (g, grads) -> grads.addFresh(0, g.permute(inverse)), x);
    }

    /** {@code y} = x with axes {@code dim0} and {@code dim1} swapped;  ∂L/∂x = g with them swapped back. */
    public static Variable transpose(Variable x, int dim0, int dim1) {
        return Variable.fromOp("transpose", x.value().transpose(dim0, dim1),
                (g, grads) -> grads.addFresh(0, g.transpose(dim0, dim1)), x);
    }

    /** {@code y} = x with axis {@code source} moved to {@code destination};  ∂L/∂x = g with it moved back. */
    public static Variable movedim(Variable x, int source, int destination) {
        return Variable.fromOp("movedim", x.value().movedim(source, destination),
                (g, grads) -> grads.addFresh(0, g.movedim(destination, source)), x);
    }

    /** {@code y} = x reversed along {@code dims};  ∂L/∂x = g reversed along the same axes. */
    public static Variable flip(Variable x, int... dims) {
        int[] axes = dims.clone();
        return Variable.fromOp("flip", x.value().flip(axes), (g, grads) -> grads.addFresh(0, g.flip(axes)), x);
    }

    /**
     * {@code y} = elements {@code start … start + length − 1} of x along {@code dim};  ∂L/∂x = g in those places, 0
     * elsewhere.
     */
    public static Variable narrow(Variable x, int dim, int start, int length) {
        Tensor y = x.value().narrow(dim, start, length);
        int axis = x.shape().axis("narrow", dim);
        return piece("narrow", x, y, axis, start < 0 ? start + x.shape().dim(axis) : start);
    }

    /**
     * x cut along {@code dim} into pieces of {@code size} (the last one smaller), each a variable of its own whose
     * gradient goes back to its place in x. Each piece's backward sends a gradient of x's whole shape (0 outside the
     * piece), so the backward of k pieces costs k times x's size — a single node with k outputs would not, but
     * the graph records one output per node.
     */
    public static Variable[] split(Variable x, int size, int dim) {
        return pieces("split", x, x.value().split(size, dim), dim);
    }

    /** x cut along {@code dim} into pieces of the given sizes; see {@link #split(Variable, int, int)}. */
    public static Variable[] split(Variable x, int[] sizes, int dim) {
        return pieces("split", x, x.value().split(sizes, dim), dim);
    }

    /**
     * x cut along {@code dim} into at most {@code chunks} pieces of ⌈n / chunks⌉; see {@link #split(Variable, int,
     * int)}.
     */
    public static Variable[] chunk(Variable x, int chunks, int dim) {
        return pieces("chunk", x, x.value().chunk(chunks, dim), dim);
    }

    private static Variable[] pieces(String op, Variable x, Tensor[] values, int dim) {
        int axis = x.shape().axis(op, dim);
        Variable[] out = new Variable[values.length];
        for (int k = 0, start = 0; k < values.length; start += values[k].dim(axis), k++) {
            out[k] = piece(op, x, values[k], axis, start);
        }
        return out;
    }

    /** The slice y of x that starts at {@code start} along {@code axis};  ∂L/∂x = g there, 0 elsewhere. */
    private static Variable piece(String op, Variable x, Tensor y, int axis, int start) {
        Shape s = x.shape();
        return Variable.fromOp(op, y, (g, grads) -> {
            int after = s.dim(axis) - start - g.dim(axis);
            grads.addFresh(0, Tensor.concat(axis, Tensor.zeros(s.withDim(axis, start)), g,
                    Tensor.zeros(s.withDim(axis, after))));
        }, x);
    }

    /** {@code y} = the parts, all of one shape, stacked along a new axis {@code dim};  ∂L/∂partₖ = g[…, k, …]. */
    public static Variable stack(int dim, Variable... parts) {
        Tensor[] values = values(parts);
        Tensor y = Tensor.stack(dim, values);
        int axis = y.shape().axis("stack", dim);
        return Variable.fromOp("stack", y, (g, grads) -> {
            for (int k = 0; k < values.length; k++) {
                if (grads.needs(k)) {
                    grads.addFresh(k, g.narrow(axis, k, 1).reshape(values[k].shape()));
                }
            }
        }, parts.clone());
    }

    /** {@code y} = x's lower triangle {@code j − i ≤ k} in the last two axes, 0 above;  ∂L/∂x = g's lower triangle. */
    public static Variable tril(Variable x, int k) {
        return Variable.fromOp("tril", x.value().tril(k), (g, grads) -> grads.addFresh(0, g.tril(k)), x);
    }

    /** {@code y} = x's upper triangle {@code j − i ≥ k} in the last two axes, 0 below;  ∂L/∂x = g's upper triangle. */
    public static Variable triu(Variable x, int k) {
        return Variable.fromOp("triu", x.value().triu(k), (g, grads) -> grads.addFresh(0, g.triu(k)), x);
    }

    /**
     * {@code y} = rows {@code from..to−1} of x along the first axis (a view);  ∂L/∂x = g in those rows, 0 elsewhere.
     */
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
        Tensor[] values = values(parts);
        Tensor y = Tensor.concat(axis, values);
        int ax = y.shape().axis("concat", axis);
        return Variable.fromOp("concat", y, (g, grads) -> {
            int start = 0;
            for (int k = 0; k < values.length; k++) {
                int length = values[k].dim(ax);
                if (grads.needs(k) && ax == 0) { // a run of whole rows: a view of g
                    grads.add(k, g.rows(start, start + length));
                } else if (grads.needs(k)) {
                    grads.addFresh(k, g.narrow(ax, start, length));
                }
                start += length;
            }
        }, parts.clone());
    }

    private static Tensor[] values(Variable[] parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int k = 0; k < parts.length; k++) {
            values[k] = parts[k].value();
        }
        return values;
    }
}
