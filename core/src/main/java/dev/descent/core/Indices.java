package dev.descent.core;

import java.util.Arrays;

/**
 * An immutable n-dimensional array of int indices in row-major order: what PyTorch holds in an int64 tensor when it
 * returns or takes positions — the indices of {@link Tensor#sort}, {@link Tensor#topk} and {@link Tensor#argsort},
 * and the index argument of {@link Tensor#gather}, {@link Tensor#scatterAdd} and {@link Tensor#oneHot}.
 *
 * <p>{@code Indices.of(new int[] {2, 0, 1, 1}, 2, 2)} is {@code [[2, 0], [1, 1]]}. The values are copied in and out,
 * so nothing a caller does to its arrays changes an {@code Indices}.
 */
public final class Indices {
    private final int[] values;
    private final Shape shape;

    private Indices(int[] values, Shape shape) {
        this.values = values;
        this.shape = shape;
    }

    /**
     * The indices {@code values} (copied), row-major, in the given shape; with no dimensions given, a 1-D array of
     * all of them.
     *
     * @throws IllegalArgumentException if the number of values is not the shape's size
     */
    public static Indices of(int[] values, int... dims) {
        return of(values, dims.length == 0 ? Shape.of(values.length) : Shape.of(dims));
    }

    /** The indices {@code values} (copied), row-major, in the given shape. */
    public static Indices of(int[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("Indices.of: " + values.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        return new Indices(values.clone(), shape);
    }

    /**
     * The elements of a tensor that holds whole numbers (class labels read from a file, say), as indices of the same
     * shape.
     *
     * @throws IllegalArgumentException naming the first element that is not an integer in the int range
     */
    public static Indices of(Tensor t) {
        int[] v = new int[t.size()];
        for (int i = 0; i < v.length; i++) {
            float f = t.getFlat(i);
            if (f != Math.rint(f) || f >= 0x1p31f || f < -0x1p31f) {
                throw new IllegalArgumentException("Indices.of: element " + i + " of a tensor of shape " + t.shape()
                        + " is " + f + ", not an integer");
            }
            v[i] = (int) f;
        }
        return new Indices(v, t.shape());
    }

    /** Wraps an array the caller hands over and will not touch again (core's own results). */
    static Indices adopt(int[] values, Shape shape) {
        return new Indices(values, shape);
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of axes. */
    public int rank() {
        return shape.rank();
    }

    /** The size of {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The number of indices. */
    public int size() {
        return values.length;
    }

    /** The index at a full position, one coordinate per axis. */
    public int get(int... position) {
        if (position.length != shape.rank()) {
            throw new IllegalArgumentException("get: position " + Arrays.toString(position) + " has "
                    + position.length + " coordinates but shape " + shape + " has rank " + shape.rank());
        }
        int flat = 0;
        for (int k = 0; k < position.length; k++) {
            if (position[k] < 0 || position[k] >= shape.dim(k)) {
                throw new IndexOutOfBoundsException("get: position " + Arrays.toString(position)
                        + " is out of range for shape " + shape);
            }
            flat = flat * shape.dim(k) + position[k];
        }
        return values[flat];
    }

    /** The i-th index in row-major order. */
    public int getFlat(int i) {
        if (i < 0 || i >= values.length) {
            throw new IndexOutOfBoundsException("getFlat: flat index " + i + " is out of range for shape " + shape
                    + " (" + values.length + " elements)");
        }
        return values[i];
    }

    /** A copy of the indices in row-major order. */
    public int[] toArray() {
        return values.clone();
    }

    /** The indices as a float tensor of the same shape (exact up to 2²⁴). */
    public Tensor toTensor() {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.array();
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return t;
    }

    /** The same indices in another shape of the same size. */
    public Indices reshape(int... dims) {
        return of(values, Shape.of(dims));
    }

    /** The backing array, for core's loops: never written, never handed out. */
    int[] values() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Indices other && shape.equals(other.shape) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(values);
    }

    /** The shape and, for up to 100 indices, the values: {@code Indices[2, 2]([2, 0, 1, 1])}. */
    @Override
    public String toString() {
        String v = values.length <= 100 ? Arrays.toString(values)
                : Arrays.toString(Arrays.copyOf(values, 100)).replace("]", ", …]");
        return "Indices" + shape + "(" + v + ")";
    }
}
