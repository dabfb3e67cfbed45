package dev.descent.optim.kernel.simd;

import dev.descent.core.Tensor;
import dev.descent.optim.kernel.ScalarUpdateKernels;
import dev.descent.optim.kernel.UpdateKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API update kernels: {@link ScalarUpdateKernels} one vector at a time, the same float operations in the
 * same order (so the same bits), and the tail of each range handed to the scalar kernel. Loaded by name through
 * {@link dev.descent.core.kernel.VectorizationProvider}; the only package of optim that imports
 * {@code jdk.incubator.vector}.
 *
 * <p>The updates are memory-bound (a handful of flops per 12–28 bytes moved), so the loops stay simple: one vector per
 * iteration, loop-invariant branches that the JIT hoists, no fused multiply-add (it would change the bits and buy
 * nothing here).
 */
public final class SimdUpdateKernels implements UpdateKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ScalarUpdateKernels SCALAR = new ScalarUpdateKernels();

    /** Fails when the preferred vectors hold fewer than 4 floats, where the scalar loops are as fast. */
    public SimdUpdateKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("preferred float vectors hold only " + L + " lanes");
        }
    }

    @Override
    public String name() {
        return "simd-" + L + "x32";
    }

    private static FloatVector load(float[] a, int offset, int i) {
        return FloatVector.fromArray(F, a, offset + i);
    }

    /** g̃ = (maximize ? −g : g) + λ·θ, as {@code ScalarUpdateKernels.effectiveGrad}. */
    private static FloatVector effectiveGrad(FloatVector g, FloatVector theta, boolean maximize, float weightDecay) {
        FloatVector d = maximize ? g.neg() : g;
        return weightDecay != 0f ? d.add(theta.mul(weightDecay)) : d;
    }

    /** The last index where a whole vector still fits in {@code [from, to)}. */
    private static int vectorEnd(int from, int to) {
        return from + F.loopBound(to - from);
    }

    @Override
    public void sgd(SgdStep c, Tensor p, Tensor g, Tensor buf, int from, int to) {
        float[] pa = p.array(), ga = g.array();
        int po = p.offset(), go = g.offset();
        int i = from;
        int end = vectorEnd(from, to);
        if (buf == null) {
            for (; i < end; i += L) {
                FloatVector theta = load(pa, po, i);
                FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
                theta.sub(gt.mul(c.lr())).intoArray(pa, po + i);
            }
        } else {
            float[] ba = buf.array();
            int bo = buf.offset();
            for (; i < end; i += L) {
                FloatVector theta = load(pa, po, i);
                FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
                FloatVector b = c.firstStep() ? gt
                        : load(ba, bo, i).mul(c.momentum()).add(gt.mul(c.oneMinusDampening()));
                FloatVector d = c.nesterov() ? gt.add(b.mul(c.momentum())) : b;
                b.intoArray(ba, bo + i);
                theta.sub(d.mul(c.lr())).intoArray(pa, po + i);
            }
        }
        SCALAR.sgd(c, p, g, buf, i, to);
    }

    @Override
    public void adaGrad(AdaGradStep c, Tensor p, Tensor g, Tensor sum, int from, int to) {
        float[] pa = p.array(), ga = g.array(), sa = sum.array();
        int po = p.offset(), go = g.offset(), so = sum.offset();
        int i = from;
        for (int end = vectorEnd(from, to); i < end; i += L) {
            FloatVector theta = load(pa, po, i);
            FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
            FloatVector s = load(sa, so, i).add(gt.mul(gt));
            s.intoArray(sa, so + i);
            theta.sub(gt.mul(c.clr()).div(s.sqrt().add(c.eps()))).intoArray(pa, po + i);
        }
        SCALAR.adaGrad(c, p, g, sum, i, to);
    }

    @Override
    public void adaDelta(AdaDeltaStep c, Tensor p, Tensor g, Tensor squareAvg, Tensor accDelta, int from, int to) {
        float[] pa = p.array(), ga = g.array(), va = squareAvg.array(), ua = accDelta.array();
        int po = p.offset(), go = g.offset(), vo = squareAvg.offset(), uo = accDelta.offset();
        int i = from;
        for (int end = vectorEnd(from, to); i < end; i += L) {
            FloatVector theta = load(pa, po, i);
            FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
            FloatVector u = load(ua, uo, i);
            FloatVector v = load(va, vo, i).mul(c.rho()).add(gt.mul(gt).mul(c.oneMinusRho()));
            FloatVector delta = u.add(c.eps()).sqrt().div(v.add(c.eps()).sqrt()).mul(gt);
            v.intoArray(va, vo + i);
            u.mul(c.rho()).add(delta.mul(delta).mul(c.oneMinusRho())).intoArray(ua, uo + i);
            theta.sub(delta.mul(c.lr())).intoArray(pa, po + i);
        }
        SCALAR.adaDelta(c, p, g, squareAvg, accDelta, i, to);
    }

    @Override
    public void rmsProp(RmsPropStep c, Tensor p, Tensor g, Tensor squareAvg, Tensor gradAvg, Tensor buf, int from,
                        int to) {
        float[] pa = p.array(), ga = g.array(), va = squareAvg.array();
        int po = p.offset(), go = g.offset(), vo = squareAvg.offset();
        float[] aa = gradAvg == null ? null : gradAvg.array();
        int ao = gradAvg == null ? 0 : gradAvg.offset();
        float[] ba = buf == null ? null : buf.array();
        int bo = buf == null ? 0 : buf.offset();
        int i = from;
        for (int end = vectorEnd(from, to); i < end; i += L) {
            FloatVector theta = load(pa, po, i);
            FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
            FloatVector v = load(va, vo, i).mul(c.alpha()).add(gt.mul(gt).mul(c.oneMinusAlpha()));
            v.intoArray(va, vo + i);
            FloatVector d;
            if (aa != null) {
                FloatVector a = load(aa, ao, i).mul(c.alpha()).add(gt.mul(c.oneMinusAlpha()));
                a.intoArray(aa, ao + i);
                d = v.sub(a.mul(a)).max(0f).sqrt().add(c.eps());
            } else {
                d = v.sqrt().add(c.eps());
            }
            if (ba != null) {
                FloatVector b = load(ba, bo, i).mul(c.momentum()).add(gt.div(d));
                b.intoArray(ba, bo + i);
                theta.sub(b.mul(c.lr())).intoArray(pa, po + i);
            } else {
                theta.sub(gt.mul(c.lr()).div(d)).intoArray(pa, po + i);
            }
        }
        SCALAR.rmsProp(c, p, g, squareAvg, gradAvg, buf, i, to);
    }

    @Override
    public void adam(AdamStep c, Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, int from, int to) {
        float[] pa = p.array(), ga = g.array(), ma = m.array(), va = v.array();
        int po = p.offset(), go = g.offset(), mo = m.offset(), vo = v.offset();
        float[] xa = vMax == null ? null : vMax.array();
        int xo = vMax == null ? 0 : vMax.offset();
        int i = from;
        for (int end = vectorEnd(from, to); i < end; i += L) {
            FloatVector theta = load(pa, po, i);
            FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
            if (c.shrink() != 1f) {
                theta = theta.mul(c.shrink());
            }
            FloatVector mi = load(ma, mo, i).mul(c.beta1()).add(gt.mul(c.oneMinusBeta1()));
            FloatVector vi = load(va, vo, i).mul(c.beta2()).add(gt.mul(gt).mul(c.oneMinusBeta2()));
            mi.intoArray(ma, mo + i);
            vi.intoArray(va, vo + i);
            if (xa != null) {
                vi = load(xa, xo, i).max(vi);
                vi.intoArray(xa, xo + i);
            }
            FloatVector step = c.gradStep() != 0f
                    ? mi.mul(c.momentumStep()).add(gt.mul(c.gradStep()))
                    : mi.mul(c.momentumStep());
            theta.sub(c.adaptive() ? step.div(vi.sqrt().add(c.epsHat())) : step).intoArray(pa, po + i);
        }
        SCALAR.adam(c, p, g, m, v, vMax, i, to);
    }

    @Override
    public void adamax(AdamaxStep c, Tensor p, Tensor g, Tensor m, Tensor u, int from, int to) {
        float[] pa = p.array(), ga = g.array(), ma = m.array(), ua = u.array();
        int po = p.offset(), go = g.offset(), mo = m.offset(), uo = u.offset();
        int i = from;
        for (int end = vectorEnd(from, to); i < end; i += L) {
            FloatVector theta = load(pa, po, i);
            FloatVector gt = effectiveGrad(load(ga, go, i), theta, c.maximize(), c.weightDecay());
            FloatVector mi = load(ma, mo, i).mul(c.beta1()).add(gt.mul(c.oneMinusBeta1()));
            FloatVector ui = load(ua, uo, i).mul(c.beta2()).max(gt.abs().add(c.eps()));
            mi.intoArray(ma, mo + i);
            ui.intoArray(ua, uo + i);
            theta.sub(mi.mul(c.clr()).div(ui)).intoArray(pa, po + i);
        }
        SCALAR.adamax(c, p, g, m, u, i, to);
    }
}
