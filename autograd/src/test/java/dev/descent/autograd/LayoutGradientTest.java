package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static dev.descent.autograd.Gen.assertGradients;

/**
 * Reshape, transpose, row slices and gathers, concatenation: analytic gradient = GradCheck's. Each function is
 * followed by an element-wise square so that the gradient depends on where every element went.
 */
class LayoutGradientTest extends ShapeProviders {
    private static final int TRIES = 12;

    @Property(tries = TRIES)
    void reshape(@ForAll("dims") int[] s, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        int[] reversed = new int[s.length];
        for (int k = 0; k < s.length; k++) {
            reversed[k] = s[s.length - 1 - k];
        }
        assertGradients(v -> v[0].reshape(reversed).square(), x);
        assertGradients(v -> v[0].reshape(1, -1).square(), x);
    }

    @Property(tries = TRIES)
    void transpose(@ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 4) int n,
                   @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), new int[] {m, n}, -2, 2);
        Tensor w = Gen.uniform(new Rng(~seed), new int[] {m, n}, -2, 2);
        assertGradients(v -> v[0].transpose().matmul(Variable.constant(w)), x);
    }

    @Property(tries = TRIES)
    void rows(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        int from = r.nextInt(s[0]), to = from + 1 + r.nextInt(s[0] - from);
        assertGradients(v -> v[0].rows(from, to).square(), Gen.uniform(r, s, -2, 2));
    }

    @Property(tries = TRIES)
    void gatherRows(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll @IntRange(max = 6) int count) {
        Rng r = new Rng(seed);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = r.nextInt(s[0]); // repeats are likely: the gradient must add up
        }
        assertGradients(v -> v[0].gatherRows(indices).square(), Gen.uniform(r, s, -2, 2));
    }

    @Property(tries = TRIES)
    void concat(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int extra) {
        Rng r = new Rng(seed);
        int axis = r.nextInt(s.length);
        int[] other = s.clone();
        other[axis] = extra;
        Tensor a = Gen.uniform(r, s, -2, 2), b = Gen.uniform(r, other, -2, 2), c = Gen.uniform(r, s, -2, 2);
        assertGradients(v -> Variable.concat(axis, v[0], v[1], v[2]).square(), a, b, c);
        // a middle part that needs no gradient, and the axis counted from the end
        assertGradients(v -> Variable.concat(axis - s.length, v[0], v[1], v[2]).square(),
                Variable.parameter(a), Variable.constant(b), Variable.parameter(c));
    }
}
