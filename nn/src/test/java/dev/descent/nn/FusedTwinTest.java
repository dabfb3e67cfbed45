package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.nn.loss.BCEWithLogitsLoss;
import dev.descent.nn.loss.CrossEntropyLoss;
import dev.descent.nn.loss.MSELoss;
import dev.descent.nn.loss.Reduction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fused operation of nn against its readable twin: the same formula composed of elementary autograd
 * operations, whose gradients autograd derives by the chain rule. Values and all input gradients must agree — so the
 * hand-derived backward passes are checked against an independent derivation, on inputs far larger than a
 * numerical gradient check can afford.
 */
class FusedTwinTest {

    @Property(tries = 25)
    void linear(@ForAll @IntRange(min = 1, max = 64) int n, @ForAll @IntRange(min = 1, max = 64) int in,
                @ForAll @IntRange(min = 1, max = 64) int out, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor[] t = {Tensor.normal(rng, 0, 1, n, in), Tensor.normal(rng, 0, 1, out, in), Tensor.normal(rng, 0, 1, out)};
        assertTwins(v -> Linear.apply(v[0], v[1], v[2]),
                v -> Variable.matmul(v[0], false, v[1], true).add(v[2]), rng, t);
    }

    @Property(tries = 25)
    void batchNormTraining(@ForAll @IntRange(min = 2, max = 64) int n, @ForAll @IntRange(min = 1, max = 48) int d,
                           @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor[] t = {TestBatches.spread(rng, n, d), Tensor.normal(rng, 1, 0.5f, d), Tensor.normal(rng, 0, 1, d)};
        assertTwins(v -> BatchNorm1d.apply(v[0], v[1], v[2], Tensor.zeros(d), Tensor.ones(d), true, 0.1, 1e-5),
                v -> {
                    Variable centred = v[0].sub(v[0].mean(0, true));
                    Variable std = centred.square().mean(0, true).add(1e-5f).sqrt();
                    return centred.div(std).mul(v[1]).add(v[2]);
                }, rng, t);
    }

    @Property(tries = 25)
    void batchNormEval(@ForAll @IntRange(min = 1, max = 64) int n, @ForAll @IntRange(min = 1, max = 48) int d,
                       @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor mean = Tensor.normal(rng, 0, 1, d);
        Tensor var = Tensor.uniform(rng, 0.2f, 3f, d);
        Tensor[] t = {Tensor.normal(rng, 0, 2, n, d), Tensor.normal(rng, 1, 0.5f, d), Tensor.normal(rng, 0, 1, d)};
        assertTwins(v -> BatchNorm1d.apply(v[0], v[1], v[2], mean, var, false, 0.1, 1e-5),
                v -> v[0].sub(Variable.constant(mean)).div(Variable.constant(var.add(1e-5f).sqrt())).mul(v[1])
                        .add(v[2]), rng, t);
    }

    @Property(tries = 25)
    void crossEntropy(@ForAll @IntRange(min = 1, max = 64) int n, @ForAll @IntRange(min = 1, max = 20) int c,
                      @ForAll @DoubleRange(min = 0, max = 1) double eps, @ForAll long seed) {
        Rng rng = new Rng(seed);
        int[] y = new int[n];
        Tensor q = Tensor.full((float) (eps / c), n, c);
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(c);
            q.set(q.get(i, y[i]) + (float) (1 - eps), i, y[i]);
        }
        Tensor[] t = {Tensor.normal(rng, 0, 3, n, c)};
        assertTwins(v -> new CrossEntropyLoss(Reduction.MEAN, eps).forward(v[0], y),
                v -> v[0].logSoftmax(1).mul(Variable.constant(q)).sum().mul(-1f / n), rng, t);
    }

    @Property(tries = 25)
    void mse(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 40) int d,
             @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor target = Tensor.normal(rng, 0, 1, n, d);
        Tensor[] t = {Tensor.normal(rng, 0, 1, n, d)};
        assertTwins(v -> new MSELoss().forward(v[0], target),
                v -> v[0].sub(Variable.constant(target)).square().mean(), rng, t);
    }

    @Property(tries = 25)
    void bceWithLogits(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 40) int d,
                       @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor target = Tensor.uniform(rng, 0, 1, n, d);
        Tensor[] t = {Tensor.normal(rng, 0, 3, n, d)};
        // −t·log σ(x) − (1 − t)·log(1 − σ(x)), with log σ(x) = −softplus(−x) and log(1 − σ(x)) = −softplus(x).
        Variable tv = Variable.constant(target);
        Variable one = Variable.constant(Tensor.ones(n, d));
        assertTwins(v -> new BCEWithLogitsLoss().forward(v[0], target),
                v -> tv.mul(v[0].neg().softplus()).add(one.sub(tv).mul(v[0].softplus())).mean(), rng, t);
    }

    /**
     * Runs both functions on copies of {@code inputs} (all requiring gradients), backpropagates the same random
     * projection, and compares values and every gradient within float32 rounding of the magnitudes involved.
     */
    private static void assertTwins(Function<Variable[], Variable> fused, Function<Variable[], Variable> twin, Rng rng,
                                    Tensor... inputs) {
        Variable[] a = parameters(inputs);
        Variable[] b = parameters(inputs);
        Variable ya = fused.apply(a);
        Variable yb = twin.apply(b);
        assertClose("value", ya.value(), yb.value());
        Tensor seed = Tensor.normal(rng, 0, 1, ya.shape().dims());
        ya.backward(seed);
        yb.backward(seed);
        for (int i = 0; i < inputs.length; i++) {
            assertClose("gradient of input " + i, a[i].grad(), b[i].grad());
        }
    }

    private static Variable[] parameters(Tensor[] inputs) {
        Variable[] v = new Variable[inputs.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Variable.parameter(inputs[i].copy());
        }
        return v;
    }

    /** Relative 1e-4 with an absolute floor of 1e-5 of the tensor's largest magnitude (for sums that cancel). */
    private static void assertClose(String what, Tensor fused, Tensor twin) {
        float scale = Math.max(1f, twin.abs().max());
        assertTrue(fused.allClose(twin, 1e-4f, 1e-5f * scale), () -> what + ":\nfused " + fused + "\ntwin  " + twin);
    }
}
