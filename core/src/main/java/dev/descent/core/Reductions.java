package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;

/**
 * Reductions along one axis. A tensor reduced along {@code axis} is viewed as {@code [outer, n, inner]}: when
 * {@code inner = 1} each output element is a contiguous run (one kernel call); otherwise whole rows of {@code inner}
 * elements are combined element-wise, which is also contiguous.
 */
final class Reductions {
    private static final Kernels K = VectorizationProvider.kernels();

    private Reductions() {
    }

    /** Σ along the axis (op = ADD) or the max / min (op = MAX / MIN). */
    static Tensor fold(Tensor x, int axis, boolean keepDims, BinaryOp op) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s.reduce(axis, keepDims));
        float[] src = x.array(), dst = out.array();
        int base = x.offset();
        if (n == 0) {
            java.util.Arrays.fill(dst, identity(op));
            return out;
        }
        for (int o = 0; o < outer; o++) {
            int in = base + o * n * inner;
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

    private static float identity(BinaryOp op) {
        return switch (op) {
            case ADD -> 0f;
            case MAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
            default -> throw new IllegalArgumentException("fold: unsupported " + op);
        };
    }

    /** Index of the largest element along the axis, the first one on ties; NaN counts as largest. */
    static int[] argmax(Tensor x, int axis) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        if (n == 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " of shape " + s + " is empty");
        }
        int[] out = new int[outer * inner];
        float[] src = x.array();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int at = x.offset() + o * n * inner + i;
                int best = 0;
                float max = src[at];
                for (int j = 1; j < n && !Float.isNaN(max); j++) {
                    float v = src[at + j * inner];
                    if (v > max || Float.isNaN(v)) {
                        max = v;
                        best = j;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return out;
    }

    /**
     * Variance along the axis, two-pass in double: {@code Σ(x − x̄)² / (n − correction)}, with correction 0 (biased,
     * the population variance) or 1 (unbiased, Bessel's correction).
     */
    static Tensor variance(Tensor x, int axis, boolean keepDims, int correction) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s.reduce(axis, keepDims));
        float[] src = x.array(), dst = out.array();
        double denominator = n - correction;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int at = x.offset() + o * n * inner + i;
                double mean = 0;
                for (int j = 0; j < n; j++) {
                    mean += src[at + j * inner];
                }
                mean /= n;
                double ss = 0;
                for (int j = 0; j < n; j++) {
                    double d = src[at + j * inner] - mean;
                    ss += d * d;
                }
                dst[o * inner + i] = denominator > 0 ? (float) (ss / denominator) : Float.NaN;
            }
        }
        return out;
    }

    /**
     * Softmax, log-softmax or log-sum-exp along the axis, stably: with {@code m = max x},
     * {@code softmax = e^(x−m) / Σe^(x−m)}, {@code logSoftmax = x − m − log Σe^(x−m)},
     * {@code logSumExp = m + log Σe^(x−m)}.
     */
    static Tensor softmaxFamily(Tensor x, int axis, boolean keepDims, Kind kind) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(kind == Kind.LOG_SUM_EXP ? s.reduce(axis, keepDims) : s);
        float[] src = x.array(), dst = out.array();
        float[] line = new float[n];
        float[] exps = new float[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int at = x.offset() + o * n * inner + i;
                float[] row;
                int rowOff;
                if (inner == 1) {
                    row = src;
                    rowOff = at;
                } else {
                    for (int j = 0; j < n; j++) {
                        line[j] = src[at + j * inner];
                    }
                    row = line;
                    rowOff = 0;
                }
                float m = K.max(row, rowOff, n);
                float shift = Float.isInfinite(m) ? 0f : m; // all −∞ (or some +∞): no shift, no ∞ − ∞
                float sum = K.expShifted(row, rowOff, shift, exps, 0, n);
                int outAt = o * n * inner + i;
                switch (kind) {
                    case SOFTMAX -> {
                        for (int j = 0; j < n; j++) {
                            dst[outAt + j * inner] = exps[j] / sum;
                        }
                    }
                    case LOG_SOFTMAX -> {
                        float logSum = shift + (float) Math.log(sum);
                        for (int j = 0; j < n; j++) {
                            dst[outAt + j * inner] = row[rowOff + j] - logSum;
                        }
                    }
                    case LOG_SUM_EXP -> dst[o * inner + i] = shift + (float) Math.log(sum);
                }
            }
        }
        return out;
    }

    enum Kind { SOFTMAX, LOG_SOFTMAX, LOG_SUM_EXP }
}
