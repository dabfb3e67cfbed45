package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * L1 and L2 penalties on chosen parameters, added to the data loss — regularization as the lecture presents it:
 *
 * <pre>
 *   total = data_loss + λ₂·Σ_W Σᵢⱼ Wᵢⱼ² + λ₁·Σ_W Σᵢⱼ |Wᵢⱼ|
 *   ∂total/∂Wᵢⱼ = ∂data_loss/∂Wᵢⱼ + 2·λ₂·Wᵢⱼ + λ₁·sign(Wᵢⱼ)     (sign(0) = 0, as PyTorch's abs)
 * </pre>
 *
 * over the weights {@code W} the {@link Selector} picks — by default the weights of the {@link Linear} layers (not
 * their biases, not BatchNorm's γ and β), as is usual: a bias shifts a unit rather than scaling an input, and
 * shrinking it buys no smoothness. The penalty is composed of autograd operations (square or abs, then sum), so its
 * gradient arrives through the same backward pass as the data loss's.
 *
 * <p>Note that L2 here is the lecture's {@code λ·ΣW²}, whose gradient is {@code 2λW}; PyTorch's optimizer
 * {@code weight_decay=wd} adds {@code wd·W} to the gradient instead, so it matches {@code λ = wd/2} (for SGD; for
 * Adam they differ, see AdamW).
 *
 * <pre>{@code
 * Regularization reg = Regularization.of(1e-5, 1e-4);       // λ₁, λ₂, on Linear weights
 * Variable total = reg.addTo(loss.forward(model.forward(x), y), model);
 * total.backward();
 * }</pre>
 */
public final class Regularization {

    /** Chooses the parameters a penalty applies to. */
    @FunctionalInterface
    public interface Selector {
        /**
         * @param localName the parameter's name in its module ({@code weight}, {@code bias})
         * @param owner     the module that registered it
         */
        boolean test(String localName, Module owner);
    }

    /** The weights of {@link Linear} layers (the default). */
    public static final Selector LINEAR_WEIGHTS = (name, owner) -> owner instanceof Linear && name.equals("weight");
    /** Every parameter named {@code weight}: Linear weights and BatchNorm's γ. */
    public static final Selector ALL_WEIGHTS = (name, owner) -> name.equals("weight");
    /** Every parameter. */
    public static final Selector ALL = (name, owner) -> true;

    private final double l1;
    private final double l2;
    private final Selector selector;

    private Regularization(double l1, double l2, Selector selector) {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("Regularization: λ₁ and λ₂ must be finite and ≥ 0, got l1=" + l1
                    + " l2=" + l2);
        }
        this.l1 = l1;
        this.l2 = l2;
        this.selector = selector;
    }

    /** λ₁·Σ|W| + λ₂·ΣW² on the weights of Linear layers. */
    public static Regularization of(double l1, double l2) {
        return new Regularization(l1, l2, LINEAR_WEIGHTS);
    }

    /** λ₁·Σ|W| on the weights of Linear layers (lasso). */
    public static Regularization l1(double lambda) {
        return of(lambda, 0);
    }

    /** λ₂·ΣW² on the weights of Linear layers (ridge, weight decay). */
    public static Regularization l2(double lambda) {
        return of(0, lambda);
    }

    /** The same penalties on the parameters {@code selector} picks. */
    public Regularization on(Selector selector) {
        return new Regularization(l1, l2, selector);
    }

    public double l1() {
        return l1;
    }

    public double l2() {
        return l2;
    }

    /** The parameters the penalty covers, in {@link Module#namedParameters()} order. */
    public List<Variable> parameters(Module model) {
        List<Variable> out = new ArrayList<>();
        for (Module m : model.namedModules().values()) {
            for (Map.Entry<String, Variable> p : m.ownParameters().entrySet()) {
                if (selector.test(p.getKey(), m) && !out.contains(p.getValue())) {
                    out.add(p.getValue());
                }
            }
        }
        return out;
    }

    /** The penalty {@code λ₁·Σ|W| + λ₂·ΣW²}, a scalar (a constant 0 when both λ are 0 or nothing is selected). */
    public Variable penalty(Module model) {
        Variable total = null;
        for (Variable w : parameters(model)) {
            if (l2 != 0) {
                total = plus(total, w.square().sum().mul((float) l2));
            }
            if (l1 != 0) {
                total = plus(total, w.abs().sum().mul((float) l1));
            }
        }
        return total != null ? total : Variable.constant(Tensor.scalar(0f));
    }

    /** {@code dataLoss + penalty(model)}; the data loss itself when there is no penalty. */
    public Variable addTo(Variable dataLoss, Module model) {
        if (l1 == 0 && l2 == 0) {
            return dataLoss;
        }
        return dataLoss.add(penalty(model));
    }

    private static Variable plus(Variable sum, Variable term) {
        return sum == null ? term : sum.add(term);
    }

    @Override
    public String toString() {
        return "Regularization(l1=" + l1 + ", l2=" + l2 + ")";
    }
}
