package dev.descent.autograd;

import dev.descent.core.Indices;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.core.ValuesAndIndices;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static dev.descent.autograd.Gen.assertGradients;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gather, the values of sort and topk, cumsum and cumprod: analytic gradient = GradCheck's. Sort and topk get distinct
 * values 0.3 apart, so that the step of the numerical derivative never reorders them.
 */
class IndexGradientTest extends ShapeProviders {
    private static final int TRIES = 12;

    @Property(tries = TRIES)
    void gatherWithRepeats(@ForAll("dimsWithAxis") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        int axis = Gen.axis(s, seed), ax = Math.floorMod(axis, s.length);
        int[] shape = s.clone();
        shape[ax] = 1 + r.nextInt(5); // longer than the axis, often: repeated indices must add up
        for (int k = 0; k < shape.length; k++) {
            shape[k] = k == ax ? shape[k] : 1 + r.nextInt(s[k]);
        }
        int[] at = new int[dev.descent.core.Shape.of(shape).size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = r.nextInt(s[ax]);
        }
        Indices index = Indices.of(at, shape);
        assertGradients(v -> v[0].gather(axis, index).square(), Gen.uniform(r, s, -2, 2));
    }

    @Property(tries = TRIES)
    void sortAndTopkValues(@ForAll("dimsWithAxis") int[] s, @ForAll long seed, @ForAll boolean descending,
                           @ForAll boolean sorted) {
        Rng r = new Rng(seed);
        Tensor x = Gen.distinct(r, s);
        int axis = Gen.axis(s, seed), k = r.nextInt(s[Math.floorMod(axis, s.length)] + 1);
        assertGradients(v -> v[0].sort(axis, descending).values().square(), x);
        assertGradients(v -> v[0].topk(k, axis, descending, sorted).values().square(), x);
    }

    @Property(tries = TRIES)
    void cumsum(@ForAll("dims") int[] s, @ForAll long seed) {
        Tensor x = Gen.uniform(new Rng(seed), s, -2, 2);
        int dim = s.length == 0 ? 0 : Gen.axis(s, seed);
        assertGradients(v -> v[0].cumsum(dim).square(), x);
    }

    @Property(tries = TRIES)
    void cumprodWithAndWithoutZeros(@ForAll("dims") int[] s, @ForAll long seed, @ForAll @IntRange(max = 2) int zeros) {
        Rng r = new Rng(seed);
        Tensor x = Gen.uniform(r, s, -1.5f, 1.5f);
        for (int z = 0; z < zeros; z++) { // the product is a polynomial: smooth at 0, where the division formula fails
            x.setFlat(r.nextInt(x.size()), 0f);
        }
        int dim = s.length == 0 ? -1 : Gen.axis(s, seed);
        assertGradients(v -> v[0].cumprod(dim), x);
    }

    @Test
    void indicesComeWithTheValuesAndCarryNoGradient() {
        Variable x = Variable.parameter(Tensor.vector(3f, 1f, 2f));
        ValuesAndIndices<Variable> top = x.topk(2);
        assertArrayEquals(new int[] {0, 2}, top.indices().toArray());
        assertArrayEquals(new float[] {3f, 2f}, top.values().value().toArray());
        top.values().backward(Tensor.vector(10f, 20f));
        assertArrayEquals(new float[] {10f, 0f, 20f}, x.grad().toArray());
        Variable scalar = Variable.parameter(Tensor.scalar(4f));
        Variable y = scalar.sort(0, false).values();
        assertEquals(0, y.value().rank());
        y.backward(Tensor.scalar(2f));
        assertTrue(scalar.grad().sameBits(Tensor.scalar(2f)));
    }
}
