package dev.descent.core;

import java.util.Arrays;

/**
 * Operations that move elements without computing: their checks and index arithmetic. Views (unsqueeze, squeeze)
 * return the shape to view the same storage in; permutations, flips and slices compute the strides that
 * {@link StridedCopy} copies along; gathers, concatenation, stacking and splitting copy runs.
 */
final class Layout {
    /** Floats a piece of a gather should hold, at least, to be worth handing to another thread. */
    private static final int GATHER_PIECE_FLOATS = 1 << 14;

    private Layout() {
    }

    // ---------------------------------------------------------------- axes

    /**
     * {@code dim} as an axis of shape {@code s}, wrapped as PyTorch wraps it: negative counts from the end, and a
     * scalar accepts 0 and −1, as if it were a one-element vector.
     */
    static int axisOrScalar(String op, Shape s, int dim) {
        return s.rank() == 0 && (dim == 0 || dim == -1) ? 0 : s.axis(op, dim);
    }

    /** {@code dim} as an axis of a result one rank larger than {@code s} (a new axis): −(r + 1) … r for rank r. */
    static int newAxis(String op, Shape s, int dim) {
        int r = s.rank() + 1;
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": axis " + dim + " is out of range for shape " + s
                    + " (the result has rank " + r + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** {@code dims} as axes of {@code s}, each in range and none twice. */
    static int[] distinctAxes(String op, Shape s, int[] dims) {
        int[] axes = new int[dims.length];
        boolean[] seen = new boolean[Math.max(1, s.rank())];
        for (int k = 0; k < dims.length; k++) {
            axes[k] = axisOrScalar(op, s, dims[k]);
            if (seen[axes[k]]) {
                throw new IllegalArgumentException(op + ": " + s + " with dims " + Arrays.toString(dims) + ": dim "
                        + axes[k] + " repeated");
            }
            seen[axes[k]] = true;
        }
        return axes;
    }

    /** {@code s} with a new axis of size 1 inserted at {@code dim}. */
    static Shape unsqueezed(String op, Shape s, int dim) {
        int axis = newAxis(op, s, dim);
        int[] d = s.dims(), out = new int[d.length + 1];
        for (int k = 0, j = 0; k < out.length; k++) {
            out[k] = k == axis ? 1 : d[j++];
        }
        return Shape.of(out);
    }

    /** {@code s} without its axes of size 1. */
    static Shape squeezed(Shape s) {
        return Shape.of(Arrays.stream(s.dims()).filter(d -> d != 1).toArray());
    }

    /** {@code s} without axis {@code dim} if that axis has size 1, else {@code s}. */
    static Shape squeezed(Shape s, int dim) {
        int axis = axisOrScalar("squeeze", s, dim);
        return s.rank() > 0 && s.dim(axis) == 1 ? s.reduce(axis, false) : s;
    }

    // ---------------------------------------------------------------- reordering

    static Tensor permute(Tensor x, int[] dims) {
        Shape s = x.shape();
        if (dims.length != s.rank()) {
            throw new IllegalArgumentException("permute: " + s + " with dims " + Arrays.toString(dims) + ": expected "
                    + s.rank() + " dims, one per axis");
        }
        int[] axes = distinctAxes("permute", s, dims);
        int[] rowMajor = s.strides(), outDims = new int[axes.length], strides = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            outDims[k] = s.dim(axes[k]);
            strides[k] = rowMajor[axes[k]];
        }
        return StridedCopy.copy(x, 0, outDims, strides);
    }

    /** The permutation that swaps axes {@code dim0} and {@code dim1} and keeps the others in place. */
    static int[] swap(Shape s, int dim0, int dim1) {
        int a = axisOrScalar("transpose", s, dim0), b = axisOrScalar("transpose", s, dim1);
        int[] perm = identity(s.rank());
        if (s.rank() > 0) {
            perm[a] = b;
            perm[b] = a;
        }
        return perm;
    }

    /**
     * The permutation that moves axis {@code source} to position {@code destination}, the others keeping their order.
     */
    static int[] move(Shape s, int source, int destination) {
        int from = axisOrScalar("movedim", s, source), to = axisOrScalar("movedim", s, destination);
        int[] perm = new int[s.rank()];
        for (int k = 0, rest = 0; k < perm.length; k++) {
            if (k == to) {
                perm[k] = from;
            } else {
                rest += rest == from ? 1 : 0;
                perm[k] = rest++;
            }
        }
        return perm;
    }

    /** The permutation that undoes {@code perm}: {@code inverse[perm[k]] = k} (perm given as axes, none negative). */
    static int[] inverse(int[] perm) {
        int[] inverse = new int[perm.length];
        for (int k = 0; k < perm.length; k++) {
            inverse[perm[k]] = k;
        }
        return inverse;
    }

    private static int[] identity(int n) {
        int[] perm = new int[n];
        for (int k = 0; k < n; k++) {
            perm[k] = k;
        }
        return perm;
    }

    static Tensor flip(Tensor x, int[] dims) {
        Shape s = x.shape();
        int[] axes = distinctAxes("flip", s, dims);
        int[] strides = s.strides();
        int start = 0;
        for (int axis : axes) {
            if (s.rank() > 0) { // a scalar has nothing to reverse
                start += (s.dim(axis) - 1) * strides[axis];
                strides[axis] = -strides[axis];
            }
        }
        return StridedCopy.copy(x, start, s.dims(), strides);
    }

    // ---------------------------------------------------------------- slices

    static Tensor narrow(Tensor x, int dim, int start, int length) {
        Shape s = x.shape();
        int axis = s.axis("narrow", dim), n = s.dim(axis);
        if (length < 0) {
            throw new IllegalArgumentException("narrow: length " + length + " is negative");
        }
        if (start < -n || start > n) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " is out of range for axis " + axis
                    + " of shape " + s);
        }
        int from = start < 0 ? start + n : start;
        if (from > n - length) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " + length " + length + " exceeds axis "
                    + axis + " of shape " + s + " (size " + n + ")");
        }
        return slice(x, axis, from, length);
    }

    /** Elements {@code from … from + length − 1} along {@code axis} (all in range), copied. */
    private static Tensor slice(Tensor x, int axis, int from, int length) {
        Shape s = x.shape();
        int[] strides = s.strides();
        return StridedCopy.copy(x, from * strides[axis], s.withDim(axis, length).dims(), strides);
    }

    static Tensor[] split(Tensor x, int size, int dim) {
        Shape s = x.shape();
        int axis = s.axis("split", dim), n = s.dim(axis);
        if (size < 0 || size == 0 && n > 0) {
            throw new IllegalArgumentException("split: split size " + size + " must be positive (0 only for an empty"
                    + " axis), but axis " + axis + " of shape " + s + " has size " + n);
        }
        int pieces = size == 0 ? 1 : Math.max(1, (n + size - 1) / size);
        int[] sizes = new int[pieces];
        Arrays.fill(sizes, size);
        sizes[pieces - 1] = n - size * (pieces - 1);
        return pieces(x, axis, sizes);
    }

    static Tensor[] split(Tensor x, int[] sizes, int dim) {
        Shape s = x.shape();
        int axis = s.axis("split", dim);
        long total = 0;
        for (int size : sizes) {
            if (size < 0) {
                throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " include a negative"
                        + " size");
            }
            total += size;
        }
        if (total != s.dim(axis)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + ", but axis " + axis + " of shape " + s + " has size " + s.dim(axis));
        }
        return pieces(x, axis, sizes);
    }

    static Tensor[] chunk(Tensor x, int chunks, int dim) {
        Shape s = x.shape();
        int axis = s.axis("chunk", dim), n = s.dim(axis);
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: the number of chunks must be positive, got " + chunks);
        }
        if (n == 0) { // PyTorch gives `chunks` empty pieces here, where split would give one
            return pieces(x, axis, new int[chunks]);
        }
        return split(x, (n + chunks - 1) / chunks, axis);
    }

    private static Tensor[] pieces(Tensor x, int axis, int[] sizes) {
        Tensor[] out = new Tensor[sizes.length];
        for (int k = 0, from = 0; k < sizes.length; from += sizes[k], k++) {
            out[k] = slice(x, axis, from, sizes[k]);
        }
        return out;
    }

    /**
     * The elements of x's last two axes on one side of diagonal k, the others 0: {@code lower} keeps
     * {@code j − i ≤ k} (tril), otherwise {@code j − i ≥ k} (triu).
     */
    static Tensor triangle(String op, Tensor x, int k, boolean lower) {
        Shape s = x.shape();
        if (s.rank() < 2) {
            throw new IllegalArgumentException(op + ": expected a tensor of rank ≥ 2, got shape " + s);
        }
        int rows = s.dim(-2), cols = s.dim(-1), matrices = s.outerSize(s.rank() - 2);
        Tensor out = Tensor.zeros(s);
        float[] src = x.array(), dst = out.array();
        for (int m = 0; m < matrices; m++) {
            for (int i = 0; i < rows; i++) {
                int row = (m * rows + i) * cols;
                // long: i + k may leave the int range for a diagonal far off the matrix
                int from = lower ? 0 : (int) Math.min(cols, Math.max(0, (long) i + k));
                int to = lower ? (int) Math.min(cols, Math.max(0, (long) i + k + 1)) : cols;
                System.arraycopy(src, x.offset() + row + from, dst, row + from, to - from);
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

    static Tensor stack(int dim, Tensor[] tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        Shape s = tensors[0].shape();
        Shape one = unsqueezed("stack", s, dim);
        Tensor[] views = new Tensor[tensors.length];
        for (int k = 0; k < tensors.length; k++) {
            if (!tensors[k].shape().equals(s)) {
                throw new IllegalArgumentException("stack: tensor " + k + " has shape " + tensors[k].shape()
                        + " but tensor 0 has " + s);
            }
            views[k] = tensors[k].reshape(one);
        }
        return concat(newAxis("stack", s, dim), views);
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
