package dev.descent.core;

/**
 * Copies a strided view of a tensor's storage into a new contiguous tensor: for an output of dimensions
 * {@code d₀ … d_{r−1}} and source strides {@code s₀ … s_{r−1}} (in elements, any sign),
 * <pre>
 *   out[i₀, …, i_{r−1}] = x[start + Σₖ iₖ·sₖ]    (x's storage, counted from its first element).
 * </pre>
 * Every layout operation that reorders or selects without computing is this one loop with other strides:
 * {@code permute} permutes x's row-major strides, {@code flip} negates some and starts at their last element,
 * {@code narrow} keeps the strides and starts inside an axis, {@code transpose} is the permutation (1, 0).
 *
 * <p>Before copying, axes of size 1 are dropped and neighbouring axes merged wherever the source is contiguous across
 * both ({@code sₖ = sₖ₊₁·dₖ₊₁}), so a permutation that keeps the last axis in place copies whole runs with
 * {@link System#arraycopy}. When the last axis is not contiguous in the source but some other axis p is (a
 * transpose), the copy goes in square blocks over (p, last axis), which keeps both the rows read and the rows written
 * in cache; otherwise it is an element loop.
 */
final class StridedCopy {
    /** Side of the square blocks of a transposing copy. */
    private static final int BLOCK = 32;

    private StridedCopy() {
    }

    /** The strided view of {@code x} described above, copied into a new tensor of dimensions {@code dims}. */
    static Tensor copy(Tensor x, int start, int[] dims, int[] strides) {
        Tensor out = Tensor.zeros(dims);
        if (out.size() > 0) {
            copy(x.array(), x.offset() + start, dims, strides, out.array(), 0);
        }
        return out;
    }

    /** {@code dst[dstStart …]} = the strided view of {@code src} from {@code start}, row-major (dims all &gt; 0). */
    static void copy(float[] src, int start, int[] dims, int[] strides, float[] dst, int dstStart) {
        int[] d = new int[dims.length], s = new int[dims.length];
        int n = 0;
        for (int k = 0; k < dims.length; k++) {
            if (dims[k] == 1) {
                continue; // its only index is 0: it moves nothing
            }
            if (n > 0 && s[n - 1] == strides[k] * dims[k]) { // contiguous across both: one longer axis
                d[n - 1] *= dims[k];
                s[n - 1] = strides[k];
            } else {
                d[n] = dims[k];
                s[n] = strides[k];
                n++;
            }
        }
        if (n == 0) {
            dst[dstStart] = src[start];
            return;
        }
        int last = n - 1;
        int[] dstStrides = new int[n];
        for (int k = last, size = 1; k >= 0; size *= d[k], k--) {
            dstStrides[k] = size;
        }
        int tile = -1; // an axis read contiguously, to block with the last one
        for (int k = 0; k < last && s[last] != 1; k++) {
            if (s[k] == 1) {
                tile = k;
            }
        }
        // An odometer over every axis but the last (and the tiled one): each position is one run or one tile.
        int count = last - (tile >= 0 ? 1 : 0);
        int[] outerSizes = new int[count], outerFrom = new int[count], outerTo = new int[count];
        for (int k = 0, o = 0; k < last; k++) {
            if (k != tile) {
                outerSizes[o] = d[k];
                outerFrom[o] = s[k];
                outerTo[o++] = dstStrides[k];
            }
        }
        Odometer walk = new Odometer(outerSizes, outerFrom, outerTo);
        int positions = 1;
        for (int size : outerSizes) {
            positions *= size;
        }
        for (int p = 0; p < positions; p++, walk.next()) {
            int from = start + walk.offsets[0], to = dstStart + walk.offsets[1];
            if (s[last] == 1) {
                System.arraycopy(src, from, dst, to, d[last]);
            } else if (tile >= 0) {
                blocks(src, from, s[last], dst, to, dstStrides[tile], d[tile], d[last]);
            } else {
                for (int j = 0, at = from; j < d[last]; j++, at += s[last]) {
                    dst[to + j] = src[at];
                }
            }
        }
    }

    /**
     * {@code dst[to + i·dstRow + j] = src[from + i + j·srcColumn]} for i &lt; rows, j &lt; columns, in square blocks:
     * each block's source rows (along i) and target rows (along j) stay in cache while it is copied.
     */
    private static void blocks(float[] src, int from, int srcColumn, float[] dst, int to, int dstRow, int rows,
                               int columns) {
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            for (int j0 = 0; j0 < columns; j0 += BLOCK) {
                int iEnd = Math.min(i0 + BLOCK, rows), jEnd = Math.min(j0 + BLOCK, columns);
                for (int i = i0; i < iEnd; i++) {
                    for (int j = j0, at = from + i + j0 * srcColumn; j < jEnd; j++, at += srcColumn) {
                        dst[to + i * dstRow + j] = src[at];
                    }
                }
            }
        }
    }
}
