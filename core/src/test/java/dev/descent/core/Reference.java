package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;

import java.util.Arrays;

/**
 * Naive reference implementations that share no code with the library: broadcasting by explicit multi-indices, in
 * the words of the NumPy documentation, and sums in double.
 */
final class Reference {
    private Reference() {
    }

    /** The NumPy broadcast of two dimension lists, or null if they do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int k = 0; k < r; k++) {
            int da = k - (r - a.length) >= 0 ? a[k - (r - a.length)] : 1;
            int db = k - (r - b.length) >= 0 ? b[k - (r - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[k] = Math.max(da, db) == 0 || Math.min(da, db) == 0 ? 0 : Math.max(da, db);
        }
        return out;
    }

    /** The multi-index of row-major position {@code flat} in {@code dims}. */
    static int[] unflatten(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int k = dims.length - 1; k >= 0; k--) {
            index[k] = flat % dims[k];
            flat /= dims[k];
        }
        return index;
    }

    /** The row-major position of the multi-index {@code index} in {@code dims}. */
    static int flatten(int[] index, int[] dims) {
        int flat = 0;
        for (int k = 0; k < dims.length; k++) {
            flat = flat * dims[k] + index[k];
        }
        return flat;
    }

    /** A tensor of dimensions {@code dims} whose element at each multi-index is {@code f(index)}. */
    static Tensor build(int[] dims, java.util.function.ToDoubleFunction<int[]> f) {
        Tensor t = Tensor.zeros(dims);
        for (int i = 0; i < t.size(); i++) {
            t.setFlat(i, (float) f.applyAsDouble(unflatten(i, dims)));
        }
        return t;
    }

    /** The row-major position in {@code dims} that the output index {@code outIndex} reads under broadcasting. */
    static int sourcePosition(int[] outIndex, int[] dims) {
        int shift = outIndex.length - dims.length;
        int flat = 0;
        for (int k = 0; k < dims.length; k++) {
            int i = dims[k] == 1 ? 0 : outIndex[k + shift];
            flat = flat * dims[k] + i;
        }
        return flat;
    }

    /** {@code op(a, b)} with broadcasting, one output element at a time. */
    static Tensor zip(BinaryOp op, Tensor a, Tensor b) {
        int[] out = broadcast(a.dims(), b.dims());
        Tensor result = Tensor.zeros(out);
        for (int i = 0; i < result.size(); i++) {
            int[] index = unflatten(i, out);
            result.setFlat(i, op.apply(a.getFlat(sourcePosition(index, a.dims())),
                    b.getFlat(sourcePosition(index, b.dims()))));
        }
        return result;
    }

    /** {@code x} broadcast to {@code dims}. */
    static Tensor broadcastTo(Tensor x, int[] dims) {
        Tensor result = Tensor.zeros(dims);
        for (int i = 0; i < result.size(); i++) {
            result.setFlat(i, x.getFlat(sourcePosition(unflatten(i, dims), x.dims())));
        }
        return result;
    }

    /** The sums, in double, of the elements of {@code y} that broadcasting from {@code dims} maps to each element. */
    static double[] sumTo(Tensor y, int[] dims) {
        double[] out = new double[Shape.of(dims).size()];
        for (int i = 0; i < y.size(); i++) {
            out[sourcePosition(unflatten(i, y.dims()), dims)] += y.getFlat(i);
        }
        return out;
    }

    /** The slices of {@code x} along {@code axis}: {@code slices[o·inner + i][j] = x[o, j, i]}. */
    static double[][] slices(Tensor x, int axis) {
        int[] d = x.dims();
        int outer = 1, inner = 1;
        for (int k = 0; k < axis; k++) {
            outer *= d[k];
        }
        for (int k = axis + 1; k < d.length; k++) {
            inner *= d[k];
        }
        int n = d[axis];
        double[][] slices = new double[outer * inner][n];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < inner; i++) {
                    slices[o * inner + i][j] = x.getFlat((o * n + j) * inner + i);
                }
            }
        }
        return slices;
    }

    /** {@code dims} with {@code axis} kept as 1 or removed. */
    static int[] reduced(int[] dims, int axis, boolean keepDims) {
        if (keepDims) {
            int[] d = dims.clone();
            d[axis] = 1;
            return d;
        }
        int[] d = new int[dims.length - 1];
        for (int k = 0, j = 0; k < dims.length; k++) {
            if (k != axis) {
                d[j++] = dims[k];
            }
        }
        return d;
    }

    static double sum(double[] v) {
        return Arrays.stream(v).sum();
    }

    static double sumAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).sum();
    }
}
