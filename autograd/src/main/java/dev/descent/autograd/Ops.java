package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.UnaryOp;

/**
 * The element-wise operations and the matrix product, each a forward computation plus its derivative — the table to
 * check one line at a time. {@link Variable}'s methods ({@code x.mul(y).tanh()}) call these.
 *
 * <p><b>Notation.</b> {@code y} is the output, {@code g = ∂L/∂y} the gradient arriving from above, and each lambda
 * {@code (g, x, y) -> …} or {@code (g, a, b, y) -> …} gives one element of {@code ∂L/∂input}: the chain rule
 * {@code g · ∂y/∂input} for element-wise functions. The engine adds the results into the inputs' gradients, so a
 * value used twice receives both contributions.
 *
 * <p><b>Broadcasting.</b> Binary operations broadcast as NumPy does. The gradient of a broadcast operand is summed
 * back to its own shape (an operand stretched along an axis contributed to every output along it).
 *
 * <p><b>Kinks</b> follow PyTorch: {@code relu'(0) = 0}, {@code abs'(0) = 0}, {@code leakyRelu'(0) = slope},
 * clamp passes the gradient at its bounds ({@code lo ≤ x ≤ hi}), and {@code maximum}/{@code minimum} split the
 * gradient equally between tied operands. So do NaNs: {@code abs'(NaN) = 0}, and a NaN operand of
 * {@code maximum}/{@code minimum} sends the gradient to both.
 */
public final class Ops {
    private static final BinaryOp ADD = BinaryOp.ADD, SUB = BinaryOp.SUB, MUL = BinaryOp.MUL, DIV = BinaryOp.DIV,
            POW = BinaryOp.POW, MAX = BinaryOp.MAX, MIN = BinaryOp.MIN;
    private static final UnaryOp NEG = UnaryOp.NEG, SQUARE = UnaryOp.SQUARE, EXP = UnaryOp.EXP, LOG = UnaryOp.LOG,
            SQRT = UnaryOp.SQRT, ABS = UnaryOp.ABS, TANH = UnaryOp.TANH, SIGMOID = UnaryOp.SIGMOID,
            RELU = UnaryOp.RELU;

    private Ops() {
    }

    // ---------------------------------------------------------------- arithmetic

    /** {@code y = a + b};  ∂y/∂a = 1, ∂y/∂b = 1. */
    public static Variable add(Variable a, Variable b) {
        return Variable.fromOp("add", zip(ADD, a, b), (g, grads) -> {
            boolean both = grads.needs(0) && grads.needs(1);
            if (grads.needs(0)) {
                Pointwise.sendOn(grads, 0, g, !both);
            }
            if (grads.needs(1)) {
                Pointwise.sendOn(grads, 1, g, !both);
            }
        }, a, b);
    }

    /** {@code y = a − b};  ∂y/∂a = 1, ∂y/∂b = −1. */
    public static Variable sub(Variable a, Variable b) {
        return Variable.fromOp("sub", zip(SUB, a, b), (g, grads) -> {
            if (grads.needs(0)) {
                Pointwise.sendOn(grads, 0, g, true); // input 1 gets a negated copy, not g
            }
            if (grads.needs(1)) {
                grads.addFresh(1, Pointwise.reduceTo(g, grads.input(1).shape()).neg());
            }
        }, a, b);
    }

    /** {@code y = a · b} (element-wise);  ∂y/∂a = b, ∂y/∂b = a. */
    public static Variable mul(Variable a, Variable b) {
        return binary("mul", a, b, zip(MUL, a, b), MUL_DERIVATIVE);
    }

    private static final Backward MUL_DERIVATIVE = binaryDerivative(
            (g, x1, x2, y) -> g * x2,
            (g, x1, x2, y) -> g * x1);

    /**
     * {@code y = a / b};  ∂y/∂a = 1/b, ∂y/∂b = −a/b², evaluated as {@code −(a/b)/b}, as PyTorch does: b² underflows
     * to a float subnormal (or 0) already for |b| below 10⁻¹⁹, where a/b is still exact to float precision.
     */
    public static Variable div(Variable a, Variable b) {
        return binary("div", a, b, zip(DIV, a, b), DIV_DERIVATIVE);
    }

    private static final Backward DIV_DERIVATIVE = binaryDerivative(
            (g, x1, x2, y) -> g / x2,
            (g, x1, x2, y) -> -g * (x1 / x2 / x2));

    /**
     * {@code y = aᵇ};  ∂y/∂a = b·aᵇ⁻¹ (0 where b = 0), ∂y/∂b = aᵇ·ln a (0 where a = 0 and b ≥ 0, the limit PyTorch
     * takes, so that {@code 0^b} with a trainable exponent does not give NaN).
     */
    public static Variable pow(Variable a, Variable b) {
        return binary("pow", a, b, zip(POW, a, b), POW_DERIVATIVE);
    }

    private static final Backward POW_DERIVATIVE = binaryDerivative(
            (g, x1, x2, y) -> x2 == 0 ? 0 : g * x2 * (float) Math.pow(x1, x2 - 1),
            (g, x1, x2, y) -> x1 == 0 && x2 >= 0 ? 0 : g * y * (float) Math.log(x1));

    /** {@code y = −x};  ∂y/∂x = −1. */
    public static Variable neg(Variable x) {
        return Variable.fromOp("neg", map(NEG, x), (g, grads) -> grads.addFresh(0, g.neg()), x);
    }

    /** {@code y = x + s} for a constant s;  ∂y/∂x = 1. */
    public static Variable add(Variable x, float s) {
        return Variable.fromOp("add", zip(ADD, x, s), (g, grads) -> Pointwise.sendOn(grads, 0, g, true), x);
    }

    /** {@code y = x − s};  ∂y/∂x = 1. */
    public static Variable sub(Variable x, float s) {
        return Variable.fromOp("sub", zip(SUB, x, s), (g, grads) -> Pointwise.sendOn(grads, 0, g, true), x);
    }

    /** {@code y = s·x};  ∂y/∂x = s. */
    public static Variable mul(Variable x, float s) {
        return Variable.fromOp("mul", zip(MUL, x, s), (g, grads) -> grads.addFresh(0, g.mul(s)), x);
    }

    /** {@code y = x / s};  ∂y/∂x = 1/s. */
    public static Variable div(Variable x, float s) {
        return Variable.fromOp("div", zip(DIV, x, s), (g, grads) -> grads.addFresh(0, g.div(s)), x);
    }

    /** {@code y = xᵖ} for a constant p;  ∂y/∂x = p·xᵖ⁻¹ (0 for p = 0, as PyTorch). */
    public static Variable pow(Variable x, float p) {
        return unary("pow", x, zip(POW, x, p), (g, x1, y) -> p == 0 ? 0 : g * p * (float) Math.pow(x1, p - 1));
    }

    /** {@code y = x²};  ∂y/∂x = 2x. */
    public static Variable square(Variable x) {
        return unary("square", x, map(SQUARE, x), (g, x1, y) -> g * 2 * x1);
    }

    // ---------------------------------------------------------------- functions of one value

    /** {@code y = eˣ};  ∂y/∂x = eˣ = y. */
    public static Variable exp(Variable x) {
        return unary("exp", x, map(EXP, x), (g, x1, y) -> g * y);
    }

    /** {@code y = ln x};  ∂y/∂x = 1/x. */
    public static Variable log(Variable x) {
        return unary("log", x, map(LOG, x), (g, x1, y) -> g / x1);
    }

    /** {@code y = √x};  ∂y/∂x = 1/(2√x) = 1/(2y). */
    public static Variable sqrt(Variable x) {
        return unary("sqrt", x, map(SQRT, x), (g, x1, y) -> g / (2 * y));
    }

    /**
     * {@code y = |x|};  ∂y/∂x = sign(x), 0 at x = 0 — and 0 at a NaN x, as PyTorch's {@code grad * self.sgn()}, whose
     * {@code sign} is {@code (0 < x) − (x < 0)} (a NaN compares false both ways), where {@link Math#signum} would
     * give NaN.
     */
    public static Variable abs(Variable x) {
        return unary("abs", x, map(ABS, x), (g, x1, y) -> x1 > 0 ? g : x1 < 0 ? -g : g * 0);
    }

    /** {@code y = tanh x};  ∂y/∂x = 1 − tanh²x = 1 − y². */
    public static Variable tanh(Variable x) {
        return unary("tanh", x, map(TANH, x), (g, x1, y) -> g * (1 - y * y));
    }

    /** {@code y = σ(x) = 1/(1 + e⁻ˣ)};  ∂y/∂x = σ(x)(1 − σ(x)) = y(1 − y). */
    public static Variable sigmoid(Variable x) {
        return unary("sigmoid", x, map(SIGMOID, x), (g, x1, y) -> g * y * (1 - y));
    }

    /**
     * {@code y = max(x, 0)};  ∂y/∂x = 1 for x > 0, else 0 (0 at the kink, as PyTorch). The backward selects
     * ({@link Tensor#reluBackward}): g where x > 0 or x is NaN, 0 where x ≤ 0, as PyTorch's
     * {@code threshold_backward}, in one vector pass.
     */
    public static Variable relu(Variable x) {
        return Variable.fromOp("relu", map(RELU, x),
                (g, grads) -> grads.addFresh(0, Pointwise.zip(BinaryOp.RELU_BACKWARD, g, grads.input(0))), x);
    }

    /**
     * {@code y = x} for x > 0, else {@code slope·x};  ∂y/∂x = 1 for x > 0, else slope (slope at the kink, as
     * PyTorch's {@code leaky_relu}, whose default slope is 0.01).
     */
    public static Variable leakyRelu(Variable x, float slope) {
        Tensor y = Pointwise.map(x.value(), x1 -> x1 > 0 ? x1 : slope * x1);
        return unary("leakyRelu", x, y, (g, x1, y1) -> x1 > 0 ? g : g * slope);
    }

    /**
     * The exact GELU, {@code y = x·Φ(x) = ½x·(1 + erf(x/√2))}, Φ the standard normal distribution;
     * ∂y/∂x = Φ(x) + x·φ(x), φ its density. (PyTorch's {@code gelu} with {@code approximate='none'}.)
     */
    public static Variable gelu(Variable x) {
        Tensor y = Pointwise.map(x.value(), x1 -> (float) (x1 * SpecialFunctions.normalCdf(x1)));
        return unary("gelu", x, y,
                (g, x1, y1) -> g * (float) (SpecialFunctions.normalCdf(x1) + x1 * SpecialFunctions.normalPdf(x1)));
    }

    /**
     * The sigmoid-weighted linear unit (PyTorch's {@code silu}, "Swish"): {@code y = x·σ(x) = x / (1 + e⁻ˣ)},
     * {@code ∂y/∂x = σ(x)·(1 + x·(1 − σ(x)))}; both in double, rounded once to float.
     */
    public static Variable silu(Variable x) {
        Tensor y = Pointwise.map(x.value(), x1 -> (float) (x1 / (1 + Math.exp(-x1))));
        return unary("silu", x, y, (g, x1, y1) -> {
            double s = 1 / (1 + Math.exp(-x1));
            return (float) (g * (s * (1 + x1 * (1 - s))));
        });
    }

    /**
     * The exponential linear unit (PyTorch's {@code elu(x, alpha)}): {@code y = x} for x > 0, else
     * {@code α·(eˣ − 1)}; {@code ∂y/∂x = 1} for x > 0, else {@code α·eˣ} (so α at 0, as PyTorch); both in double,
     * rounded once to float.
     */
    public static Variable elu(Variable x, double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("elu: alpha must be finite, got " + alpha);
        }
        Tensor y = Pointwise.map(x.value(), x1 -> x1 > 0 ? x1 : (float) (alpha * Math.expm1(x1)));
        return unary("elu", x, y, (g, x1, y1) -> x1 > 0 ? g : (float) (g * (alpha * Math.exp(x1))));
    }

    /**
     * {@code y = ln(1 + eˣ)}, and {@code y = x} for x > 20 where the two agree in float (PyTorch's {@code softplus}
     * with beta = 1, threshold = 20);  ∂y/∂x = σ(x) = eˣ/(1 + eˣ), and 1 above the threshold.
     */
    public static Variable softplus(Variable x) {
        return softplus(x, 1f, 20f);
    }

    /**
     * PyTorch's {@code softplus(x, beta, threshold)}:
     * <pre>
     *   y = (1/β)·ln(1 + e^(β·x)),   ∂y/∂x = σ(β·x) = e^(βx)/(1 + e^(βx))   where β·x ≤ threshold
     *   y = x,                       ∂y/∂x = 1                              where β·x > threshold
     * </pre>
     * The test {@code β·x > threshold} is made in double, as PyTorch makes it in float64: a float product would
     * round {@code 3·0.33333334} down to 1 and take the other branch.
     */
    public static Variable softplus(Variable x, float beta, float threshold) {
        if (!(beta > 0) || Float.isInfinite(beta) || Float.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: beta must be positive and finite and threshold a number, "
                    + "got beta=" + beta + " threshold=" + threshold);
        }
        double b = beta;
        Tensor y = Pointwise.map(x.value(), x1 -> b * x1 > threshold ? x1 : (float) (Math.log1p(Math.exp(b * x1)) / b));
        return unary("softplus", x, y, (g, x1, y1) -> b * x1 > threshold ? g : g * (float) (1 / (1 + Math.exp(-b * x1))));
    }

    /** {@code y = min(max(x, lo), hi)};  ∂y/∂x = 1 for lo ≤ x ≤ hi (bounds included, as PyTorch), else 0. */
    public static Variable clamp(Variable x, float lo, float hi) {
        return unary("clamp", x, x.value().clamp(lo, hi), (g, x1, y) -> x1 >= lo && x1 <= hi ? g : 0);
    }

    // ---------------------------------------------------------------- selections

    /**
     * {@code y = max(a, b)} (NaN if either is);  the gradient goes to the larger operand, half to each on a tie. As
     * PyTorch 1.13's derivative, {@code ∂L/∂a = where(a == b, g/2, g).masked_fill(a < b, 0)} and likewise for b:
     * an operand is denied the gradient only by a comparison that holds, so where a NaN makes every comparison
     * false, both operands receive all of g.
     */
    public static Variable maximum(Variable a, Variable b) {
        return binary("maximum", a, b, zip(MAX, a, b), MAXIMUM_DERIVATIVE);
    }

    private static final Backward MAXIMUM_DERIVATIVE = binaryDerivative(
            (g, x1, x2, y) -> x1 == x2 ? g / 2 : x1 < x2 ? 0 : g,
            (g, x1, x2, y) -> x1 == x2 ? g / 2 : x2 < x1 ? 0 : g);

    /**
     * {@code y = min(a, b)} (NaN if either is);  the gradient goes to the smaller operand, half to each on a tie, and
     * to both where a NaN is involved — {@link #maximum}'s rule with the comparisons reversed, as PyTorch.
     */
    public static Variable minimum(Variable a, Variable b) {
        return binary("minimum", a, b, zip(MIN, a, b), MINIMUM_DERIVATIVE);
    }

    private static final Backward MINIMUM_DERIVATIVE = binaryDerivative(
            (g, x1, x2, y) -> x1 == x2 ? g / 2 : x1 > x2 ? 0 : g,
            (g, x1, x2, y) -> x1 == x2 ? g / 2 : x2 > x1 ? 0 : g);

    /**
     * {@code y = a} where {@code condition ≠ 0}, else {@code b} — PyTorch's {@code torch.where}, all three
     * broadcasting to one shape. A selection, not a blend: a NaN or infinity in the operand not chosen stays out of
     * both the value and the gradients. ∂L/∂a = g where the condition holds, 0 elsewhere; ∂L/∂b = g where it does
     * not; each summed back to its operand's shape.
     */
    public static Variable where(Tensor condition, Variable a, Variable b) {
        Tensor y = Tensor.where(condition, a.value(), b.value());
        Shape s = y.shape();
        return Variable.fromOp("where", y, (g, grads) -> {
            Tensor c = Pointwise.expand(condition, s);
            for (int k = 0; k < 2; k++) {
                if (grads.needs(k)) {
                    boolean chosen = k == 0;
                    Tensor part = Pointwise.map(g, c, c, c, (gk, ck, unused1, unused2) -> (ck != 0) == chosen ? gk : 0f,
                            Tensor.zeros(s));
                    grads.addFresh(k, Pointwise.reduceTo(part, grads.input(k).shape()));
                }
            }
        }, a, b);
    }

    /**
     * {@code y = x ⊙ m} for a constant mask m that broadcasts to x's shape (dropout: m holds 0 or 1/(1−p));
     * ∂y/∂x = m.
     */
    public static Variable maskMul(Variable x, Tensor mask) {
        if (!mask.shape().broadcastsTo(x.shape())) {
            throw new IllegalArgumentException("maskMul: mask shape " + mask.shape() + " does not broadcast to the "
                    + "input shape " + x.shape());
        }
        return Variable.fromOp("maskMul", x.value().mul(mask), (g, grads) -> grads.addFresh(0, g.mul(mask)), x);
    }

    // ---------------------------------------------------------------- matrix product

    /** {@code Y = A·B} for 2-D A {@code [m, k]} and B {@code [k, n]}; see {@link #matmul(Variable, boolean, Variable, boolean)}. */
    public static Variable matmul(Variable a, Variable b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code Y = op(A)·op(B)}, where op transposes its operand if the flag is set — read through gemm's transpose
     * flags, never copied. With {@code G = ∂L/∂Y}:
     * <pre>
     *   Y = A·B      ∂L/∂A = G·Bᵀ     ∂L/∂B = Aᵀ·G
     *   Y = Aᵀ·B     ∂L/∂A = B·Gᵀ     ∂L/∂B = A·G
     *   Y = A·Bᵀ     ∂L/∂A = G·B      ∂L/∂B = Gᵀ·A
     *   Y = Aᵀ·Bᵀ    ∂L/∂A = Bᵀ·Gᵀ    ∂L/∂B = Gᵀ·Aᵀ
     * </pre>
     * Each gradient is itself one gemm with transpose flags; an input that needs no gradient (a data batch) costs
     * none.
     */
    public static Variable matmul(Variable a, boolean transA, Variable b, boolean transB) {
        Tensor av = a.value(), bv = b.value();
        return Variable.fromOp("matmul", Tensor.matmul(av, transA, bv, transB), (g, grads) -> {
            if (grads.needs(0)) {
                grads.addFresh(0, transA ? Tensor.matmul(bv, transB, g, true) : Tensor.matmul(g, false, bv, !transB));
            }
            if (grads.needs(1)) {
                grads.addFresh(1, transB ? Tensor.matmul(g, true, av, transA) : Tensor.matmul(av, !transA, g, false));
            }
        }, a, b);
    }

    // ---------------------------------------------------------------- the two shapes every entry above takes

    /** {@code op(a, b)} for the forward (see {@link Pointwise#zip(BinaryOp, Tensor, Tensor)}). */
    private static Tensor zip(BinaryOp op, Variable a, Variable b) {
        return Pointwise.zip(op, a.value(), b.value());
    }

    /** {@code op(x, s)} for the forward. */
    private static Tensor zip(BinaryOp op, Variable x, float s) {
        return Pointwise.zip(op, x.value(), s);
    }

    /** {@code op(x)} for the forward. */
    private static Tensor map(UnaryOp op, Variable x) {
        return Pointwise.map(op, x.value());
    }

    /**
     * Records {@code y = f(x)} computed by the caller, with ∂L/∂x given element-wise by {@code dx(g, x, y)}; a
     * derivative that captures nothing is one shared object, so the node costs no closure.
     */
    private static Variable unary(String op, Variable x, Tensor y, Pointwise.UnaryDerivative dx) {
        return Variable.fromOp(op, y, dx, x);
    }

    /**
     * The backward of {@code y = f(a, b)} (broadcasting), with ∂L/∂a and ∂L/∂b given element-wise by
     * {@code da(g, a, b, y)} and {@code db(g, a, b, y)} at the broadcast shape, then summed back to each operand's.
     * Built once per operation (a static field beside it): the derivatives capture nothing, so no node pays for a
     * closure.
     */
    private static Backward binaryDerivative(Pointwise.Fn4 da, Pointwise.Fn4 db) {
        return new Pointwise.BinaryDerivative(da, db);
    }

    /** Records {@code y = f(a, b)} computed by the caller, with its shared backward. */
    private static Variable binary(String op, Variable a, Variable b, Tensor y, Backward derivative) {
        return Variable.fromOp(op, y, derivative, a, b);
    }
}
