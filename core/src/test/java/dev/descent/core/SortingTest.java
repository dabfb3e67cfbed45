package dev.descent.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sort, argsort and topk: every slice comes out as a permutation of itself, in order, ties by index; topk is the head
 * of the sort; the values are the elements the indices point at. Inputs are full of ties, signed zeros, infinities
 * and NaNs, along every axis.
 */
class SortingTest {
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            1f, -1f, 2.5f};

    private static Tensor randomTensor(Rng rng) {
        int[] dims = Shapes.random(rng, 3, 6);
        if (dims.length > 0 && rng.nextInt(3) == 0) {
            dims[rng.nextInt(dims.length)] = 1 + rng.nextInt(100); // longer slices
        }
        Tensor x = Tensor.zeros(dims);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, rng.nextInt(3) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : rng.nextInt(5) - 2);
        }
        return rng.nextInt(2) == 0 ? x : TorchOps.offsetView(x);
    }

    /** PyTorch's order: −0 = +0, NaN above everything and equal to itself. */
    private static int compare(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Boolean.compare(Float.isNaN(a), Float.isNaN(b));
        }
        return a < b ? -1 : a > b ? 1 : 0;
    }

    @Property(tries = 200)
    void sortIsAStablePermutationInOrder(@ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = randomTensor(rng);
        for (int axis = 0; axis < x.rank(); axis++) {
            for (boolean descending : new boolean[] {false, true}) {
                ValuesAndIndices<Tensor> sorted = x.sort(axis, descending);
                double[][] in = Reference.slices(x, axis), values = Reference.slices(sorted.values(), axis);
                double[][] indices = Reference.slices(sorted.indices().toTensor(), axis);
                for (int s = 0; s < in.length; s++) {
                    String where = "axis " + axis + " descending " + descending + " of " + x.shape() + ", slice " + s;
                    int n = in[s].length;
                    boolean[] seen = new boolean[n];
                    for (int j = 0; j < n; j++) {
                        int from = (int) indices[s][j];
                        assertTrue(!seen[from], where + ": index " + from + " twice");
                        seen[from] = true;
                        assertEquals(Float.floatToRawIntBits((float) in[s][from]),
                                Float.floatToRawIntBits((float) values[s][j]), where + ": the value of index " + from);
                        if (j > 0) {
                            int c = compare((float) values[s][j - 1], (float) values[s][j]) * (descending ? -1 : 1);
                            assertTrue(c < 0 || c == 0 && indices[s][j - 1] < indices[s][j], where + " at " + j);
                        }
                    }
                }
                assertTrue(sorted.values().sameBits(x.gather(axis, sorted.indices())), "gather by the indices");
                assertEquals(sorted.indices(), x.argsort(axis - x.rank(), descending));
            }
        }
    }

    @Property(tries = 150)
    void topkIsTheHeadOfTheSort(@ForAll long seed) {
        Rng rng = new Rng(seed);
        Tensor x = randomTensor(rng);
        if (x.rank() == 0) {
            return;
        }
        int axis = rng.nextInt(x.rank()), k = rng.nextInt(x.dim(axis) + 1);
        boolean largest = rng.nextInt(2) == 0;
        ValuesAndIndices<Tensor> sorted = x.sort(axis, largest);
        ValuesAndIndices<Tensor> top = x.topk(k, axis, largest, true);
        assertTrue(sorted.values().narrow(axis, 0, k).sameBits(top.values()));
        assertTrue(sorted.indices().toTensor().narrow(axis, 0, k).sameBits(top.indices().toTensor()));
        // unsorted: the same elements, in the order they hold along the axis
        ValuesAndIndices<Tensor> unsorted = x.topk(k, axis, largest, false);
        double[][] a = Reference.slices(top.indices().toTensor(), axis);
        double[][] b = Reference.slices(unsorted.indices().toTensor(), axis);
        for (int s = 0; s < a.length; s++) {
            Arrays.sort(a[s]);
            assertArrayEquals(a[s], b[s], "the same indices, ascending");
        }
        assertTrue(unsorted.values().sameBits(x.gather(axis, unsorted.indices())));
    }

    @Test
    void pyTorchsOrderOfSpecialValues() {
        Tensor x = Tensor.vector(3f, Float.NaN, 1f, -0f, 0f, 1f, Float.NEGATIVE_INFINITY, Float.NaN);
        // torch.sort(x) and torch.sort(x, descending=True) in PyTorch 1.13
        assertArrayEquals(new int[] {6, 3, 4, 2, 5, 0, 1, 7}, x.argsort(0, false).toArray());
        assertArrayEquals(new int[] {1, 7, 0, 2, 5, 3, 4, 6}, x.argsort(0, true).toArray());
        assertArrayEquals(new int[] {1, 7, 0}, x.topk(3).indices().toArray());
        assertArrayEquals(new int[] {6, 3, 4}, x.topk(3, 0, false, true).indices().toArray());
        assertEquals(Integer.MIN_VALUE, Float.floatToRawIntBits(x.sort(0, false).values().getFlat(1)), "−0 kept");
        assertTrue(Sorting.key(Float.intBitsToFloat(0xffc00001), false) == Sorting.key(Float.NaN, false),
                "every NaN is the same NaN");
    }

    @Test
    void keysOrderFloatsAsTheirValues() {
        float[] ascending = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_NORMAL, -Float.MIN_VALUE, 0f,
                Float.MIN_VALUE, Float.MIN_NORMAL, 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN};
        for (int i = 1; i < ascending.length; i++) {
            assertTrue(Sorting.key(ascending[i - 1], false) < Sorting.key(ascending[i], false), "at " + i);
            assertTrue(Sorting.key(ascending[i - 1], true) > Sorting.key(ascending[i], true), "descending at " + i);
        }
        assertEquals(Sorting.key(0f, false), Sorting.key(-0f, false));
    }
}
