package dev.descent.core;

/** Operations that move elements without computing: transpose, gather, concatenation. */
final class Layout {
    /** Side of the square blocks a transpose copies, so that both source and target stay in cache. */
    private static final int BLOCK = 32;
    /** Floats a piece of a gather should hold, at least, to be worth handing to another thread. */
    private static final int GATHER_PIECE_FLOATS = 1 << 14;

    private Layout() {
    }

    static Tensor transpose(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("transpose: expected a 2-D tensor, got shape " + x.shape());
        }
        int rows = x.dim(0), cols = x.dim(1);
        Tensor out = Tensor.zeros(cols, rows);
        float[] src = x.array(), dst = out.array();
        int off = x.offset();
        for (int i0 = 0; i0 < rows; i0 += BLOCK) {
            for (int j0 = 0; j0 < cols; j0 += BLOCK) {
                int iEnd = Math.min(i0 + BLOCK, rows), jEnd = Math.min(j0 + BLOCK, cols);
                for (int i = i0; i < iEnd; i++) {
                    for (int j = j0; j < jEnd; j++) {
                        dst[j * rows + i] = src[off + i * cols + j];
                    }
                }
            }
        }
        return out;
    }

    static Tensor gatherRows(Tensor x, int[] indices) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException("gatherRows: expected a tensor of rank ≥ 1, got a scalar");
        }
        int rows = x.dim(0);
        for (int r = 0; r < indices.length; r++) {
            if (indices[r] < 0 || indices[r] >= rows) {
                throw new IndexOutOfBoundsException("gatherRows: index " + indices[r] + " at position " + r
                        + " is out of range for shape " + x.shape());
            }
        }
        int rowSize = x.shape().innerSize(0);
        Tensor out = Tensor.zeros(x.shape().withDim(0, indices.length));
        float[] src = x.array(), dst = out.array();
        int xo = x.offset();
        // Rows picked at random from a tensor far larger than the caches come from main memory: the copy waits on
        // memory, not arithmetic, and two threads keep twice as many rows in flight. Each row is one copy, so the
        // result does not depend on who made it.
        Parallel.forRange(indices.length, Math.max(1, GATHER_PIECE_FLOATS / Math.max(1, rowSize)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, xo + indices[r] * rowSize, dst, r * rowSize, rowSize);
            }
        });
        return out;
    }

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Shape first = parts[0].shape();
        int ax = first.axis("concat", axis);
        int total = 0;
        for (Tensor t : parts) {
            Shape s = t.shape();
            boolean compatible = s.rank() == first.rank();
            for (int k = 0; compatible && k < s.rank(); k++) {
                compatible = k == ax || s.dim(k) == first.dim(k);
            }
            if (!compatible) {
                throw new IllegalArgumentException("concat: shapes " + first + " and " + s
                        + " differ outside axis " + ax);
            }
            total += s.dim(ax);
        }
        Tensor out = Tensor.zeros(first.withDim(ax, total));
        int outer = first.outerSize(ax), inner = first.innerSize(ax);
        int outRow = total * inner;
        int at = 0;
        for (Tensor t : parts) {
            int chunk = t.dim(ax) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.array(), t.offset() + o * chunk, out.array(), o * outRow + at, chunk);
            }
            at += chunk;
        }
        return out;
    }
}
