package dev.descent.examples;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamState;

import java.util.List;

/**
 * Example 3 — a custom optimizer written against the {@code optim} API: signSGD with momentum, "Signum" (Bernstein
 * et al., 2018, "signSGD: Compressed Optimisation for Non-Convex Problems").
 *
 * <pre>
 *   m ← β·m + (1 − β)·g          (m = 0 before the first step; β = 0 gives plain signSGD)
 *   θ ← θ − lr · sign(m)
 * </pre>
 *
 * Every coordinate moves by exactly lr, whatever the size of its gradient: only the direction of the (averaged)
 * gradient counts. That makes it robust to badly scaled gradients (like the adaptive methods, which divide by a
 * running RMS) and cheap to communicate (one bit per coordinate) — but it never slows down near a minimum unless lr
 * decays.
 *
 * <p>What a new optimizer needs: an options record implementing {@link Hyperparameters} (the learning rate and a
 * {@code withLr} copy, so schedules can change it), a constructor taking the parameters, {@link #update}, called by
 * {@link Optimizer#step()} once per parameter that has a gradient, and the names of the state it keeps. Its state —
 * here the momentum buffer, created on the parameter's first update by {@link ParamState#tensor} — then travels in
 * {@code stateDict()} and checkpoints, and parameter groups, {@code zeroGrad} and schedules ({@code LrScheduler})
 * work as for the built-in optimizers.
 */
public final class SignSgd extends Optimizer<SignSgd.Options> {
    /** The state tensor's name, PyTorch's name for a momentum buffer. */
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    /** The learning rate and the momentum β ∈ [0, 1). */
    public record Options(double lr, double beta) implements Hyperparameters<Options> {
        public Options {
            if (!(lr >= 0)) {
                throw new IllegalArgumentException("SignSgd lr must be ≥ 0, got " + lr);
            }
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException("SignSgd beta must be in [0, 1), got " + beta);
            }
        }

        @Override
        public Options withLr(double newLr) {
            return new Options(newLr, beta);
        }
    }

    public SignSgd(List<Variable> params, double lr, double beta) {
        super(params, new Options(lr, beta));
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState state, Options options) {
        Tensor momentum = state.tensor(MOMENTUM_BUFFER, value, 0f); // zeros on the first update, then kept
        // The raw storage: a parameter's elements are value.array()[value.offset() ...], row-major.
        float[] v = value.array(), g = grad.array(), m = momentum.array();
        int vo = value.offset(), go = grad.offset(), mo = momentum.offset();
        float lr = (float) options.lr(), beta = (float) options.beta();
        for (int i = 0; i < value.size(); i++) {
            m[mo + i] = beta * m[mo + i] + (1 - beta) * g[go + i];
            v[vo + i] -= lr * Math.signum(m[mo + i]);
        }
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(MOMENTUM_BUFFER);
    }
}
