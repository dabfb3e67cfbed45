package dev.descent.examples;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.Hyperparameters;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamState;

import java.util.List;

/**
 * Example 3 — a custom optimizer written against the {@code optim} API: signSGD (Bernstein et al., 2018,
 * "signSGD: Compressed Optimisation for Non-Convex Problems").
 *
 * <pre>
 *   θ ← θ − lr · sign(g)
 * </pre>
 *
 * Every coordinate moves by exactly lr, whatever the size of its gradient: only the direction counts. That makes it
 * robust to badly scaled gradients (like the adaptive methods, which divide by a running RMS) and cheap to
 * communicate (one bit per coordinate) — but it never slows down near a minimum unless lr decays.
 *
 * <p>What a new optimizer needs: an options record implementing {@link Hyperparameters} (the learning rate and a
 * {@code withLr} copy, so schedules can change it), a constructor taking the parameters, and {@link #update}, called
 * by {@link Optimizer#step()} once per parameter that has a gradient. Parameter groups, {@code zeroGrad}, schedules
 * ({@code LrScheduler}) and state dicts then work as for the built-in optimizers.
 */
public final class SignSgd extends Optimizer<SignSgd.Options> {

    /** signSGD's only hyper-parameter. */
    public record Options(double lr) implements Hyperparameters<Options> {
        public Options {
            if (!(lr >= 0)) {
                throw new IllegalArgumentException("SignSgd lr must be ≥ 0, got " + lr);
            }
        }

        @Override
        public Options withLr(double newLr) {
            return new Options(newLr);
        }
    }

    public SignSgd(List<Variable> params, double lr) {
        super(params, new Options(lr));
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState state, Options options) {
        // The raw storage: a parameter's elements are value.array()[value.offset() ...], row-major.
        float[] v = value.array(), g = grad.array();
        int vo = value.offset(), go = grad.offset();
        float lr = (float) options.lr();
        for (int i = 0; i < value.size(); i++) {
            v[vo + i] -= lr * Math.signum(g[go + i]);
        }
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(); // signSGD remembers nothing between steps
    }
}
