package dev.descent.optim.kernel;

import dev.descent.core.Tensor;

/**
 * The fused update kernels: each one makes a whole optimizer step over elements {@code [from, to)} of one parameter in
 * a single pass, reading the value, the gradient and the state once and writing the value and the state once.
 *
 * <p>Every kernel starts from the effective gradient {@code g̃ = (maximize ? −g : g) + λ·θ} (the L2 term only when
 * {@code weightDecay ≠ 0}), as PyTorch does. The per-step constants (bias corrections, the learning rate divided by
 * them, {@code 1 − β}) are computed once per step in double by the optimizer and arrive here as floats in a small
 * record, one per optimizer. A state tensor that an option turns off (the momentum buffer of plain SGD, AMSGrad's
 * maximum, centred RMSprop's mean gradient) is passed as {@code null}.
 *
 * <p>{@link ScalarUpdateKernels} is the definition: plain loops that read like the formulas. The Vector API twin in
 * {@code dev.descent.optim.kernel.simd} performs the same float operations in the same order, so the two agree to the
 * bit; a test keeps them so. Updates are element-wise, so splitting a parameter into ranges (over threads) changes
 * nothing either.
 */
public interface UpdateKernels {
    /** {@code "scalar"} or {@code "simd-<lanes>x32"}. */
    String name();

    /** SGD, with momentum and Nesterov when {@code buf} is given: see {@link #sgd}. */
    record SgdStep(float lr, float weightDecay, float momentum, float oneMinusDampening, boolean nesterov,
                   boolean maximize, boolean firstStep) {
    }

    /**
     * <pre>
     * without momentum (buf == null):  θ ← θ − lr·g̃
     * with momentum:                   b ← firstStep ? g̃ : μ·b + (1−τ)·g̃
     *                                  d ← nesterov ? g̃ + μ·b : b
     *                                  θ ← θ − lr·d
     * </pre>
     */
    void sgd(SgdStep c, Tensor p, Tensor g, Tensor buf, int from, int to);

    /** AdaGrad, with {@code clr = lr / (1 + (t−1)·lrDecay)}. */
    record AdaGradStep(float clr, float eps, float weightDecay, boolean maximize) {
    }

    /**
     * <pre>
     * s ← s + g̃²
     * θ ← θ − clr·g̃ / (√s + ε)          ε outside the root
     * </pre>
     */
    void adaGrad(AdaGradStep c, Tensor p, Tensor g, Tensor sum, int from, int to);

    /** AdaDelta. */
    record AdaDeltaStep(float lr, float rho, float oneMinusRho, float eps, float weightDecay, boolean maximize) {
    }

    /**
     * <pre>
     * v ← ρ·v + (1−ρ)·g̃²
     * Δ ← √(u + ε) / √(v + ε) · g̃         ε inside both roots; u is last step's
     * u ← ρ·u + (1−ρ)·Δ²
     * θ ← θ − lr·Δ
     * </pre>
     */
    void adaDelta(AdaDeltaStep c, Tensor p, Tensor g, Tensor squareAvg, Tensor accDelta, int from, int to);

    /** RMSprop; centred when {@code gradAvg} is given, with momentum when {@code buf} is given. */
    record RmsPropStep(float lr, float alpha, float oneMinusAlpha, float eps, float momentum, float weightDecay,
                       boolean maximize) {
    }

    /**
     * <pre>
     * v ← α·v + (1−α)·g̃²
     * centred:  ḡ ← α·ḡ + (1−α)·g̃;   d ← √max(v − ḡ², 0) + ε      (the max only stops rounding making a NaN)
     * else:     d ← √v + ε                                         ε outside the root
     * momentum: b ← μ·b + g̃/d;  θ ← θ − lr·b
     * else:     θ ← θ − lr·g̃/d
     * </pre>
     */
    void rmsProp(RmsPropStep c, Tensor p, Tensor g, Tensor squareAvg, Tensor gradAvg, Tensor buf, int from, int to);

    /**
     * The constants of one step of the Adam family, which shares one kernel. With bc₁ = 1 − β₁ᵗ, bc₂ = 1 − β₂ᵗ:
     * <ul>
     *   <li>Adam, AMSGrad, AdamW: {@code momentumStep = lr·√bc₂/bc₁}, {@code gradStep = 0}, adaptive;</li>
     *   <li>NAdam: {@code momentumStep = lr·μₜ₊₁/(1 − ∏μ·μₜ₊₁)·√bc₂}, {@code gradStep = lr·(1 − μₜ)/(1 − ∏μ)·√bc₂},
     *       adaptive;</li>
     *   <li>RAdam: {@code momentumStep = lr·r·√bc₂/bc₁}, adaptive, once the variance is rectifiable, and
     *       {@code lr/bc₁}, not adaptive, before;</li>
     * </ul>
     * {@code epsHat = ε·√bc₂} (ε for RAdam, which adds it to the uncorrected root), and {@code shrink = 1 − lr·λ}
     * for decoupled weight decay, 1 otherwise.
     */
    record AdamStep(float momentumStep, float gradStep, boolean adaptive, float beta1, float oneMinusBeta1,
                    float beta2, float oneMinusBeta2, float epsHat, float weightDecay, float shrink,
                    boolean maximize) {
    }

    /**
     * <pre>
     * θ ← shrink·θ                                    (AdamW, decoupled weight decay)
     * m ← β₁·m + (1−β₁)·g̃
     * v ← β₂·v + (1−β₂)·g̃²
     * v̂ ← amsgrad ? (vMax ← max(vMax, v)) : v
     * s ← momentumStep·m + gradStep·g̃                  (the g̃ term: NAdam only)
     * θ ← θ − (adaptive ? s / (√v̂ + epsHat) : s)
     * </pre>
     * For Adam this is PyTorch's {@code θ − lr/bc₁ · m / (√v̂/√bc₂ + ε)} — ε outside the root, after the bias
     * correction — with √bc₂ multiplied through: the same value in real arithmetic, one division per element fewer;
     * likewise NAdam's {@code θ − a·g̃/d − b·m/d} with {@code d = √(v/bc₂) + ε}.
     */
    void adam(AdamStep c, Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, int from, int to);

    /** Adamax: {@code clr = lr / (1 − β₁ᵗ)}. */
    record AdamaxStep(float clr, float beta1, float oneMinusBeta1, float beta2, float eps, float weightDecay,
                      boolean maximize) {
    }

    /**
     * <pre>
     * m ← β₁·m + (1−β₁)·g̃
     * u ← max(β₂·u, |g̃| + ε)                  ε inside the max
     * θ ← θ − clr·m / u
     * </pre>
     */
    void adamax(AdamaxStep c, Tensor p, Tensor g, Tensor m, Tensor u, int from, int to);
}
