package dev.descent.nn;

import dev.descent.autograd.GradCheck;
import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchNorm1dTest {

    /** The readable twin: the training-mode formula in core tensor operations. */
    static Tensor reference(Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor mean = x.mean(0, true);
        Tensor var = x.variance(0, true, false);
        return x.sub(mean).div(var.add((float) eps).sqrt()).mul(gamma).add(beta);
    }

    @Property(tries = 30)
    void trainingForwardMatchesTheReference(@ForAll @IntRange(min = 2, max = 40) int n,
                                            @ForAll @IntRange(min = 1, max = 40) int d, @ForAll long seed) {
        Rng rng = new Rng(seed);
        BatchNorm1d bn = new BatchNorm1d(d);
        bn.weight().value().copyFrom(Tensor.normal(rng, 1, 0.5f, d));
        bn.bias().value().copyFrom(Tensor.normal(rng, 0, 0.5f, d));
        Tensor x = Tensor.normal(rng, 3, 2, n, d);
        Tensor y = bn.forward(x).value();
        Tensor expected = reference(x, bn.weight().value(), bn.bias().value(), 1e-5);
        assertTrue(y.allClose(expected, 1e-4f, 1e-4f), () -> y + " vs " + expected);
    }

    @Property(tries = 30)
    void fusedTrainingBackwardMatchesNumericalGradients(@ForAll @IntRange(min = 2, max = 6) int n,
                                                        @ForAll @IntRange(min = 1, max = 4) int d,
                                                        @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = TestBatches.spread(rng, n, d);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, d);
        Tensor beta = Tensor.normal(rng, 0, 0.5f, d);
        GradCheck.Report r = GradCheck.check(v -> BatchNorm1d.apply(v[0], v[1], v[2], Tensor.zeros(d),
                Tensor.ones(d), true, 0.1, 1e-5), x, gamma, beta);
        assertTrue(r.passed(), r::toString);
    }

    @Property(tries = 20)
    void fusedEvalBackwardMatchesNumericalGradients(@ForAll @IntRange(min = 1, max = 5) int n,
                                                    @ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.normal(rng, 0, 1, n, d);
        Tensor gamma = Tensor.normal(rng, 1, 0.5f, d);
        Tensor beta = Tensor.normal(rng, 0, 0.5f, d);
        Tensor mean = Tensor.normal(rng, 0, 1, d);
        Tensor var = Tensor.uniform(rng, 0.5f, 2f, d);
        GradCheck.Report r = GradCheck.check(v -> BatchNorm1d.apply(v[0], v[1], v[2], mean, var, false, 0.1, 1e-5),
                x, gamma, beta);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void withoutAffineOnlyTheInputHasAGradient() {
        Tensor x = TestBatches.spread(new Rng(1), 5, 3);
        GradCheck.Report r = GradCheck.check(v -> BatchNorm1d.apply(v[0], null, null, Tensor.zeros(3), Tensor.ones(3),
                true, 0.1, 1e-5), x);
        assertTrue(r.passed(), r::toString);
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, false);
        assertEquals(0, bn.parameterCount());
        assertEquals(java.util.List.of("running_mean", "running_var", "num_batches_tracked"),
                java.util.List.copyOf(bn.stateDict().keySet()));
    }

    @Test
    void aFeatureWithALargeMeanAndASmallSpreadNormalizesAccurately() {
        int n = 64;
        Tensor x = Tensor.zeros(n, 1);
        Rng rng = new Rng(8);
        for (int r = 0; r < n; r++) {
            x.set(1000f + (float) (0.01 * rng.nextGaussian()), r, 0);
        }
        double mean = 0, m2 = 0;
        for (int r = 0; r < n; r++) {
            mean += x.get(r, 0);
        }
        mean /= n;
        for (int r = 0; r < n; r++) {
            m2 += (x.get(r, 0) - mean) * (x.get(r, 0) - mean);
        }
        double std = Math.sqrt(m2 / n + 1e-5);
        Tensor y = new BatchNorm1d(1).forward(x).value();
        for (int r = 0; r < n; r++) {
            // Float sums of values near 1000 lose this spread, and even the correctly rounded float mean is off by
            // up to 3·10⁻⁵, a few thousandths of it; summing deviations and splitting the mean into two floats keep
            // the error of x̂ at the level of x's own rounding (either omission alone fails this by 100×).
            assertEquals((x.get(r, 0) - mean) / std, y.get(r, 0), 2e-5 * Math.max(1, Math.abs(y.get(r, 0))));
        }
    }

    @Test
    void runningStatisticsFollowPyTorch() {
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 6, 60}, 3, 2);
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.forward(x);
        // batch mean (3, 30); unbiased variance (7, 700); running = 0.9·initial + 0.1·batch
        assertTrue(bn.runningMean().allClose(Tensor.vector(0.3f, 3f), 1e-6f, 1e-6f), bn.runningMean()::toString);
        assertTrue(bn.runningVar().allClose(Tensor.vector(0.9f + 0.7f, 0.9f + 70f), 1e-6f, 1e-5f),
                bn.runningVar()::toString);
        assertEquals(1f, bn.stateDict().get("num_batches_tracked").item());
        bn.forward(x);
        assertEquals(2f, bn.stateDict().get("num_batches_tracked").item());
        assertTrue(bn.runningMean().allClose(Tensor.vector(0.57f, 5.7f), 1e-6f, 1e-6f));
    }

    @Test
    void evalUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.runningMean().copyFrom(Tensor.vector(1f, -1f));
        bn.runningVar().copyFrom(Tensor.vector(4f, 0.25f));
        bn.weight().value().copyFrom(Tensor.vector(2f, 3f));
        bn.bias().value().copyFrom(Tensor.vector(0.5f, 0f));
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new float[] {3f, 0f}, 1, 2)).value();
        float s0 = (float) (1 / Math.sqrt(4 + 1e-5)), s1 = (float) (1 / Math.sqrt(0.25 + 1e-5));
        assertTrue(y.allClose(Tensor.of(new float[] {2 * 2 * s0 + 0.5f, 3 * 1 * s1}, 1, 2), 1e-6f, 1e-6f), y::toString);
        assertEquals(0f, bn.stateDict().get("num_batches_tracked").item());
        assertTrue(bn.runningMean().sameBits(Tensor.vector(1f, -1f)));
    }

    @Test
    void trainingOnASingleExampleIsRefused() {
        BatchNorm1d bn = new BatchNorm1d(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.forward(Tensor.zeros(1, 4)));
        assertTrue(e.getMessage().contains("more than 1 value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(3, 5)));
        assertEquals(0f, bn.stateDict().get("num_batches_tracked").item());
    }

    @Test
    void gradientsOfALossThroughTheModuleReachGammaAndBeta() {
        BatchNorm1d bn = new BatchNorm1d(3);
        Variable x = Variable.parameter(Tensor.normal(new Rng(3), 0, 1, 4, 3));
        bn.forward(x).backward(Tensor.ones(4, 3)); // the gradient of Σ y
        // Σ y = Σ (γ·x̂ + β): ∂/∂β = N, ∂/∂γ = Σ x̂ = 0, ∂/∂x = 0 (a shift of x does not change x̂).
        assertTrue(bn.bias().grad().allClose(Tensor.full(4f, 3), 0f, 1e-6f));
        assertTrue(bn.weight().grad().allClose(Tensor.zeros(3), 0f, 1e-5f));
        assertTrue(x.grad().allClose(Tensor.zeros(4, 3), 0f, 1e-5f));
    }

    @Test
    void momentumNoneKeepsThePlainAverageOfTheBatchStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, OptionalDouble.empty(), true, true);
        Rng rng = new Rng(8);
        Tensor a = Tensor.normal(rng, 1, 2, 5, 2), b = Tensor.normal(rng, -1, 1, 3, 2), c = Tensor.normal(rng, 0, 3, 4, 2);
        for (Tensor x : new Tensor[] {a, b, c}) {
            bn.forward(x);
        }
        // the running mean starts at 0 and the running variance at 1, but the first batch's factor 1/1 forgets them
        Tensor mean = a.mean(0, false).add(b.mean(0, false)).add(c.mean(0, false)).div(3f);
        Tensor var = a.variance(0, false, true).add(b.variance(0, false, true)).add(c.variance(0, false, true)).div(3f);
        assertTrue(bn.runningMean().allClose(mean, 1e-5f, 1e-6f), bn.runningMean()::toString);
        assertTrue(bn.runningVar().allClose(var, 1e-5f, 1e-6f), bn.runningVar()::toString);
        assertEquals(3f, bn.stateDict().get("num_batches_tracked").item());
    }

    @Test
    void withoutRunningStatisticsEvalNormalizesWithTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, OptionalDouble.of(0.1), false, false);
        assertTrue(bn.stateDict().isEmpty(), () -> bn.stateDict().keySet().toString());
        assertTrue(bn.runningMean() == null && bn.runningVar() == null);
        Tensor x = Tensor.normal(new Rng(9), 2, 3, 6, 3);
        Tensor train = bn.forward(x).value();
        bn.eval();
        assertTrue(bn.forward(x).value().sameBits(train));
        assertTrue(train.allClose(reference(x, Tensor.ones(3), Tensor.zeros(3), 1e-5), 1e-5f, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> BatchNorm1d.apply(Variable.constant(x), null, null, null,
                null, false, 0.1, 1e-5));
    }

    @Property(tries = 15)
    void channelsOfASequenceNormalizeAsTheRowsOfTheirVectors(@ForAll @IntRange(min = 1, max = 3) int n,
                                                             @ForAll @IntRange(min = 1, max = 3) int d,
                                                             @ForAll @IntRange(min = 2, max = 4) int l,
                                                             @ForAll long seed) {
        Rng rng = new Rng(seed);
        // Each channel's N·L values well apart, as TestBatches.spread makes a batch's rows: with two values close
        // together the normalization is so curved that float32 finite differences cannot follow it.
        Tensor spread = TestBatches.spread(rng, n * l, d);
        Tensor x = Tensor.zeros(n, d, l);
        for (int e = 0; e < n; e++) {
            for (int c = 0; c < d; c++) {
                for (int i = 0; i < l; i++) {
                    x.set(spread.get(e * l + i, c), e, c, i);
                }
            }
        }
        Tensor gamma = Tensor.normal(rng, 1, 0.3f, d), beta = Tensor.normal(rng, 0, 1, d);
        Tensor y = BatchNorm1d.apply(Variable.constant(x), Variable.constant(gamma), Variable.constant(beta), null,
                null, true, 0.1, 1e-5).value();
        // per channel c, over the N·L values x[·, c, ·]
        Tensor rows = x.reshape(n, d, l);
        for (int c = 0; c < d; c++) {
            double mean = 0, sq = 0;
            for (int e = 0; e < n; e++) {
                for (int i = 0; i < l; i++) {
                    mean += rows.get(e, c, i);
                }
            }
            mean /= n * l;
            for (int e = 0; e < n; e++) {
                for (int i = 0; i < l; i++) {
                    sq += Math.pow(rows.get(e, c, i) - mean, 2);
                }
            }
            double invStd = 1 / Math.sqrt(sq / (n * l) + 1e-5);
            for (int e = 0; e < n; e++) {
                for (int i = 0; i < l; i++) {
                    double expected = gamma.getFlat(c) * (rows.get(e, c, i) - mean) * invStd + beta.getFlat(c);
                    assertEquals(expected, y.get(e, c, i), 1e-4);
                }
            }
        }
        GradCheck.Report r = GradCheck.check(v -> BatchNorm1d.apply(v[0], v[1], v[2], null, null, true, 0.1, 1e-5),
                x, gamma, beta);
        assertTrue(r.passed(), r::toString);
    }
}
