package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.UnaryOp;
import dev.descent.core.kernel.VectorizationProvider;

import java.util.Arrays;

/**
 * Reductions along one axis. A tensor reduced along {@code axis} is viewed as {@code [outer, n, inner]}. When
 * {@code inner = 1} (the last axis, as for softmax over classes) each output element comes from one contiguous run of
 * n elements: one kernel call. Otherwise the n slices are rows of {@code inner} contiguous elements, and they are
 * combined row by row with element-wise kernels (as for the batch axis of batch normalization), so memory is always
 * read in order and every loop is vectorised.
 */
final class Reductions {
    private static final Kernels K = VectorizationProvider.kernels();

    private Reductions() {
    }

    /** Σ along the axis (op = ADD) or the max / min (op = MAX / MIN; the axis must not be empty). */
    static Tensor fold(Tensor x, int axis, boolean keepDims, BinaryOp op) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s.reduce(axis, keepDims));
        float[] src = x.array(), dst = out.array();
        if (n == 0) {
            return out; // an empty sum; max and min were refused by the caller
        }
        for (int o = 0; o < outer; o++) {
            int in = x.offset() + o * n * inner;
            if (inner == 1) {
                dst[o] = switch (op) {
                    case ADD -> K.sum(src, in, n);
                    case MAX -> K.max(src, in, n);
                    case MIN -> K.min(src, in, n);
                    default -> throw new IllegalArgumentException("fold: unsupported " + op);
                };
            } else {
                int at = o * inner;
                System.arraycopy(src, in, dst, at, inner);
                for (int j = 1; j < n; j++) {
                    K.binary(op, dst, at, src, in + j * inner, dst, at, inner);
                }
            }
        }
        return out;
    }

    /**
     * Index of the largest ({@code largest}) or smallest element along the (non-empty) axis: the first one on ties,
     * the first NaN if the slice holds one (a NaN is both the largest and the smallest, as in
     * {@code torch.argmax}/{@code torch.argmin}, so both agree with {@code max}/{@code min}, which return it).
     */
    static int[] argExtreme(Tensor x, int axis, boolean largest) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        int[] out = new int[outer * inner];
        float[] src = x.array();
        float[] best = new float[inner];
        for (int o = 0; o < outer; o++) {
            int in = x.offset() + o * n * inner;
            if (inner == 1) {
                // the extreme is NaN if there is one, so the scan below finds the first NaN
                float m = largest ? K.max(src, in, n) : K.min(src, in, n);
                int j = 0;
                while (!(src[in + j] == m || (m != m && src[in + j] != src[in + j]))) {
                    j++;
                }
                out[o] = j;
                continue;
            }
            System.arraycopy(src, in, best, 0, inner);
            for (int j = 1; j < n; j++) {
                int row = in + j * inner;
                for (int c = 0; c < inner; c++) {
                    float v = src[row + c];
                    if ((largest ? v > best[c] : v < best[c]) || (v != v && best[c] == best[c])) {
                        best[c] = v;
                        out[o * inner + c] = j;
                    }
                }
            }
        }
        return out;
    }

    /** One slice of n elements, {@code src[first + j·stride]} for j &lt; n, reduced to one value (in double). */
    interface SliceReduction {
        double apply(float[] src, int first, int stride, int n);
    }

    /**
     * A reduction along the axis taken slice by slice with a double accumulator: the readable form for the
     * reductions whose float accumulation would overflow or lose digits where the result does not (a product, a
     * norm's sum of squares), and whose speed matters less than a sum's.
     */
    static Tensor perSlice(Tensor x, int axis, boolean keepDims, SliceReduction r) {
        Shape s = x.shape();
        int n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s.reduce(axis, keepDims));
        float[] src = x.array(), dst = out.array();
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (float) r.apply(src, sliceStart(x, i, n, inner), inner, n);
        }
        return out;
    }

    /** Where output element {@code i}'s slice starts in {@code x}'s array, for an axis of n and inner size inner. */
    private static int sliceStart(Tensor x, int i, int n, int inner) {
        return x.offset() + (i / inner) * n * inner + i % inner;
    }

    /** {@code Πⱼ xⱼ}, 1 for an empty slice. */
    static double product(float[] src, int first, int stride, int n) {
        double p = 1;
        for (int j = 0; j < n; j++) {
            p *= src[first + j * stride];
        }
        return p;
    }

    /** {@code Σⱼ |xⱼ|}. */
    static double norm1(float[] src, int first, int stride, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.abs(src[first + j * stride]);
        }
        return sum;
    }

    /** {@code √(Σⱼ xⱼ²)}, the squares summed in double so that neither 3e38² overflows nor 1e-30² underflows. */
    static double norm2(float[] src, int first, int stride, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double v = src[first + j * stride];
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    /** {@code maxⱼ |xⱼ|}, NaN if the slice holds one (the slice must not be empty). */
    static double normInf(float[] src, int first, int stride, int n) {
        float m = 0;
        for (int j = 0; j < n; j++) {
            float v = Math.abs(src[first + j * stride]);
            if (v > m || v != v) {
                m = v;
                if (v != v) {
                    break;
                }
            }
        }
        return m;
    }

    /** 1 if some element is non-zero (NaN counts as true, as {@code torch.any}), else 0. */
    static double any(float[] src, int first, int stride, int n) {
        for (int j = 0; j < n; j++) {
            if (src[first + j * stride] != 0f) {
                return 1;
            }
        }
        return 0;
    }

    /** 1 if every element is non-zero (NaN counts as true, as {@code torch.all}), else 0; 1 for an empty slice. */
    static double all(float[] src, int first, int stride, int n) {
        for (int j = 0; j < n; j++) {
            if (src[first + j * stride] == 0f) {
                return 0;
            }
        }
        return 1;
    }

    /**
     * Variance along the axis in two passes: the mean {@code x̄}, then {@code Σ (x − x̄)² / (n − correction)}, with
     * correction 0 (biased, the population variance) or 1 (unbiased, Bessel's correction).
     *
     * <p>Finite inputs near the end of the float range can overflow the float sum behind the mean ({@code 3e38 +
     * 3e38}) or a squared deviation (beyond about 1.8e19), giving ∞ or NaN where the variance itself is finite (0
     * for {@code [3e38, 3e38]}). The slices where that happens are taken again in double, whose range holds every
     * such sum and square, so the variance is finite wherever it is representable, as {@code torch.var}'s is. A slice
     * holding ±∞ or NaN stays NaN.
     */
    static Tensor variance(Tensor x, int axis, boolean keepDims, int correction) {
        return moment(x, axis, keepDims, correction, false);
    }

    /**
     * The standard deviation, {@code √variance}: as {@link #variance}, and a slice whose float variance is below
     * the normal range (2⁻¹²⁶, a spread of subnormals, whose square underflows) is taken again in double too, with
     * the root taken before rounding, so {@code std} is right wherever it is representable although its square is not.
     */
    static Tensor std(Tensor x, int axis, boolean keepDims, int correction) {
        return moment(x, axis, keepDims, correction, true);
    }

    private static Tensor moment(Tensor x, int axis, boolean keepDims, int correction, boolean root) {
        Tensor out = twoPassVariance(x, axis, keepDims, correction);
        Shape s = x.shape();
        int n = s.dim(axis), inner = s.innerSize(axis);
        float[] v = out.array(), src = x.array();
        for (int i = 0; i < v.length; i++) {
            boolean redo = Float.isInfinite(v[i]) || v[i] != v[i] || root && v[i] < Float.MIN_NORMAL;
            if (redo && n > correction) {
                double variance = varianceInDouble(src, sliceStart(x, i, n, inner), inner, n, correction);
                v[i] = (float) (root ? Math.sqrt(variance) : variance);
            } else if (root) {
                v[i] = (float) Math.sqrt(v[i]);
            }
        }
        return out;
    }

    /** The two-pass variance of one slice in double, whose range holds every sum and square of floats. */
    private static double varianceInDouble(float[] src, int first, int stride, int n, int correction) {
        double mean = 0, squares = 0;
        for (int j = 0; j < n; j++) {
            mean += src[first + j * stride];
        }
        mean /= n;
        for (int j = 0; j < n; j++) {
            double d = src[first + j * stride] - mean;
            squares += d * d;
        }
        return squares / (n - correction);
    }

    private static Tensor twoPassVariance(Tensor x, int axis, boolean keepDims, int correction) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s.reduce(axis, keepDims));
        float[] src = x.array(), dst = out.array();
        int denominator = n - correction;
        if (denominator <= 0) {
            return out.fill(Float.NaN);
        }
        float[] mean = fold(x, axis, true, BinaryOp.ADD).divi(n).array();
        for (int o = 0; o < outer; o++) {
            int in = x.offset() + o * n * inner;
            if (inner == 1) {
                dst[o] = K.sumSquaredDeviations(src, in, mean[o], n);
            } else {
                for (int j = 0; j < n; j++) {
                    K.addSquaredDeviations(src, in + j * inner, mean, o * inner, dst, o * inner, inner);
                }
            }
        }
        return out.divi(denominator);
    }

    /**
     * Softmax, log-softmax or log-sum-exp along the axis, stably: with {@code m = max x},
     * {@code softmax = e^(x−m) / Σe^(x−m)}, {@code logSoftmax = (x − m) − log Σe^(x−m)},
     * {@code logSumExp = m' + log Σe^(x−m')} where {@code m' = m} if finite, else 0 (so that a slice of −∞ gives −∞
     * and one holding +∞ gives +∞ rather than NaN from ∞ − ∞; PyTorch does the same).
     */
    static Tensor softmaxFamily(Tensor x, int axis, boolean keepDims, Kind kind) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(kind == Kind.LOG_SUM_EXP ? s.reduce(axis, keepDims) : s);
        if (n == 0) {
            return kind == Kind.LOG_SUM_EXP ? out.fill(Float.NEGATIVE_INFINITY) : out;
        }
        if (inner == 1) {
            lastAxis(x, outer, n, kind, out.array());
        } else {
            outerAxis(x, outer, n, inner, kind, out.array());
        }
        return out;
    }

    /** Each of the {@code outer} slices is a contiguous row of n elements. */
    private static void lastAxis(Tensor x, int outer, int n, Kind kind, float[] dst) {
        float[] src = x.array();
        float[] exps = kind == Kind.SOFTMAX ? null : new float[n];
        for (int o = 0; o < outer; o++) {
            int in = x.offset() + o * n, at = o * n;
            float m = K.max(src, in, n);
            switch (kind) {
                case SOFTMAX -> {
                    float sum = K.expShifted(src, in, m, dst, at, n);
                    K.binaryScalar(BinaryOp.DIV, dst, at, sum, dst, at, n);
                }
                case LOG_SOFTMAX -> {
                    float logSum = (float) Math.log(K.expShifted(src, in, m, exps, 0, n));
                    K.binaryScalar(BinaryOp.SUB, src, in, m, dst, at, n);
                    K.binaryScalar(BinaryOp.SUB, dst, at, logSum, dst, at, n);
                }
                case LOG_SUM_EXP -> {
                    float shift = Float.isInfinite(m) ? 0f : m;
                    dst[o] = shift + (float) Math.log(K.expShifted(src, in, shift, exps, 0, n));
                }
            }
        }
    }

    /**
     * The n slices are rows of {@code inner} contiguous elements, each column its own softmax: the same steps as
     * {@link #lastAxis}, taken a whole row at a time with element-wise kernels.
     */
    private static void outerAxis(Tensor x, int outer, int n, int inner, Kind kind, float[] dst) {
        float[] src = x.array();
        float[] m = new float[inner], sum = new float[inner], row = new float[inner];
        for (int o = 0; o < outer; o++) {
            int in = x.offset() + o * n * inner;
            int at = o * n * inner;
            System.arraycopy(src, in, m, 0, inner);
            for (int j = 1; j < n; j++) {
                K.binary(BinaryOp.MAX, m, 0, src, in + j * inner, m, 0, inner);
            }
            if (kind == Kind.LOG_SUM_EXP) {
                for (int c = 0; c < inner; c++) {
                    m[c] = Float.isInfinite(m[c]) ? 0f : m[c];
                }
            }
            Arrays.fill(sum, 0f);
            for (int j = 0; j < n; j++) {
                // e^(x − m) into the output row (softmax keeps it) or into scratch
                float[] e = kind == Kind.SOFTMAX ? dst : row;
                int eAt = kind == Kind.SOFTMAX ? at + j * inner : 0;
                K.binary(BinaryOp.SUB, src, in + j * inner, m, 0, e, eAt, inner);
                K.unary(UnaryOp.EXP, e, eAt, e, eAt, inner);
                K.binary(BinaryOp.ADD, sum, 0, e, eAt, sum, 0, inner);
            }
            switch (kind) {
                case SOFTMAX -> {
                    for (int j = 0; j < n; j++) {
                        K.binary(BinaryOp.DIV, dst, at + j * inner, sum, 0, dst, at + j * inner, inner);
                    }
                }
                case LOG_SOFTMAX -> {
                    K.unary(UnaryOp.LOG, sum, 0, sum, 0, inner);
                    for (int j = 0; j < n; j++) {
                        int d = at + j * inner;
                        K.binary(BinaryOp.SUB, src, in + j * inner, m, 0, dst, d, inner);
                        K.binary(BinaryOp.SUB, dst, d, sum, 0, dst, d, inner);
                    }
                }
                case LOG_SUM_EXP -> {
                    K.unary(UnaryOp.LOG, sum, 0, sum, 0, inner);
                    K.binary(BinaryOp.ADD, m, 0, sum, 0, dst, o * inner, inner);
                }
            }
        }
    }

    enum Kind { SOFTMAX, LOG_SOFTMAX, LOG_SUM_EXP }
}
