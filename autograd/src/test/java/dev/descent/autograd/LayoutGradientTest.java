package dev.descent.autograd;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;

import static dev.descent.autograd.Gen.assertGradients;

/**
 * Reshape, squeeze/unsqueeze, permutations, transposes, flips, slices, splits, row gathers, concatenation, stacking
 * and tril/triu: analytic gradient = GradCheck's. Each function is followed by an element-wise square so that the
 * gradient depends on where every element went.
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

    @Property(tries = TRIES)
    void unsqueezeAndSqueeze(@ForAll("dims") int[] s, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        int dim = new Rng(seed).nextInt(2 * s.length + 2) - s.length - 1;
        assertGradients(v -> v[0].unsqueeze(dim).square(), x);
        assertGradients(v -> v[0].unsqueeze(dim).squeeze().square(), x);
        if (s.length > 0) {
            assertGradients(v -> v[0].squeeze(Gen.axis(s, seed)).square(), x);
        }
    }

    @Property(tries = TRIES)
    void permuteTransposeAndMovedim(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor x = Gen.uniform(r, s, -2, 2);
        int[] perm = r.permutation(s.length);
        int a = Gen.axis(s, seed), b = Gen.axis(s, ~seed);
        assertGradients(v -> v[0].permute(perm).square(), x);
        assertGradients(v -> v[0].transpose(a, b).square(), x);
        assertGradients(v -> v[0].movedim(a, b).square(), x);
    }

    @Property(tries = TRIES)
    void flipAndNarrow(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor x = Gen.uniform(r, s, -2, 2);
        int axis = Gen.axis(s, seed), n = s[Math.floorMod(axis, s.length)];
        int start = r.nextInt(n), length = 1 + r.nextInt(n - start);
        int[] several = Arrays.copyOf(r.permutation(s.length), 1 + r.nextInt(s.length));
        assertGradients(v -> v[0].flip(axis).square(), x);
        assertGradients(v -> v[0].flip(several).square(), x);
        assertGradients(v -> v[0].narrow(axis, start, length).square(), x);
        assertGradients(v -> v[0].narrow(axis, start - n, length).square(), x);
    }

    @Property(tries = TRIES)
    void splitChunkAndStack(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        Tensor x = Gen.uniform(r, s, -2, 2), y = Gen.uniform(r, s, -2, 2);
        int axis = Gen.axis(s, seed), n = s[Math.floorMod(axis, s.length)];
        int size = 1 + r.nextInt(n), chunks = 1 + r.nextInt(4);
        // the pieces joined in reverse order, scaled by their position: each piece's gradient is its own
        assertGradients(v -> reversedAndScaled(v[0].split(size, axis), axis), x);
        assertGradients(v -> reversedAndScaled(v[0].chunk(chunks, axis), axis), x);
        assertGradients(v -> v[0].split(size, axis)[0].square(), x); // pieces not used get 0
        int[] sizes = {n - n / 2, 0, n / 2};
        assertGradients(v -> reversedAndScaled(v[0].split(sizes, axis), axis), x);
        int dim = r.nextInt(2 * s.length + 2) - s.length - 1;
        assertGradients(v -> Variable.stack(dim, v[0], v[1], v[0]).square(), x, y);
        assertGradients(v -> Variable.stack(dim, v[0], v[1]).square(), Variable.constant(x), Variable.parameter(y));
    }

    private static Variable reversedAndScaled(Variable[] pieces, int axis) {
        Variable[] parts = new Variable[pieces.length];
        for (int k = 0; k < pieces.length; k++) {
            parts[pieces.length - 1 - k] = pieces[k].mul(k + 1f);
        }
        return Variable.concat(axis, parts).square();
    }

    @Property(tries = TRIES)
    void trilAndTriu(@ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 1, max = 4) int n,
                     @ForAll @IntRange(min = -4, max = 4) int k, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), new int[] {2, m, n}, -2, 2);
        assertGradients(v -> v[0].tril(k).square(), x);
        assertGradients(v -> v[0].triu(k).square(), x);
    }
}
