package dev.descent.optim.kernel;

import dev.descent.core.Tensor;

/**
 * The plain-Java update kernels: the reference definition of every optimizer step, one line per formula of
 * {@link UpdateKernels}, and the fallback when the Vector API is not available.
 *
 * <p>Each loop reads like the math; the only care taken is the order of the float operations, which the SIMD twin
 * repeats exactly (no fused multiply-add on either side), so the two give the same bits.
 */
public final class ScalarUpdateKernels implements UpdateKernels {
    @Override
    public String name() {
        return "scalar";
    }

    /** g̃ = (maximize ? −g : g) + λ·θ, the gradient every optimizer starts from. */
    static float effectiveGrad(float g, float theta, boolean maximize, float weightDecay) {
        float d = maximize ? -g : g;
        return weightDecay != 0f ? d + weightDecay * theta : d;
    }

    @Override
    public void sgd(SgdStep c, Tensor p, Tensor g, Tensor buf, int from, int to) {
        float[] pa = p.array(), ga = g.array();
        int po = p.offset(), go = g.offset();
        if (buf == null) {
            for (int i = from; i < to; i++) {
                float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
                pa[po + i] = pa[po + i] - c.lr() * gt;
            }
            return;
        }
        float[] ba = buf.array();
        int bo = buf.offset();
        for (int i = from; i < to; i++) {
            float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
            float b = c.firstStep() ? gt : c.momentum() * ba[bo + i] + c.oneMinusDampening() * gt;
            float d = c.nesterov() ? gt + c.momentum() * b : b;
            ba[bo + i] = b;
            pa[po + i] = pa[po + i] - c.lr() * d;
        }
    }

    @Override
    public void adaGrad(AdaGradStep c, Tensor p, Tensor g, Tensor sum, int from, int to) {
        float[] pa = p.array(), ga = g.array(), sa = sum.array();
        int po = p.offset(), go = g.offset(), so = sum.offset();
        for (int i = from; i < to; i++) {
            float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
            float s = sa[so + i] + gt * gt;
            sa[so + i] = s;
            pa[po + i] = pa[po + i] - c.clr() * gt / (sqrt(s) + c.eps());
        }
    }

    @Override
    public void adaDelta(AdaDeltaStep c, Tensor p, Tensor g, Tensor squareAvg, Tensor accDelta, int from, int to) {
        float[] pa = p.array(), ga = g.array(), va = squareAvg.array(), ua = accDelta.array();
        int po = p.offset(), go = g.offset(), vo = squareAvg.offset(), uo = accDelta.offset();
        for (int i = from; i < to; i++) {
            float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
            float v = c.rho() * va[vo + i] + c.oneMinusRho() * (gt * gt);
            float delta = sqrt(ua[uo + i] + c.eps()) / sqrt(v + c.eps()) * gt;
            va[vo + i] = v;
            ua[uo + i] = c.rho() * ua[uo + i] + c.oneMinusRho() * (delta * delta);
            pa[po + i] = pa[po + i] - c.lr() * delta;
        }
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
        for (int i = from; i < to; i++) {
            float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
            float v = c.alpha() * va[vo + i] + c.oneMinusAlpha() * (gt * gt);
            va[vo + i] = v;
            float d;
            if (aa != null) {
                float a = c.alpha() * aa[ao + i] + c.oneMinusAlpha() * gt;
                aa[ao + i] = a;
                d = sqrt(Math.max(v - a * a, 0f)) + c.eps();
            } else {
                d = sqrt(v) + c.eps();
            }
            if (ba != null) {
                float b = c.momentum() * ba[bo + i] + gt / d;
                ba[bo + i] = b;
                pa[po + i] = pa[po + i] - c.lr() * b;
            } else {
                pa[po + i] = pa[po + i] - c.lr() * gt / d;
            }
        }
    }

    @Override
    public void adam(AdamStep c, Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, int from, int to) {
        float[] pa = p.array(), ga = g.array(), ma = m.array(), va = v.array();
        int po = p.offset(), go = g.offset(), mo = m.offset(), vo = v.offset();
        float[] xa = vMax == null ? null : vMax.array();
        int xo = vMax == null ? 0 : vMax.offset();
        for (int i = from; i < to; i++) {
            float theta = pa[po + i];
            float gt = effectiveGrad(ga[go + i], theta, c.maximize(), c.weightDecay());
            if (c.shrink() != 1f) {
                theta = theta * c.shrink();
            }
            float mi = c.beta1() * ma[mo + i] + c.oneMinusBeta1() * gt;
            float vi = c.beta2() * va[vo + i] + c.oneMinusBeta2() * (gt * gt);
            ma[mo + i] = mi;
            va[vo + i] = vi;
            if (xa != null) {
                vi = Math.max(xa[xo + i], vi);
                xa[xo + i] = vi;
            }
            float step = c.gradStep() != 0f ? c.momentumStep() * mi + c.gradStep() * gt : c.momentumStep() * mi;
            pa[po + i] = theta - (c.adaptive() ? step / (sqrt(vi) + c.epsHat()) : step);
        }
    }

    @Override
    public void adamax(AdamaxStep c, Tensor p, Tensor g, Tensor m, Tensor u, int from, int to) {
        float[] pa = p.array(), ga = g.array(), ma = m.array(), ua = u.array();
        int po = p.offset(), go = g.offset(), mo = m.offset(), uo = u.offset();
        for (int i = from; i < to; i++) {
            float gt = effectiveGrad(ga[go + i], pa[po + i], c.maximize(), c.weightDecay());
            float mi = c.beta1() * ma[mo + i] + c.oneMinusBeta1() * gt;
            float ui = Math.max(c.beta2() * ua[uo + i], Math.abs(gt) + c.eps());
            ma[mo + i] = mi;
            ua[uo + i] = ui;
            pa[po + i] = pa[po + i] - c.clr() * mi / ui;
        }
    }

    /** The correctly rounded float square root (a double root rounded to float is exactly that). */
    private static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }
}
