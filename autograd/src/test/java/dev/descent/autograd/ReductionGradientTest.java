package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static dev.descent.autograd.Gen.assertGradients;

/** Reductions and the softmax family: analytic gradient = GradCheck's, on random shapes, axes and inputs. */
class ReductionGradientTest extends ShapeProviders {
    private static final int TRIES = 12;

    /** An axis of a shape of rank r, from the seed: any of −r..r−1. */
    private static int axis(int[] dims, long seed) {
        return new Rng(seed ^ 0xa11).nextInt(2 * dims.length) - dims.length;
    }

    @Property(tries = TRIES)
    void sumAndMeanOfAll(@ForAll("dims") int[] s, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        assertGradients(v -> v[0].sum(), x);
        assertGradients(v -> v[0].mean(), x);
    }

    @Property(tries = TRIES)
    void sumAndMeanAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        int axis = axis(s, seed);
        assertGradients(v -> v[0].sum(axis, keepDims), x);
        assertGradients(v -> v[0].mean(axis, keepDims), x);
    }

    @Property(tries = TRIES)
    void maxOfAll(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].max(), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void maxAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = axis(s, seed);
        assertGradients(v -> v[0].max(axis, keepDims), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void minOfAllAndAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = axis(s, seed);
        assertGradients(v -> v[0].min(), Gen.distinct(new Rng(seed), s));
        assertGradients(v -> v[0].min(axis, keepDims), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void varianceBiasedAndUnbiased(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims,
                                   @ForAll boolean unbiased) {
        int axis = axis(s, seed);
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        if (s[Math.floorMod(axis, s.length)] > (unbiased ? 1 : 0)) {
            assertGradients(v -> v[0].variance(axis, keepDims, unbiased), x);
        }
        if (x.size() > 1) {
            assertGradients(v -> v[0].variance(unbiased), x);
        }
    }

    @Property(tries = TRIES)
    void softmax(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        int axis = axis(s, seed);
        assertGradients(v -> v[0].softmax(axis), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void logSoftmax(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        int axis = axis(s, seed);
        assertGradients(v -> v[0].logSoftmax(axis), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = axis(s, seed);
        assertGradients(v -> v[0].logSumExp(axis, keepDims), Gen.uniform(new Rng(seed), s, -2, 2));
    }
}
