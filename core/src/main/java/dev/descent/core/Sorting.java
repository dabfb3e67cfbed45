package dev.descent.core;

import java.util.Arrays;

/**
 * Sorting along an axis: sort, argsort and top-k, all in PyTorch's order and stable.
 *
 * <p><b>Order.</b> Floats compare by value, with −0 equal to +0 and every NaN equal to every other NaN and larger
 * than +∞ — PyTorch's comparators ({@code _isnan(b) && !_isnan(a) || a < b}). Ascending, NaNs come last;
 * descending, first. <b>Ties</b> keep their order along the axis (the lower index first, ascending and descending
 * alike): {@code torch.sort(stable=True)}'s order, which is also what {@code torch.sort} gives on slices of up to 16
 * elements (its unstable default may order the ties of longer slices otherwise).
 *
 * <p><b>How.</b> Each element becomes one long: high 32 bits an int whose signed order is the float order above
 * (the bits of the float, canonicalized, with the magnitude bits of negatives flipped; complemented for a descending
 * sort), low 32 bits its index along the axis. Sorting those longs with {@link Arrays#sort(long[])} orders by value
 * and breaks ties by index — a stable sort of floats without boxing.
 */
final class Sorting {
    private Sorting() {
    }

    /** Every element of each slice along {@code axis}, in order. */
    static ValuesAndIndices<Tensor> sort(Tensor x, int axis, boolean descending) {
        return select(x, axis, x.shape().dim(axis), descending, true);
    }

    /**
     * The k largest ({@code largest}) or smallest elements of each slice along {@code axis}: in order if
     * {@code sorted}, else in the order they hold along the axis.
     */
    static ValuesAndIndices<Tensor> topk(Tensor x, int k, int axis, boolean largest, boolean sorted) {
        Shape s = x.shape();
        if (k < 0 || k > s.dim(axis)) {
            throw new IllegalArgumentException("topk: k = " + k + " is out of range for axis " + axis + " of shape "
                    + s + " (size " + s.dim(axis) + ")");
        }
        return select(x, axis, k, largest, sorted);
    }

    private static ValuesAndIndices<Tensor> select(Tensor x, int axis, int k, boolean descending, boolean sorted) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Shape outShape = s.withDim(axis, k);
        Tensor values = Tensor.zeros(outShape);
        int[] indices = new int[outShape.size()];
        float[] src = x.array(), dst = values.array();
        long[] keys = new long[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int first = x.offset() + o * n * inner + i;
                for (int j = 0; j < n; j++) {
                    keys[j] = (long) key(src[first + j * inner], descending) << 32 | j;
                }
                Arrays.sort(keys);
                if (!sorted) { // the k selected, by index
                    for (int t = 0; t < k; t++) {
                        keys[t] &= 0xffffffffL;
                    }
                    Arrays.sort(keys, 0, k);
                }
                for (int t = 0, at = o * k * inner + i; t < k; t++, at += inner) {
                    int j = (int) keys[t];
                    indices[at] = j;
                    dst[at] = src[first + j * inner];
                }
            }
        }
        return new ValuesAndIndices<>(values, Indices.adopt(indices, outShape));
    }

    /** An int whose signed order is PyTorch's order of floats (−0 = +0, NaN above +∞), reversed if descending. */
    static int key(float v, boolean descending) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v); // one zero, one NaN
        int ordered = bits ^ (bits >> 31 & 0x7fffffff); // negatives: larger magnitude, smaller int
        return descending ? ~ordered : ordered;
    }
}
