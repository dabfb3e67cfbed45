package dev.descent.optim;

import dev.descent.autograd.Variable;

import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019): {@link Adam} with the weight decay taken out of the gradient and applied to
 * the parameters directly. With L2 in the gradient, Adam divides the decay by √v̂ like everything else, so weights
 * with large gradients are barely decayed; decoupled decay shrinks every weight at the same rate.
 *
 * <p><b>The rule</b> (PyTorch's, as the paper's with the schedule multiplier folded into lr):
 * <pre>
 * θ ← θ·(1 − lr·λ)                      decoupled weight decay, first
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²   (−g when maximizing; no λ·θ in g)
 * θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)   (AMSGrad as in Adam)
 * </pre>
 * The paper writes the decay as {@code η·λ·θ} with η the schedule multiplier and a separate α for the Adam step;
 * PyTorch ties both to lr, and so does this class. Keras's {@code AdamW} applies the same decay.
 */
public final class AdamW extends Adam {
    /** PyTorch's defaults: Adam's, with weight decay 1e-2. */
    public static Options defaults() {
        return Adam.defaults().withWeightDecay(1e-2);
    }

    public AdamW(List<Variable> params, Options options) {
        super(List.of(new ParamGroup<>(params, options)), true);
    }

    public AdamW(List<ParamGroup<Options>> groups) {
        super(groups, true);
    }
}
