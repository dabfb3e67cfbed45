package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Reductions over all elements or along one axis, running sums and products, and the softmax family, with their
 * derivatives. {@code g} is {@code ∂L/∂y}; "spread along the axis" means {@code g} with the reduced axis restored
 * (size 1) and broadcast back to the input's shape, because every input element along the axis fed the same output
 * element.
 */
public final class ReductionOps {
    private ReductionOps() {
    }

    /** {@code y = Σᵢ xᵢ}, a scalar of shape {@code []};  ∂y/∂xᵢ = 1, so every element receives g. */
    public static Variable sum(Variable x) {
        Shape s = x.shape();
        return Variable.fromOp("sum", Tensor.scalar(x.value().sum()),
                (g, grads) -> grads.addFresh(0, Tensor.full(g.item(), s)), x);
    }

    /** {@code y = Σ x} along {@code axis} (kept with size 1 if {@code keepDims});  ∂L/∂x = g spread along the axis. */
    public static Variable sum(Variable x, int axis, boolean keepDims) {
        Shape s = x.shape();
        int ax = s.axis("sum", axis);
        return Variable.fromOp("sum", x.value().sum(ax, keepDims), (g, grads) -> grads.addFresh(0, spread(g, s, ax)), x);
    }

    /** {@code y = (1/n)·Σᵢ xᵢ}, a scalar;  ∂y/∂xᵢ = 1/n. */
    public static Variable mean(Variable x) {
        Shape s = x.shape();
        return Variable.fromOp("mean", Tensor.scalar(x.value().mean()),
                (g, grads) -> grads.addFresh(0, Tensor.full(g.item() / s.size(), s)), x);
    }

    /** {@code y = (1/n)·Σ x} along {@code axis} of size n;  ∂L/∂x = g/n spread along the axis. */
    public static Variable mean(Variable x, int axis, boolean keepDims) {
        Shape s = x.shape();
        int ax = s.axis("mean", axis);
        return Variable.fromOp("mean", x.value().mean(ax, keepDims),
                (g, grads) -> grads.addFresh(0, spread(g, s, ax).muli(1f / s.dim(ax))), x);
    }

    /**
     * {@code y = maxᵢ xᵢ}, a scalar;  the gradient goes to the maximal element, split equally among ties (as
     * PyTorch 1.13's {@code max()} without a dimension, whose backward is {@code evenly_distribute_backward}).
     */
    public static Variable max(Variable x) {
        return extremum("max", x, x.value().max());
    }

    /** {@code y = minᵢ xᵢ}, a scalar;  the gradient is split equally among the minimal elements, as {@link #max(Variable)}. */
    public static Variable min(Variable x) {
        return extremum("min", x, x.value().min());
    }

    /**
     * {@code y = max x} along {@code axis};  the gradient of each output goes to the first maximal element along the
     * axis, the others get 0 — PyTorch's {@code max(dim)}, whose backward sends the gradient to the index it returns
     * ({@code value_selecting_reduction_backward}), and whose CPU kernel returns the first maximal index. (A NaN is
     * the maximum, as in PyTorch, and its first occurrence takes the gradient.)
     */
    public static Variable max(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int ax = xv.shape().axis("max", axis);
        return selecting("max", x, ax, xv.max(ax, keepDims));
    }

    /** {@code y = min x} along {@code axis};  the gradient goes to the first minimal element, as {@link #max(Variable, int, boolean)}. */
    public static Variable min(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int ax = xv.shape().axis("min", axis);
        return selecting("min", x, ax, xv.min(ax, keepDims));
    }

    /** A reduction to the one value {@code m} of x; its gradient is shared equally by the elements equal to m. */
    private static Variable extremum(String op, Variable x, float m) {
        Tensor xv = x.value();
        return Variable.fromOp(op, Tensor.scalar(m), (g, grads) -> {
            int ties = 0;
            for (int i = 0; i < xv.size(); i++) {
                ties += same(xv.getFlat(i), m) ? 1 : 0;
            }
            float share = g.item() / ties;
            grads.addFresh(0, Pointwise.map(xv, v -> same(v, m) ? share : 0f));
        }, x);
    }

    /** A reduction along {@code ax} to values y of x; each output's gradient goes to the first element equal to it. */
    private static Variable selecting(String op, Variable x, int ax, Tensor y) {
        Tensor xv = x.value();
        return Variable.fromOp(op, y, (g, grads) -> {
            Shape s = xv.shape();
            int n = s.dim(ax), inner = s.innerSize(ax);
            Tensor dx = Tensor.zeros(s);
            float[] d = dx.array();
            for (int r = 0; r < y.size(); r++) { // r = o·inner + i over the reduced shape
                int base = sliceBase(r, n, inner);
                float target = y.getFlat(r);
                int k = 0;
                while (k < n - 1 && !same(xv.getFlat(base + k * inner), target)) {
                    k++;
                }
                d[base + k * inner] = g.getFlat(r);
            }
            grads.addFresh(0, dx);
        }, x);
    }

    /** Where output r's slice starts, for an axis of n elements and inner size inner: r = o·inner + i → o·n·inner + i. */
    private static int sliceBase(int r, int n, int inner) {
        return (r / inner * n) * inner + r % inner;
    }

    /** Equal, or both NaN: the element a reduction that returned y picked. */
    private static boolean same(float v, float y) {
        return v == y || v != v && y != y;
    }

    /**
     * {@code y = (1/(n − δ))·Σᵢ (xᵢ − μ)²} along {@code axis} of size n, μ the mean along it, δ = 1 if
     * {@code unbiased} (Bessel's correction: PyTorch's default for {@code var}) else 0;
     * ∂y/∂xᵢ = 2·(xᵢ − μ)/(n − δ) (the terms through μ sum to 0). NaN where {@code n − δ ≤ 0}, as PyTorch.
     */
    public static Variable variance(Variable x, int axis, boolean keepDims, boolean unbiased) {
        return spreadAboutMean(x, axis, keepDims, unbiased, false);
    }

    /** The variance, or with {@code root} its square root (the standard deviation), along the axis, with gradients. */
    private static Variable spreadAboutMean(Variable x, int axis, boolean keepDims, boolean unbiased, boolean root) {
        String op = root ? "std" : "variance";
        Tensor xv = x.value();
        Shape s = xv.shape();
        int ax = s.axis(op, axis);
        int dof = s.dim(ax) - (unbiased ? 1 : 0);
        Tensor c = centered(xv, ax);
        Tensor var = dof > 0 ? c.mul(c).sum(ax, keepDims).divi(dof) : Tensor.full(Float.NaN, s.reduce(ax, keepDims));
        if (!root) {
            return Variable.fromOp(op, var, (g, grads) -> grads.addFresh(0, c.mul(spread(g, s, ax)).muli(2f / dof)), x);
        }
        Tensor y = var.sqrt();
        return Variable.fromOp(op, y, (g, grads) -> grads.addFresh(0,
                c.mul(spread(overUnlessZero(g, y), s, ax)).muli(1f / dof)), x);
    }

    /**
     * {@code x − μ}, μ the mean along {@code axis}, with μ kept in double: a float μ would be off by up to half an ulp
     * of the mean (3·10⁻⁵ near 1000) — an error of the first order in a deviation of 0.01 (so in the gradient), and
     * of 2·10⁻⁵ relative in the variance of such values (seen against PyTorch's float64).
     */
    private static Tensor centered(Tensor x, int axis) {
        Shape s = x.shape();
        int outer = s.outerSize(axis), n = s.dim(axis), inner = s.innerSize(axis);
        Tensor out = Tensor.zeros(s);
        float[] src = x.array(), dst = out.array();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double mean = 0;
                for (int k = 0; k < n; k++) {
                    mean += src[x.offset() + base + k * inner];
                }
                mean /= n;
                for (int k = 0; k < n; k++) {
                    dst[base + k * inner] = (float) (src[x.offset() + base + k * inner] - mean);
                }
            }
        }
        return out;
    }

    /** The variance of all elements, a scalar; see {@link #variance(Variable, int, boolean, boolean)}. */
    public static Variable variance(Variable x, boolean unbiased) {
        return variance(LayoutOps.reshape(x, -1), 0, false, unbiased);
    }

    /**
     * {@code y = √var(x)} along {@code axis}, var as {@link #variance(Variable, int, boolean, boolean)} with the same
     * δ;  ∂y/∂xᵢ = (xᵢ − μ)/((n − δ)·y). Where y = 0 (a constant slice, or a single element with δ = 0) the gradient
     * is 0, not 0/0: PyTorch 1.13's {@code std_backward} masks {@code g/(2y)} to 0 where y = 0 (checked:
     * {@code torch.tensor([2., 2., 2.]).std()} backpropagates zeros). Where {@code n − δ ≤ 0} y and the gradient are
     * NaN, as in PyTorch.
     */
    public static Variable std(Variable x, int axis, boolean keepDims, boolean unbiased) {
        return spreadAboutMean(x, axis, keepDims, unbiased, true);
    }

    /** The standard deviation of all elements, a scalar; see {@link #std(Variable, int, boolean, boolean)}. */
    public static Variable std(Variable x, boolean unbiased) {
        return std(LayoutOps.reshape(x, -1), 0, false, unbiased);
    }

    /**
     * {@code y = max x} along {@code axis} ({@code torch.amax});  the gradient of each output is split evenly among
     * the elements equal to it: ∂L/∂xᵢ = gᵢ·[xᵢ = y]/#{j : xⱼ = y}, computed as PyTorch 1.13's
     * {@code scale_grad_by_count}, {@code (g / count)·mask}. Unlike {@link #max(Variable, int, boolean)}, which sends
     * it to the first maximal element. A slice holding NaN has the maximum NaN, which equals no element, so the
     * count is 0 and its whole gradient is NaN ({@code (g/0)·0}), as in PyTorch.
     */
    public static Variable amax(Variable x, int axis, boolean keepDims) {
        return evenly("amax", x, axis, keepDims, true);
    }

    /** The maximum of all elements, a scalar, with {@link #amax(Variable, int, boolean)}'s gradient. */
    public static Variable amax(Variable x) {
        return amax(LayoutOps.reshape(x, -1), 0, false);
    }

    /** {@code y = min x} along {@code axis} ({@code torch.amin}); the gradient as {@link #amax(Variable, int, boolean)}. */
    public static Variable amin(Variable x, int axis, boolean keepDims) {
        return evenly("amin", x, axis, keepDims, false);
    }

    /** The minimum of all elements, a scalar, with {@link #amin(Variable, int, boolean)}'s gradient. */
    public static Variable amin(Variable x) {
        return amin(LayoutOps.reshape(x, -1), 0, false);
    }

    private static Variable evenly(String op, Variable x, int axis, boolean keepDims, boolean largest) {
        Tensor xv = x.value();
        Shape s = xv.shape();
        int ax = s.axis(op, axis);
        if (s.dim(ax) == 0) {
            throw new IllegalArgumentException(op + ": axis " + ax + " of shape " + s + " is empty");
        }
        Tensor y = largest ? xv.max(ax, keepDims) : xv.min(ax, keepDims);
        return Variable.fromOp(op, y, (g, grads) -> {
            Shape kept = s.reduce(ax, true);
            Tensor mask = xv.eq(y.reshape(kept));
            grads.addFresh(0, mask.muli(g.reshape(kept).div(mask.sum(ax, true))));
        }, x);
    }

    /**
     * {@code y = Πᵢ xᵢ}, a scalar;  ∂y/∂xᵢ = Π_{j≠i} xⱼ, computed as PyTorch 1.13's {@code prod_backward} does:
     * with no zero, {@code y/xᵢ}; with exactly one zero, the products of the elements before and after each one
     * (so the zero's gradient is the product of the others, every other element's is 0); with two or more zeros, 0
     * everywhere. (So NaN and ∞ follow PyTorch too: {@code [∞, 2]} gives {@code ∞/∞} = NaN for the ∞.)
     */
    public static Variable prod(Variable x) {
        Tensor xv = x.value();
        if (xv.rank() == 0) {
            return Variable.fromOp("prod", xv.copy(), (g, grads) -> grads.add(0, g), x);
        }
        Tensor flat = xv.flatten();
        Tensor y = Tensor.scalar(flat.prod());
        return Variable.fromOp("prod", y, (g, grads) -> {
            int zeros = countZeros(flat);
            Tensor dx = zeros > 1 ? Tensor.zeros(flat.shape()) : prodGradient(flat, 0, y, g, zeros == 1);
            grads.addFresh(0, dx.reshape(xv.shape()));
        }, x);
    }

    /**
     * {@code y = Π x} along {@code axis};  ∂y/∂xᵢ = Π_{j≠i} xⱼ. As PyTorch 1.13's {@code prod_backward(dim)}: if
     * no element of the whole tensor is 0, {@code y/xᵢ}; otherwise every slice takes the products of the elements
     * before and after each one (so a zero's gradient is the product of the others, and a slice with two zeros gets
     * 0). Those products are taken in double.
     */
    public static Variable prod(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int ax = xv.shape().axis("prod", axis);
        Tensor y = xv.prod(ax, keepDims);
        return Variable.fromOp("prod", y, (g, grads) -> grads.addFresh(0, prodGradient(xv, ax, y, g,
                countZeros(xv) > 0)), x);
    }

    private static int countZeros(Tensor x) {
        int zeros = 0;
        for (int i = 0; i < x.size(); i++) {
            zeros += x.getFlat(i) == 0f ? 1 : 0;
        }
        return zeros;
    }

    /** g·∂y/∂x along {@code ax}: {@code g·y/xᵢ}, or {@code g·(Π_{j<i} xⱼ)·(Π_{j>i} xⱼ)} if {@code exclusive}. */
    private static Tensor prodGradient(Tensor x, int ax, Tensor y, Tensor g, boolean exclusive) {
        Shape s = x.shape();
        int n = s.dim(ax), inner = s.innerSize(ax);
        Tensor dx = Tensor.zeros(s);
        float[] d = dx.array();
        double[] after = new double[n];
        for (int r = 0; r < y.size(); r++) {
            int base = sliceBase(r, n, inner);
            double gr = g.getFlat(r), yr = y.getFlat(r), before = 1, rest = 1;
            for (int k = n - 1; k >= 0; k--) {
                after[k] = rest;
                rest *= x.getFlat(base + k * inner);
            }
            for (int k = 0; k < n; k++) {
                double xk = x.getFlat(base + k * inner);
                d[base + k * inner] = (float) (exclusive ? gr * (before * after[k]) : gr * (yr / xk));
                before *= xk;
            }
        }
        return dx;
    }

    /**
     * {@code y = ‖x‖_p} along {@code axis} for p = 1, 2 or ∞ ({@code torch.linalg.vector_norm}), with PyTorch
     * 1.13's {@code norm_backward}:
     * <ul>
     *   <li>p = 1: ∂y/∂xᵢ = sgn xᵢ, with sgn 0 = 0 and sgn NaN = 0 (torch's);</li>
     *   <li>p = 2: ∂y/∂xᵢ = xᵢ/y, and 0 where y = 0 (the subgradient PyTorch picks at the origin);</li>
     *   <li>p = ∞: the gradient splits evenly among the elements with |xᵢ| = y, with their sign: ∂y/∂xᵢ =
     *       sgn xᵢ·[|xᵢ| = y]/count. Where y is NaN the NaN elements are the ones counted, and their sgn is 0, so
     *       the slice's gradient is 0 (torch: {@code vector_norm([NaN, 1], inf)} backpropagates zeros).</li>
     * </ul>
     */
    public static Variable norm(Variable x, float p, int axis, boolean keepDims) {
        Tensor xv = x.value();
        Shape s = xv.shape();
        int ax = s.axis("norm", axis);
        Tensor y = xv.norm(p, ax, keepDims);
        return Variable.fromOp("norm", y, (g, grads) -> {
            Shape kept = s.reduce(ax, true);
            Tensor yk = y.reshape(kept), gk = g.reshape(kept);
            Tensor sgn = Pointwise.map(xv, v -> v > 0f ? 1f : v < 0f ? -1f : 0f);
            if (p == 1f) {
                grads.addFresh(0, sgn.muli(gk));
            } else if (p == 2f) {
                grads.addFresh(0, xv.mul(overUnlessZero(g, y).reshape(kept)));
            } else {
                Tensor mask = xv.abs().eq(yk).addi(xv.ne(xv).muli(yk.ne(yk))); // |x| = y, or both NaN
                grads.addFresh(0, sgn.muli(mask).muli(gk.div(mask.sum(ax, true))));
            }
        }, x);
    }

    /**
     * {@code g/y}, and 0 where y = 0: the masked gradient PyTorch gives √ at the origin in {@code std} and the 2-norm
     * (a plain {@code (g/y)·[y ≠ 0]} would be NaN there).
     */
    private static Tensor overUnlessZero(Tensor g, Tensor y) {
        return Pointwise.map(g, y, y, (gi, yi, unused) -> yi == 0f ? 0f : gi / yi, Tensor.zeros(g.shape()));
    }

    /** The p-norm of all elements, a scalar; see {@link #norm(Variable, float, int, boolean)}. */
    public static Variable norm(Variable x, float p) {
        return norm(LayoutOps.reshape(x, -1), p, 0, false);
    }

    /** {@code yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)} along {@code axis};  ∂L/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼ·yⱼ). */
    public static Variable softmax(Variable x, int axis) {
        int ax = x.shape().axis("softmax", axis);
        Tensor y = x.value().softmax(ax);
        return Variable.fromOp("softmax", y, (g, grads) -> {
            Tensor gy = g.mul(y);
            grads.addFresh(0, gy.subi(y.mul(gy.sum(ax, true))));
        }, x);
    }

    /** {@code yᵢ = xᵢ − log Σⱼ e^(xⱼ)} along {@code axis};  ∂L/∂xᵢ = gᵢ − e^(yᵢ)·Σⱼ gⱼ (e^y is the softmax). */
    public static Variable logSoftmax(Variable x, int axis) {
        int ax = x.shape().axis("logSoftmax", axis);
        Tensor y = x.value().logSoftmax(ax);
        return Variable.fromOp("logSoftmax", y,
                (g, grads) -> grads.addFresh(0, g.sub(y.exp().muli(g.sum(ax, true)))), x);
    }

    /**
     * {@code y = log Σᵢ e^(xᵢ)} along {@code axis};  ∂y/∂xᵢ = e^(xᵢ − y), the softmax, so ∂L/∂x = g·softmax(x).
     * The softmax is computed as {@code e^(xᵢ − m)/Σⱼ e^(xⱼ − m)} with m the maximum, not as {@code e^(xᵢ − y)}:
     * {@code x − m} is exact for the largest elements, while y, rounded to float, would carry its rounding error
     * (6·10⁻⁵ for y near 1000) into every exponential.
     */
    public static Variable logSumExp(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        Shape s = xv.shape();
        int ax = s.axis("logSumExp", axis);
        Tensor y = xv.logSumExp(ax, keepDims);
        return Variable.fromOp("logSumExp", y, (g, grads) -> grads.addFresh(0, xv.softmax(ax).muli(spread(g, s, ax))),
                x);
    }

    /**
     * {@code yⱼ = Σ_{i ≤ j} xᵢ} along {@code dim} ({@code torch.cumsum}; each running sum rounded once from double);
     * ∂L/∂xᵢ = Σ_{j ≥ i} gⱼ, the running sum of g from the end — computed as PyTorch's {@code cumsum_backward} does,
     * {@code g.flip(dim).cumsum(dim).flip(dim)}, so the bits are PyTorch's.
     */
    public static Variable cumsum(Variable x, int dim) {
        return Variable.fromOp("cumsum", x.value().cumsum(dim),
                (g, grads) -> grads.addFresh(0, g.flip(dim).cumsum(dim).flip(dim)), x);
    }

    /**
     * {@code yⱼ = Π_{l ≤ j} xₗ} along {@code dim} ({@code torch.cumprod});  ∂L/∂xᵢ = Σ_{j ≥ i} gⱼ·Π_{l ≤ j, l ≠ i} xₗ
     * = (Π_{l &lt; i} xₗ)·Sᵢ, where {@code Sᵢ = gᵢ + x_{i+1}·S_{i+1}} is taken from the end of the slice. That
     * recurrence needs no division by xᵢ, so zeros need no special case (PyTorch's {@code cumprod_backward} divides
     * where the input has no zero and treats the first zero of each slice apart; the values agree). Each slice is
     * computed in double and rounded once.
     */
    public static Variable cumprod(Variable x, int dim) {
        Tensor xv = x.value();
        Tensor y = xv.cumprod(dim);
        // a scalar is a one-element slice, whose gradient is g itself
        int axis = xv.rank() == 0 ? -1 : xv.shape().axis("cumprod", dim);
        return Variable.fromOp("cumprod", y,
                (g, grads) -> grads.addFresh(0, axis < 0 ? g.copy() : cumprodGradient(xv, axis, g)), x);
    }

    private static Tensor cumprodGradient(Tensor x, int ax, Tensor g) {
        Shape s = x.shape();
        int n = s.dim(ax), inner = s.innerSize(ax), slices = s.outerSize(ax) * inner;
        Tensor dx = Tensor.zeros(s);
        float[] d = dx.array();
        double[] tail = new double[n];
        for (int r = 0; r < slices && n > 0; r++) {
            int base = sliceBase(r, n, inner);
            double after = g.getFlat(base + (n - 1) * inner);
            tail[n - 1] = after;
            for (int k = n - 2; k >= 0; k--) {
                after = g.getFlat(base + k * inner) + x.getFlat(base + (k + 1) * inner) * after;
                tail[k] = after;
            }
            double before = 1;
            for (int k = 0; k < n; k++) {
                d[base + k * inner] = (float) (before * tail[k]);
                before *= x.getFlat(base + k * inner);
            }
        }
        return dx;
    }

    /** {@code g} (the gradient of a reduction along {@code axis}) with that axis restored and broadcast to {@code s}. */
    private static Tensor spread(Tensor g, Shape s, int axis) {
        return g.reshape(s.reduce(axis, true)).broadcastTo(s);
    }
}
