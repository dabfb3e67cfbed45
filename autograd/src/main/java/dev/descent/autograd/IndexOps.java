package dev.descent.autograd;

import dev.descent.core.Indices;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.ValuesAndIndices;

/**
 * Operations that pick elements by index — gather, and the values of sort and topk — with their derivative: each
 * output is one input element, so the gradient goes back to the element it was picked from, a scatter-add
 * ({@link Tensor#scatterAdd}) of g into zeros: elements picked twice get both gradients, elements not picked get 0.
 * The indices themselves are integers and carry no gradient. {@code g} is {@code ∂L/∂y}.
 */
public final class IndexOps {
    private IndexOps() {
    }

    /**
     * {@code y[c] = x[c with c_dim = index[c]]} ({@code torch.gather});  ∂L/∂x[j] = Σ of g[c] over the positions c
     * that picked element j.
     */
    public static Variable gather(Variable x, int dim, Indices index) {
        return picked("gather", x, x.value().gather(dim, index), dim, index);
    }

    /**
     * Each slice along {@code dim} sorted ({@code torch.sort}, stable; see {@link Tensor#sort}), and where each
     * element came from;  the values' gradient goes back to those places (a permutation of g).
     */
    public static ValuesAndIndices<Variable> sort(Variable x, int dim, boolean descending) {
        ValuesAndIndices<Tensor> sorted = x.value().sort(dim, descending);
        return new ValuesAndIndices<>(picked("sort", x, sorted.values(), dim, sorted.indices()), sorted.indices());
    }

    /**
     * The k largest or smallest elements of each slice along {@code dim} ({@code torch.topk}; see
     * {@link Tensor#topk}) and their positions;  the values' gradient goes back to those positions, 0 to the rest.
     */
    public static ValuesAndIndices<Variable> topk(Variable x, int k, int dim, boolean largest, boolean sorted) {
        ValuesAndIndices<Tensor> top = x.value().topk(k, dim, largest, sorted);
        return new ValuesAndIndices<>(picked("topk", x, top.values(), dim, top.indices()), top.indices());
    }

    /** y, whose elements were picked from x along {@code dim} at {@code index};  ∂L/∂x = g scattered back. */
    private static Variable picked(String op, Variable x, Tensor y, int dim, Indices index) {
        Shape s = x.shape();
        // a scalar's sort and topk work on it as a one-element vector, and so does the scatter
        Shape along = s.rank() == 0 ? Shape.of(1) : s;
        Indices at = s.rank() == 0 ? index.reshape(1) : index;
        return Variable.fromOp(op, y, (g, grads) -> grads.addFresh(0,
                Tensor.zeros(along).scatterAdd(dim, at, g.reshape(at.shape())).reshape(s)), x);
    }
}
