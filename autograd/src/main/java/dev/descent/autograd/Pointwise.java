package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

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

    /** A function of three floats: for unary derivatives {@code (g, x, y)}. */
    @FunctionalInterface
    interface Fn3 {
        float at(float g, float x, float y);
    }

    /** A function of four floats: for binary derivatives {@code (g, a, b, y)}. */
    @FunctionalInterface
    interface Fn4 {
        float at(float g, float a, float b, float y);
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

    /** {@code out[i] = f(g[i], x[i], y[i])}; all three have one shape. */
    static Tensor map(Tensor g, Tensor x, Tensor y, Fn3 f) {
        Tensor out = Tensor.zeros(g.shape());
        float[] o = out.array(), gs = g.array(), xs = x.array(), ys = y.array();
        int go = g.offset(), xo = x.offset(), yo = y.offset();
        for (int i = 0, n = o.length; i < n; i++) {
            o[i] = f.at(gs[go + i], xs[xo + i], ys[yo + i]);
        }
        return out;
    }

    /** {@code out[i] = f(g[i], a[i], b[i], y[i])}; all four have one shape. */
    static Tensor map(Tensor g, Tensor a, Tensor b, Tensor y, Fn4 f) {
        Tensor out = Tensor.zeros(g.shape());
        float[] o = out.array(), gs = g.array(), as = a.array(), bs = b.array(), ys = y.array();
        int go = g.offset(), ao = a.offset(), bo = b.offset(), yo = y.offset();
        for (int i = 0, n = o.length; i < n; i++) {
            o[i] = f.at(gs[go + i], as[ao + i], bs[bo + i], ys[yo + i]);
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
