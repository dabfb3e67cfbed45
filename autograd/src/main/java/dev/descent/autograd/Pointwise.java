package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.UnaryOp;

/**
 * Element-wise loops over tensors of one shape, for the forward functions core has no kernel for and for the local
 * derivatives in {@link Ops}. Each takes the per-element formula as a lambda; the loops are small so that the JIT
 * inlines them into each operation together with its lambda.
 */
final class Pointwise {
    private Pointwise() {
    }

    /** A function of one float. */
    @FunctionalInterface
    interface Fn1 {
        float at(float x);
    }

    /**
     * One element of ∂L/∂x for {@code y = f(x)}, from {@code g = ∂L/∂y}, x and y; it is itself the backward of the
     * node, so an operation whose derivative captures nothing records no closure per node.
     */
    @FunctionalInterface
    interface UnaryDerivative extends Backward {
        float at(float g, float x, float y);

        @Override
        default void apply(Tensor g, Grads grads) {
            grads.addFresh(0, map(g, grads.input(0), grads.output(), this, resultBuffer(g, grads, true)));
        }
    }

    /** One element of ∂L/∂a or ∂L/∂b for {@code y = f(a, b)}, from g, a, b and y at the broadcast shape. */
    @FunctionalInterface
    interface Fn4 {
        float at(float g, float a, float b, float y);
    }

    /**
     * The backward of {@code y = f(a, b)}: each partial derivative element-wise at the broadcast shape (operands
     * stretched to it where they were broadcast), then summed back to its operand's shape.
     */
    record BinaryDerivative(Fn4 da, Fn4 db) implements Backward {
        @Override
        public void apply(Tensor g, Grads grads) {
            Tensor a = grads.input(0), b = grads.input(1), y = grads.output();
            Tensor ax = expand(a, y.shape()), bx = expand(b, y.shape());
            boolean needsA = grads.needs(0), needsB = grads.needs(1);
            if (needsA) { // g may be overwritten only if ∂L/∂b will not read it afterwards
                grads.addFresh(0, reduceTo(map(g, ax, bx, y, da, resultBuffer(g, grads, !needsB)), a.shape()));
            }
            if (needsB) {
                grads.addFresh(1, reduceTo(map(g, ax, bx, y, db, resultBuffer(g, grads, true)), b.shape()));
            }
        }
    }

    /**
     * {@code op(a, b)}, broadcasting: {@link Tensor#zip(BinaryOp, Tensor)}, except that two one-element operands of
     * one shape — every node of a scalar graph — are combined directly by the operation's scalar definition, without
     * the shape checks and kernel dispatch (the same bits: core's kernels finish short runs with that definition).
     */
    static Tensor zip(BinaryOp op, Tensor a, Tensor b) {
        if (a.size() == 1 && b.size() == 1 && a.shape().equals(b.shape())) {
            return one(a.shape(), op.apply(a.array()[a.offset()], b.array()[b.offset()]));
        }
        return a.zip(op, b);
    }

    /** {@code op(x, s)}: {@link Tensor#zip(BinaryOp, float)}, directly for a one-element x. */
    static Tensor zip(BinaryOp op, Tensor x, float s) {
        return x.size() == 1 ? one(x.shape(), op.apply(x.array()[x.offset()], s)) : x.zip(op, s);
    }

    /** {@code op(x)}: {@link Tensor#map(UnaryOp)}, directly for a one-element x. */
    static Tensor map(UnaryOp op, Tensor x) {
        return x.size() == 1 ? one(x.shape(), op.apply(x.array()[x.offset()])) : x.map(op);
    }

    private static Tensor one(Shape shape, float value) {
        Tensor t = Tensor.zeros(shape);
        t.array()[0] = value;
        return t;
    }

    /** {@code out[i] = f(x[i])}. */
    static Tensor map(Tensor x, Fn1 f) {
        Tensor out = Tensor.zeros(x.shape());
        float[] o = out.array(), xs = x.array();
        int xo = x.offset();
        for (int i = 0, n = o.length; i < n; i++) {
            o[i] = f.at(xs[xo + i]);
        }
        return out;
    }

    /**
     * Where a backward writes the gradient it computes from {@code g} element by element: {@code g} itself when the
     * engine allows it ({@link Grads#ownsGradOut}) and nothing in this backward reads g afterwards
     * ({@code lastUse}), which saves a tensor per node; otherwise a new one. Each element of g is read before the same
     * element is written, so both give the same bits.
     */
    static Tensor resultBuffer(Tensor g, Grads grads, boolean lastUse) {
        return lastUse && grads.ownsGradOut() ? g : Tensor.zeros(g.shape());
    }

    /**
     * Sends {@code g}, summed back to input i's shape, to input i — the backward of {@code y = a + b} and the like.
     * When nothing was summed, g itself goes on: handed over ({@link Grads#addFresh}), so that the input's backward
     * may write into it, if this backward owns g and no other input is sent g itself ({@code soleRecipient});
     * otherwise shared, read-only. A sum is a new tensor, always handed over.
     */
    static void sendOn(Grads grads, int i, Tensor g, boolean soleRecipient) {
        Tensor gi = reduceTo(g, grads.input(i).shape());
        if (gi != g || soleRecipient && grads.ownsGradOut()) {
            grads.addFresh(i, gi);
        } else {
            grads.add(i, gi);
        }
    }

    /** {@code out[i] = f(g[i], x[i], y[i])}; all four have one shape, and out may be g. */
    static Tensor map(Tensor g, Tensor x, Tensor y, UnaryDerivative f, Tensor out) {
        float[] o = out.array(), gs = g.array(), xs = x.array(), ys = y.array();
        int oo = out.offset(), go = g.offset(), xo = x.offset(), yo = y.offset();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[oo + i] = f.at(gs[go + i], xs[xo + i], ys[yo + i]);
        }
        return out;
    }

    /** {@code out[i] = f(g[i], a[i], b[i], y[i])}; all five have one shape, and out may be g. */
    static Tensor map(Tensor g, Tensor a, Tensor b, Tensor y, Fn4 f, Tensor out) {
        float[] o = out.array(), gs = g.array(), as = a.array(), bs = b.array(), ys = y.array();
        int oo = out.offset(), go = g.offset(), ao = a.offset(), bo = b.offset(), yo = y.offset();
        for (int i = 0, n = out.size(); i < n; i++) {
            o[oo + i] = f.at(gs[go + i], as[ao + i], bs[bo + i], ys[yo + i]);
        }
        return out;
    }

    /** {@code t} if it already has {@code shape}, else {@code t} broadcast (copied) to it. */
    static Tensor expand(Tensor t, Shape shape) {
        return t.shape().equals(shape) ? t : t.broadcastTo(shape);
    }

    /**
     * {@code g} summed over the axes along which an operand of {@code shape} was broadcast: the gradient of a broadcast
     * operand. Returns {@code g} itself (read-only, like every gradient) when nothing was broadcast.
     */
    static Tensor reduceTo(Tensor g, Shape shape) {
        return g.shape().equals(shape) ? g : g.sumTo(shape);
    }
}
