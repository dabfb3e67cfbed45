package dev.descent.core;

import java.util.Arrays;

/**
 * The dimensions of a tensor: an immutable list of non-negative sizes, outermost first.
 *
 * <p>A tensor of shape {@code [d0, d1, …, d(r-1)]} stores its {@code d0·d1·…·d(r-1)} elements row-major, so the
 * element at index {@code (i0, …, i(r-1))} sits at offset {@code Σ ik·stride(k)} with
 * {@code stride(k) = d(k+1)·…·d(r-1)}. A shape of rank 0 ({@code []}) holds one element: a scalar.
 *
 * <p>Axes may be given from the end, as in NumPy: axis {@code -1} is the last one.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31 elements");
            }
        }
        this.size = (int) n;
    }

    /** The shape with these dimensions; each must be ≥ 0. */
    public static Shape of(int... dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative dimension");
            }
        }
        return new Shape(dims.clone());
    }

    /** The rank-0 shape {@code []} of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** The number of axes. */
    public int rank() {
        return dims.length;
    }

    /** The number of elements, the product of the dimensions (1 for a scalar). */
    public int size() {
        return size;
    }

    /** The size of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis("dim", axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Row-major strides in elements: {@code stride(k) = d(k+1)·…·d(r-1)}. */
    public int[] strides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int k = dims.length - 1; k >= 0; k--) {
            strides[k] = s;
            s *= dims[k];
        }
        return strides;
    }

    /**
     * Normalizes {@code axis} (negative counts from the end) to {@code 0..rank-1}.
     *
     * @param op the operation to name in the error
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int axis(String op, int axis) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + this
                    + " (rank " + r + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** The product of the dimensions before {@code axis}. */
    public int outerSize(int axis) {
        int n = 1;
        for (int k = 0; k < axis; k++) {
            n *= dims[k];
        }
        return n;
    }

    /** The product of the dimensions after {@code axis}. */
    public int innerSize(int axis) {
        int n = 1;
        for (int k = axis + 1; k < dims.length; k++) {
            n *= dims[k];
        }
        return n;
    }

    /** This shape with {@code axis} reduced: kept with size 1, or removed. */
    public Shape reduce(int axis, boolean keepDims) {
        if (keepDims) {
            int[] d = dims.clone();
            d[axis] = 1;
            return new Shape(d);
        }
        int[] d = new int[dims.length - 1];
        for (int k = 0, j = 0; k < dims.length; k++) {
            if (k != axis) {
                d[j++] = dims[k];
            }
        }
        return d.length == 0 ? SCALAR : new Shape(d);
    }

    /** This shape with dimension {@code axis} replaced by {@code size}. */
    public Shape withDim(int axis, int size) {
        int[] d = dims.clone();
        d[axis] = size;
        return Shape.of(d);
    }

    /**
     * The NumPy broadcast of two shapes: align them at the last axis; each pair of dimensions must be equal or one of
     * them 1, and the result takes the larger; a missing leading axis counts as 1.
     *
     * @param op the operation to name in the error
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int k = 0; k < r; k++) {
            int da = dimFromEnd(a, r - 1 - k);
            int db = dimFromEnd(b, r - 1 - k);
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast (dimension " + da + " vs " + db + " at axis " + (k - r) + ")");
            }
            out[k] = da == 1 ? db : da;
        }
        return Shape.of(out);
    }

    /** Whether this shape broadcasts to {@code target} without changing {@code target}. */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        for (int k = 0; k < rank(); k++) {
            int d = dimFromEnd(this, k);
            if (d != 1 && d != dimFromEnd(target, k)) {
                return false;
            }
        }
        return true;
    }

    private static int dimFromEnd(Shape s, int fromEnd) {
        int k = s.dims.length - 1 - fromEnd;
        return k >= 0 ? s.dims[k] : 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** The dimensions as {@code [3, 4]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
