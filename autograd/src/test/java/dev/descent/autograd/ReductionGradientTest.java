package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static dev.descent.autograd.Gen.assertGradients;

/** Reductions and the softmax family: analytic gradient = GradCheck's, on random shapes, axes and inputs. */
class ReductionGradientTest extends ShapeProviders {
    private static final int TRIES = 12;

    @Property(tries = TRIES)
    void sumAndMeanOfAll(@ForAll("dims") int[] s, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        assertGradients(v -> v[0].sum(), x);
        assertGradients(v -> v[0].mean(), x);
    }

    @Property(tries = TRIES)
    void sumAndMeanAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].sum(axis, keepDims), x);
        assertGradients(v -> v[0].mean(axis, keepDims), x);
    }

    @Property(tries = TRIES)
    void maxOfAll(@ForAll("dims") int[] s, @ForAll long seed) {
        assertGradients(v -> v[0].max(), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void maxAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].max(axis, keepDims), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void minOfAllAndAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].min(), Gen.distinct(new Rng(seed), s));
        assertGradients(v -> v[0].min(axis, keepDims), Gen.distinct(new Rng(seed), s));
    }

    @Property(tries = TRIES)
    void varianceBiasedAndUnbiased(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims,
                                   @ForAll boolean unbiased) {
        int axis = Gen.axis(s, seed);
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
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].softmax(axis), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void logSoftmax(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].logSoftmax(axis), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void logSumExp(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        assertGradients(v -> v[0].logSumExp(axis, keepDims), Gen.uniform(new Rng(seed), s, -2, 2));
    }

    @Property(tries = TRIES)
    void stdBiasedAndUnbiased(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims,
                              @ForAll boolean unbiased) {
        int axis = Gen.axis(s, seed);
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        if (s[Math.floorMod(axis, s.length)] > 1) { // one element: y = 0 (biased) or NaN, no derivative
            assertGradients(v -> v[0].std(axis, keepDims, unbiased), x);
        }
        if (x.size() > 1) {
            assertGradients(v -> v[0].std(unbiased), x);
        }
    }

    @Property(tries = TRIES)
    void amaxAndAminOfAllAndAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        Tensor x = Gen.distinct(new Rng(seed), s);
        assertGradients(v -> v[0].amax(), x);
        assertGradients(v -> v[0].amin(), x);
        assertGradients(v -> v[0].amax(axis, keepDims), x);
        assertGradients(v -> v[0].amin(axis, keepDims), x);
    }

    @Property(tries = TRIES)
    void prodOfAllAndAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        Tensor x = Gen.uniform(new Rng(seed), s, -1.5f, 1.5f);
        assertGradients(v -> v[0].prod(), x);
        assertGradients(v -> v[0].prod(axis, keepDims), x);
        x.setFlat(0, 0f); // one zero: its gradient is the product of the others, through the exclusive products
        assertGradients(v -> v[0].prod(), x);
        assertGradients(v -> v[0].prod(axis, keepDims), x);
    }

    /** Magnitudes 0.3 apart and at least 0.1 (no ties for the ∞-norm, no kink of |x| nearby), signs at random. */
    @Property(tries = TRIES)
    void normsOfAllAndAlongAxis(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean keepDims) {
        int axis = Gen.axis(s, seed);
        Tensor magnitudes = Gen.distinct(new Rng(seed), s);
        magnitudes.addi(0.15f * magnitudes.size() + 0.1f);
        Tensor x = magnitudes.mul(Gen.uniform(new Rng(~seed), s, -1, 1).sign());
        for (float p : new float[] {1f, 2f, Float.POSITIVE_INFINITY}) {
            assertGradients(v -> v[0].norm(p), x);
            assertGradients(v -> v[0].norm(p, axis, keepDims), x);
        }
    }
}
