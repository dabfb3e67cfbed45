package dev.descent.optim;

import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels;
import dev.descent.optim.kernel.UpdateKernels.AdamStep;

import java.util.List;

/**
 * What Adam, AdamW, NAdam and RAdam share: the moment estimates m and v (and AMSGrad's running maximum of v) as
 * state, one fused kernel ({@link UpdateKernels#adam}), and the two ways of applying weight decay. Each optimizer
 * makes its own {@link AdamStep} — that is where they differ.
 */
final class AdamFamily {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";
    static final List<String> STATE = List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ);

    private AdamFamily() {
    }

    /** Runs the kernel over the parameter, creating m, v (and v̂max with AMSGrad) at zero on first use. */
    static void update(Optimizer<?> optimizer, AdamStep c, Tensor value, Tensor grad, ParamState s, boolean amsgrad) {
        Tensor m = s.tensor(EXP_AVG, value, 0f);
        Tensor v = s.tensor(EXP_AVG_SQ, value, 0f);
        Tensor vMax = amsgrad ? s.tensor(MAX_EXP_AVG_SQ, value, 0f) : null;
        optimizer.inChunks(value.size(), (from, to) -> Optimizer.KERNELS.adam(c, value, grad, m, v, vMax, from, to));
    }

    /** The L2 coefficient λ added to the gradient as λ·θ: none when the decay is decoupled. */
    static float l2(double weightDecay, boolean decoupled) {
        return decoupled ? 0f : (float) weightDecay;
    }

    /** The factor θ is multiplied by first for decoupled decay, 1 − lr·λ (AdamW); 1 for L2. */
    static float shrink(double lr, double weightDecay, boolean decoupled) {
        return decoupled ? (float) (1 - lr * weightDecay) : 1f;
    }
}
