package dev.descent.core;

import java.util.Arrays;

/**
 * Operations driven by an {@link Indices} argument — gather, scatter-add, one-hot — with the checks of their shapes
 * and index values. Each walks the index in row-major order with an odometer that keeps the matching offsets in the
 * other tensors, whose shapes may be larger than the index's.
 */
final class Indexing {
    private Indexing() {
    }

    /** {@code out[c] = x[c with c_axis = index[c]]} for every position c of the index. */
    static Tensor gather(Tensor x, int dim, Indices index) {
        Shape s = x.shape();
        int axis = s.axis("gather", dim);
        requireFits("gather", index.shape(), axis, s, "input", false);
        Tensor out = Tensor.zeros(index.shape());
        float[] src = x.array(), dst = out.array();
        int[] at = index.values();
        int stride = s.strides()[axis];
        Odometer walk = walk(index.shape(), axis, s, null);
        for (int p = 0; p < at.length; p++, walk.next()) {
            dst[p] = src[x.offset() + walk.offsets[0] + checked("gather", at[p], walk, s, axis) * stride];
        }
        return out;
    }

    /**
     * A copy of x with {@code out[c with c_axis = index[c]] += src[c]} for every position c of the index, in
     * row-major order of the index (so repeated targets add up in that order, as PyTorch's CPU kernel adds them).
     */
    static Tensor scatterAdd(Tensor x, int dim, Indices index, Tensor src) {
        Shape s = x.shape();
        int axis = s.axis("scatterAdd", dim);
        requireFits("scatterAdd", index.shape(), axis, s, "input", false);
        requireFits("scatterAdd", index.shape(), axis, src.shape(), "src", true);
        Tensor out = x.copy();
        float[] from = src.array(), dst = out.array();
        int[] at = index.values();
        int stride = s.strides()[axis];
        Odometer walk = walk(index.shape(), axis, s, src.shape());
        for (int p = 0; p < at.length; p++, walk.next()) {
            int target = walk.offsets[0] + checked("scatterAdd", at[p], walk, s, axis) * stride;
            dst[target] += from[src.offset() + walk.offsets[1]];
        }
        return out;
    }

    /** {@code out[c, k] = [index[c] = k]}: shape {@code index.shape() + [classes]}; classes −1 means max + 1. */
    static Tensor oneHot(Indices index, int classes) {
        int[] at = index.values();
        if (classes < -1) {
            throw new IllegalArgumentException("oneHot: the number of classes must be ≥ 0 (or −1 to infer it), got "
                    + classes);
        }
        if (classes == -1) {
            if (at.length == 0) {
                throw new IllegalArgumentException("oneHot: cannot infer the number of classes from empty indices "
                        + index.shape());
            }
            classes = Arrays.stream(at).max().getAsInt() + 1;
        }
        int[] dims = Arrays.copyOf(index.shape().dims(), index.rank() + 1);
        dims[index.rank()] = classes;
        Tensor out = Tensor.zeros(dims);
        float[] dst = out.array();
        for (int p = 0; p < at.length; p++) {
            if (at[p] < 0 || at[p] >= classes) {
                throw new IndexOutOfBoundsException("oneHot: class " + at[p] + " at position " + p + " of indices "
                        + index.shape() + " is out of range for " + classes + " classes");
            }
            dst[p * classes + at[p]] = 1f;
        }
        return out;
    }

    /**
     * Checks an index shape against a tensor it addresses: the same rank, and no larger along any axis — except the
     * indexed one, unless {@code everyAxis} (src of a scatter, which the index reads element for element).
     */
    private static void requireFits(String op, Shape index, int axis, Shape t, String name, boolean everyAxis) {
        if (index.rank() != t.rank()) {
            throw new IllegalArgumentException(op + ": index of shape " + index + " and " + name + " of shape " + t
                    + " differ in rank");
        }
        for (int k = 0; k < t.rank(); k++) {
            if ((k != axis || everyAxis) && index.dim(k) > t.dim(k)) {
                throw new IllegalArgumentException(op + ": index of shape " + index + " is larger than " + name
                        + " of shape " + t + " at axis " + k + (everyAxis ? "" : " (only axis " + axis
                        + ", the indexed one, may be larger)"));
            }
        }
    }

    private static int checked(String op, int i, Odometer walk, Shape s, int axis) {
        if (i < 0 || i >= s.dim(axis)) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " at " + Arrays.toString(walk.position)
                    + " is out of range for axis " + axis + " of shape " + s);
        }
        return i;
    }

    /**
     * An odometer over the positions of an index in row-major order. Its first offset is {@code base}, the offset
     * in the target of the position with the indexed axis at 0; its second, of the same position in a second tensor
     * addressed element for element (a scatter's src).
     */
    private static Odometer walk(Shape index, int axis, Shape target, Shape second) {
        int[] targetStrides = target.strides();
        targetStrides[axis] = 0;
        return new Odometer(index.dims(), targetStrides,
                second == null ? new int[index.rank()] : second.strides());
    }
}
