package dev.descent.core;

import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;

import java.util.Arrays;

/**
 * The loops behind broadcasting: element-wise operations, {@link Tensor#broadcastTo} and its adjoint
 * {@link Tensor#sumTo}. Each walks a {@link BroadcastPlan} in runs that are contiguous in the larger shape; within a
 * run the other operand is either contiguous too (a kernel over arrays) or one repeated element (a kernel with a
 * scalar), so {@code [N, D] + [D]} is N vectorised calls of length D.
 */
final class Broadcasting {
    private static final Kernels K = VectorizationProvider.kernels();

    private Broadcasting() {
    }

    /** {@code out = op(a, b)}, where both shapes broadcast to out's. */
    static void zip(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] ad = a.array(), bd = b.array(), od = out.array();
        if (a.shape().equals(b.shape())) {
            K.binary(op, ad, a.offset(), bd, b.offset(), od, out.offset(), out.size());
            return;
        }
        if (out.size() == 0) {
            return;
        }
        BroadcastPlan plan = BroadcastPlan.of(out.shape(), out.shape(), a.shape(), b.shape());
        int run = plan.runLength();
        int sa = plan.runStride(1), sb = plan.runStride(2);
        plan.forEachRun(at -> {
            int o = out.offset() + at[0], ia = a.offset() + at[1], ib = b.offset() + at[2];
            if (sa == 1 && sb == 1) {
                K.binary(op, ad, ia, bd, ib, od, o, run);
            } else if (sa == 1) {
                K.binaryScalar(op, ad, ia, bd[ib], od, o, run);
            } else if (sb == 1) {
                K.scalarBinary(op, ad[ia], bd, ib, od, o, run);
            } else {
                Arrays.fill(od, o, o + run, op.apply(ad[ia], bd[ib]));
            }
        });
    }

    /** {@code out = condition ≠ 0 ? a : b}, element by element, where all three shapes broadcast to out's. */
    static void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        if (out.size() == 0) {
            return;
        }
        float[] cd = condition.array(), ad = a.array(), bd = b.array(), od = out.array();
        BroadcastPlan plan = BroadcastPlan.of(out.shape(), out.shape(), condition.shape(), a.shape(), b.shape());
        int run = plan.runLength();
        int sc = plan.runStride(1), sa = plan.runStride(2), sb = plan.runStride(3);
        plan.forEachRun(at -> {
            int o = out.offset() + at[0], c = condition.offset() + at[1], ia = a.offset() + at[2];
            int ib = b.offset() + at[3];
            for (int t = 0; t < run; t++) {
                od[o + t] = cd[c + t * sc] != 0f ? ad[ia + t * sa] : bd[ib + t * sb];
            }
        });
    }

    /**
     * {@code t} itself, or a copy of it if it shares memory with {@code out} other than element for element — a
     * kernel reading a row of {@code t} while writing over it would otherwise read values it already changed.
     */
    static Tensor unaliased(Tensor t, Tensor out) {
        if (t.array() != out.array() || (t.offset() == out.offset() && t.shape().equals(out.shape()))) {
            return t;
        }
        boolean disjoint = t.offset() + t.size() <= out.offset() || out.offset() + out.size() <= t.offset();
        return disjoint ? t : t.copy();
    }

    /** {@code x} copied into a new tensor of shape {@code target}, which x's shape broadcasts to. */
    static Tensor broadcastTo(Tensor x, Shape target) {
        Tensor out = Tensor.zeros(target);
        if (out.size() == 0) {
            return out;
        }
        float[] src = x.array(), dst = out.array();
        BroadcastPlan plan = BroadcastPlan.of(target, target, x.shape());
        int run = plan.runLength();
        boolean contiguous = plan.runStride(1) == 1;
        plan.forEachRun(at -> {
            if (contiguous) {
                System.arraycopy(src, x.offset() + at[1], dst, at[0], run);
            } else {
                Arrays.fill(dst, at[0], at[0] + run, src[x.offset() + at[1]]);
            }
        });
        return out;
    }

    /** The sums of {@code y} over the axes along which {@code target} (which broadcasts to y's shape) was stretched. */
    static Tensor sumTo(Tensor y, Shape target) {
        Tensor out = Tensor.zeros(target);
        if (y.size() == 0) {
            return out;
        }
        float[] src = y.array(), dst = out.array();
        BroadcastPlan plan = BroadcastPlan.of(y.shape(), y.shape(), target);
        int run = plan.runLength();
        boolean contiguous = plan.runStride(1) == 1;
        plan.forEachRun(at -> {
            int from = y.offset() + at[0];
            if (contiguous) { // this run maps element by element onto a run of the target
                K.binary(BinaryOp.ADD, dst, at[1], src, from, dst, at[1], run);
            } else { // the whole run folds into one element of the target
                dst[at[1]] += K.sum(src, from, run);
            }
        });
        return out;
    }
}
