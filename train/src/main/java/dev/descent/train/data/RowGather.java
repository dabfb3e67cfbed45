package dev.descent.train.data;

import dev.descent.core.Parallel;
import dev.descent.core.Tensor;

/**
 * The rows of a shuffled batch copied out of its dataset — {@link Tensor#gatherRows}, with the copying of a large
 * batch shared over {@link Parallel}'s threads. A random row of a dataset far larger than the caches comes from main
 * memory, so the copy waits on memory, not arithmetic: two threads keep twice as many rows in flight. Each row is
 * one copy, so the result is the same whichever thread made it.
 */
final class RowGather {
    /** Floats a piece of the batch should hold, at least, to be worth handing to another thread. */
    static final int PIECE_FLOATS = 1 << 14;

    private RowGather() {
    }

    /**
     * {@code out[r] = x[indices[r]]} for a tensor of rank ≥ 1.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, x.dim(0))}, before copying anything
     */
    static Tensor rows(Tensor x, int[] indices) {
        int rows = x.dim(0);
        for (int r = 0; r < indices.length; r++) {
            if (indices[r] < 0 || indices[r] >= rows) {
                throw new IndexOutOfBoundsException("gather: index " + indices[r] + " at position " + r
                        + " is out of range for shape " + x.shape());
            }
        }
        int rowSize = x.shape().innerSize(0);
        Tensor out = Tensor.zeros(x.shape().withDim(0, indices.length));
        float[] src = x.array(), dst = out.array();
        int xo = x.offset();
        Parallel.forRange(indices.length, Math.max(1, PIECE_FLOATS / Math.max(1, rowSize)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, xo + indices[r] * rowSize, dst, r * rowSize, rowSize);
            }
        });
        return out;
    }
}
