package dev.descent.nn.loss;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static dev.descent.nn.loss.LossTest.assertDefinitionAndGradient;
import static dev.descent.nn.loss.LossTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** L1Loss, SmoothL1Loss and HuberLoss against their definitions, numerical gradients and each other. */
class RegressionLossTest {

    /**
     * Predictions {@code t + d} whose differences from the targets {@code t} stay at least 0.1 from 0 and from
     * ±{@code kink}: a central difference straddling a kink would measure the mean of two slopes.
     */
    static Tensor awayFromKinks(Rng rng, Tensor t, double kink) {
        Tensor x = t.copy();
        for (int k = 0; k < x.size(); k++) {
            double d = 0.1 + 2.9 * rng.nextDouble();
            if (Math.abs(d - kink) < 0.1) {
                d += 0.2;
            }
            x.setFlat(k, (float) (t.getFlat(k) + (rng.nextDouble() < 0.5 ? -d : d)));
        }
        return x;
    }

    @Property(tries = 30)
    void l1MatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                           @ForAll @IntRange(min = 1, max = 5) int d,
                                           @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.normal(rng, 0, 1, n, d);
        assertDefinitionAndGradient(new L1Loss(reduction), reduction, awayFromKinks(rng, t, 0), t,
                (xk, tk) -> Math.abs(xk - tk));
    }

    @Property(tries = 30)
    void smoothL1MatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                                 @ForAll @IntRange(min = 1, max = 5) int d,
                                                 @ForAll @DoubleRange(min = 0.3, max = 2) double beta,
                                                 @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.normal(rng, 0, 1, n, d);
        assertDefinitionAndGradient(new SmoothL1Loss(reduction, beta), reduction, awayFromKinks(rng, t, beta), t,
                (xk, tk) -> {
                    double z = Math.abs(xk - tk);
                    return z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
                });
    }

    @Property(tries = 30)
    void huberMatchesItsDefinitionAndGradient(@ForAll @IntRange(min = 1, max = 5) int n,
                                              @ForAll @IntRange(min = 1, max = 5) int d,
                                              @ForAll @DoubleRange(min = 0.3, max = 2) double delta,
                                              @ForAll Reduction reduction, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.normal(rng, 0, 1, n, d);
        assertDefinitionAndGradient(new HuberLoss(reduction, delta), reduction, awayFromKinks(rng, t, delta), t,
                (xk, tk) -> {
                    double z = Math.abs(xk - tk);
                    return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
                });
    }

    /** Huber(δ) = δ·SmoothL1(β = δ), value and gradient, for every element (NONE keeps each item). */
    @Property(tries = 20)
    void huberIsDeltaTimesSmoothL1(@ForAll @DoubleRange(min = 0.1, max = 3) double delta, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 2, 4, 3);
        Tensor t = Tensor.normal(rng, 0, 1, 4, 3);
        Variable a = Variable.parameter(x), b = Variable.parameter(x);
        Variable huber = new HuberLoss(Reduction.NONE, delta).forward(a, t);
        Variable smooth = new SmoothL1Loss(Reduction.NONE, delta).forward(b, t);
        assertTrue(huber.value().allClose(smooth.value().mul((float) delta), 1e-5f, 1e-6f));
        huber.backward(Tensor.ones(4, 3));
        smooth.backward(Tensor.ones(4, 3));
        assertTrue(a.grad().allClose(b.grad().mul((float) delta), 1e-5f, 1e-6f), a.grad()::toString);
    }

    /**
     * At an exact tie L1's slope is 0 (PyTorch's sign(0)); SmoothL1 with β = 0 has L1's value but PyTorch 1.13's
     * slope −1 there (its backward tests d ≤ −β first); at |d| = β the slopes are ±1.
     */
    @Test
    void slopesAtTheKinksAreTorchs() {
        Tensor t = Tensor.vector(1f, 1f, 1f, 1f);
        Tensor x = Tensor.vector(1f, 1.5f, 0.5f, 3f);
        assertEquals(Tensor.vector(0f, 1f, -1f, 1f).toString(), gradient(new L1Loss(Reduction.SUM), x, t).toString());
        assertEquals(Tensor.vector(-1f, 1f, -1f, 1f).toString(),
                gradient(new SmoothL1Loss(Reduction.SUM, 0), x, t).toString());
        assertEquals(Tensor.vector(0f, 1f, -1f, 1f).toString(),
                gradient(new SmoothL1Loss(Reduction.SUM, 0.5), x, t).toString());
        assertEquals(Tensor.vector(0f, 0.5f, -0.5f, 0.5f).toString(),
                gradient(new HuberLoss(Reduction.SUM, 0.5), x, t).toString());
        assertEquals(3f, new SmoothL1Loss(Reduction.SUM, 0).forward(Variable.constant(x), t).value().item());
    }

    @Test
    void badOptionsAndShapesAreNamed() {
        assertMessage(() -> new SmoothL1Loss(Reduction.MEAN, -1), "beta must be finite and >= 0, got -1.0");
        assertMessage(() -> new SmoothL1Loss(Reduction.MEAN, Double.NaN), "beta");
        assertMessage(() -> new HuberLoss(Reduction.MEAN, 0), "delta must be finite and > 0, got 0.0");
        assertMessage(() -> new HuberLoss(Reduction.MEAN, Double.POSITIVE_INFINITY), "delta");
        Variable x = Variable.constant(Tensor.zeros(3, 4));
        assertMessage(() -> new L1Loss().forward(x, Tensor.zeros(4, 3)),
                "l1_loss: target shape [4, 3] differs from prediction shape [3, 4]");
        assertMessage(() -> new HuberLoss().forward(x, Tensor.zeros(4)), "huber_loss: target shape [4]");
        assertMessage(() -> new SmoothL1Loss().forward(x, Tensor.zeros(4)), "smooth_l1_loss: target shape [4]");
    }

    private static Tensor gradient(Loss loss, Tensor x, Tensor t) {
        Variable v = Variable.parameter(x);
        loss.forward(v, t).backward();
        return v.grad();
    }
}
